import { PropertyMeError } from './propertyme-error.js';

/** Why the loopback callback server gave up waiting for the authorization response. */
export type CallbackFailure =
  | 'state_mismatch'
  | 'missing_code'
  | 'authorization_error'
  | 'timeout'
  | 'port_in_use'
  | 'listen_failed'
  | 'aborted';

/**
 * A failed browser sign-in at the loopback redirect URI (RFC 8252 section 7.3): the port was taken,
 * the `state` did not match, the identity server returned an error, or no callback came in time.
 */
export class CallbackError extends PropertyMeError {
  readonly reason: CallbackFailure;

  constructor(message: string, details: { reason: CallbackFailure; cause?: unknown }) {
    super('E_CALLBACK', message, { cause: details.cause });
    this.reason = details.reason;
  }
}

export function isCallbackError(value: unknown): value is CallbackError {
  return value instanceof CallbackError;
}
