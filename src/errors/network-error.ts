import { PropertyMeError } from './propertyme-error.js';

/** A request that never got an HTTP response: refused or reset connection, DNS failure, truncated body. */
export class NetworkError extends PropertyMeError {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;

  constructor(message: string, details: { method: string; path: string; operationId?: string; cause?: unknown }) {
    super('E_NETWORK', message, { cause: details.cause });
    this.method = details.method;
    this.path = details.path;
    this.operationId = details.operationId;
  }
}

export function isNetworkError(value: unknown): value is NetworkError {
  return value instanceof NetworkError;
}
