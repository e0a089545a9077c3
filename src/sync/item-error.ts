// The error for a list item that cannot become a row, the same on every target.
import { SyncError } from '../errors/sync-error.js';

/**
 * Returns a SyncError naming the entity and the problem when `error` is a SyntaxError or TypeError
 * from converting an item, and undefined for any other error.
 */
export function itemError(error: unknown, location: string, entity: string): SyncError | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  if (name !== 'SyntaxError' && name !== 'TypeError') return undefined;
  const message = (error as Error).message;
  const problem = name === 'SyntaxError' ? `an item that is not valid JSON (${message})` : `an item that is not a record: ${message}`;
  return new SyncError(`PropertyMe's ${entity} list has ${problem}; nothing of ${entity} was written.`, {
    reason: 'entity-failed',
    target: location,
    entity,
    cause: error,
  });
}
