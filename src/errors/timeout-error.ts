import { PropertyMeError } from './propertyme-error.js';

/** A request that did not complete within its time limit. */
export class TimeoutError extends PropertyMeError {
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(message: string, details: { method: string; path: string; timeoutMs: number; cause?: unknown }) {
    super('E_TIMEOUT', message, { cause: details.cause });
    this.method = details.method;
    this.path = details.path;
    this.timeoutMs = details.timeoutMs;
  }
}

export function isTimeoutError(value: unknown): value is TimeoutError {
  return value instanceof TimeoutError;
}
