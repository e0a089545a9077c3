import { PropertyMeError } from './propertyme-error.js';

/** What is wrong with the stored token. */
export type TokenProblem = 'missing' | 'corrupt' | 'not_refreshable' | 'lock_failed' | 'write_failed';

/**
 * A token file that is missing, unreadable or malformed, or a stored token that cannot be refreshed.
 * `path` is the token file involved, when there is one.
 */
export class TokenError extends PropertyMeError {
  readonly problem: TokenProblem;
  readonly path: string | undefined;

  constructor(message: string, details: { problem: TokenProblem; path?: string; cause?: unknown }) {
    super('E_TOKEN', message, { cause: details.cause });
    this.problem = details.problem;
    this.path = details.path;
  }
}

export function isTokenError(value: unknown): value is TokenError {
  return value instanceof TokenError;
}
