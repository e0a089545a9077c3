// Progress lines on stderr. A terminal gets one status line rewritten in place. A pipe or a file gets
// only the finished lines, so logs stay readable.
import type { TerminalInfo } from './terminal.js';

/** Shortest time between two redraws of the status line, in milliseconds. */
const REDRAW_INTERVAL_MS = 100;
const CLEAR_LINE = '\r\u001b[2K';

export class Progress {
  readonly #out: NodeJS.WritableStream;
  readonly #terminal: TerminalInfo;
  readonly #now: () => number;
  #lastDraw = -Infinity;
  #shown = false;

  constructor(out: NodeJS.WritableStream, terminal: TerminalInfo, now: () => number = Date.now) {
    this.#out = out;
    this.#terminal = terminal;
    this.#now = now;
  }

  /** Replaces the status line, at most once per 100 ms unless `force`; does nothing off a terminal. */
  status(text: string, force = false): void {
    if (!this.#terminal.isTTY) return;
    const now = this.#now();
    if (!force && now - this.#lastDraw < REDRAW_INTERVAL_MS) return;

    this.#lastDraw = now;
    const width = this.#terminal.columns ?? 80;
    // A status line longer than the terminal would wrap, and `\r` would then redraw only its tail.
    const line = text.length >= width ? `${text.slice(0, width - 2)}…` : text;
    this.#out.write(`${CLEAR_LINE}${line}`);
    this.#shown = true;
  }

  /** Clears the status line and prints a finished line, on a terminal or not. */
  done(text: string): void {
    this.clear();
    this.#out.write(`${text}\n`);
  }

  clear(): void {
    if (!this.#shown) return;
    this.#out.write(CLEAR_LINE);
    this.#shown = false;
  }
}
