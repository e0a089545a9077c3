/** Stable machine-readable codes, one per kind of runtime failure. */
export type PropertyMeErrorCode =
  | 'E_HTTP'
  | 'E_NETWORK'
  | 'E_TIMEOUT'
  | 'E_OAUTH'
  | 'E_CALLBACK'
  | 'E_CONFIG'
  | 'E_TOKEN'
  | 'E_SYNC';

/**
 * Base class of every runtime failure this package raises. Misuse of the API (a wrong argument type)
 * raises a plain `TypeError` instead.
 */
export class PropertyMeError extends Error {
  readonly code: PropertyMeErrorCode;

  constructor(code: PropertyMeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  // Subclasses keep their own class name in stack traces and `String(error)`.
  override get name(): string {
    return this.constructor.name;
  }
}

export function isPropertyMeError(value: unknown): value is PropertyMeError {
  return value instanceof PropertyMeError;
}
