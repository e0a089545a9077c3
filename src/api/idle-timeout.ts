// A timeout that measures silence rather than the whole request, so a large list that keeps arriving
// is never cut off, while a stalled one still is.

/** An AbortSignal that fires once `ms` milliseconds pass with the clock running and no progress. */
export class IdleTimeout {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
    this.restart();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Starts the wait again from zero, after progress. */
  restart(): void {
    this.stop();
    this.#timer = setTimeout(() => this.#controller.abort(new DOMException(`No progress for ${this.#ms} ms`, 'TimeoutError')), this.#ms);
    // The request itself keeps the process alive; the timer alone should not.
    this.#timer.unref();
  }

  /** Stops the clock, while the caller is busy with what already arrived or once the request ended. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
