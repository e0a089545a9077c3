import { PropertyMeError } from './propertyme-error.js';

/** What went wrong in a sync run. */
export type SyncFailure =
  | 'invalid-target'
  | 'target-unreachable'
  | 'target-locked'
  | 'disk-full'
  | 'target-failed'
  | 'entity-failed';

/**
 * A sync run that could not open or write its target, or an entity that failed and was rolled back.
 * `target` is the connection string with any password replaced by `***`; the lower error is `cause`.
 */
export class SyncError extends PropertyMeError {
  readonly reason: SyncFailure;
  readonly target: string | undefined;
  /** Entity whose transaction failed, for `entity-failed` and write failures. */
  readonly entity: string | undefined;

  constructor(message: string, details: { reason: SyncFailure; target?: string; entity?: string; cause?: unknown }) {
    super('E_SYNC', message, { cause: details.cause });
    this.reason = details.reason;
    this.target = details.target;
    this.entity = details.entity;
  }
}

export function isSyncError(value: unknown): value is SyncError {
  return value instanceof SyncError;
}
