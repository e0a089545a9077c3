import { PropertyMeError } from './propertyme-error.js';

/**
 * An error response from the identity server (RFC 6749 section 5.2), such as `invalid_grant` or
 * `invalid_client`. `error` holds the OAuth error code; the response body travels in `cause`.
 */
export class OAuthError extends PropertyMeError {
  readonly error: string;
  readonly errorDescription: string | undefined;

  constructor(message: string, details: { error: string; errorDescription?: string; cause?: unknown }) {
    super('E_OAUTH', message, { cause: details.cause });
    this.error = details.error;
    this.errorDescription = details.errorDescription;
  }
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
