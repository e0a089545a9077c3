/** A counting semaphore: at most `limit` holders at once, the rest wait in arrival order. */
export class ConcurrencyLimit {
  readonly limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`maxConcurrency must be a positive integer, not ${limit}`);
    this.limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing holder hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (this.#active < this.limit) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));

    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}
