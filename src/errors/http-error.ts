import { PropertyMeError } from './propertyme-error.js';

/** Why a response counts as a failure; derived from the status code and the operation's contract entry. */
export type HttpErrorReason =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'missing-parameter'
  | 'server-error'
  | 'invalid-response'
  | 'unexpected-status';

/** Maximum number of response-body characters kept on an error. */
export const MAX_ERROR_BODY_LENGTH = 500;

/**
 * A response from the PropertyMe API that the client could not use: a status outside 2xx, or a 2xx
 * body that is not valid JSON. The body is truncated; request headers are never kept.
 */
export class HttpError extends PropertyMeError {
  readonly status: number;
  readonly reason: HttpErrorReason;
  readonly operationId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The first characters of the response body. */
  readonly body: string;
  /** Seconds from the `Retry-After` header of a 429 or 503, when present. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    details: {
      status: number;
      reason: HttpErrorReason;
      operationId?: string;
      method: string;
      path: string;
      body: string;
      retryAfterSeconds?: number;
      cause?: unknown;
    },
  ) {
    super('E_HTTP', message, { cause: details.cause });
    this.status = details.status;
    this.reason = details.reason;
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.body = truncate(details.body);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError;
}

function truncate(text: string): string {
  return text.length <= MAX_ERROR_BODY_LENGTH ? text : `${text.slice(0, MAX_ERROR_BODY_LENGTH)}… (${text.length} characters)`;
}
