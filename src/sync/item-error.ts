// The error for a list item that cannot become a row, the same on every target.
import { SyncError } from '../errors/sync-error.js';

/**
 * Returns a SyncError naming the entity and the problem when `error` is an ItemError from
 * converting an item (by name, since it may come from the writer thread), else undefined.
 */
export function itemError(error: unknown, location: string, entity: string): SyncError | undefined {
  if ((error as { name?: unknown } | null)?.name !== 'ItemError') return undefined;
  return new SyncError(`PropertyMe's ${entity} list has ${(error as Error).message}; nothing of ${entity} was written.`, {
    reason: 'entity-failed',
    target: location,
    entity,
    cause: error,
  });
}
