// Reads one entity from PropertyMe for a sync run: everything, or only what changed since the
// cursor. Items pass on as the JSON text PropertyMe sent, each with its JSON.parse result.
import type { RecordStreamOptions } from '../api/http-client.js';
import type { RequestOptions } from '../api/operation-spec.js';
import type { Client } from '../client/client.js';
import { entities, type EntityName } from '../client/entities.js';
import type { ItemSource, PreviousCursors } from './row.js';
import type { EntityState } from './target.js';

/** Archived lots requested per page of `/v1/lots/archived`. */
export const ARCHIVED_PAGE_SIZE = 100;

/** Receiver of the items that `readEntity` reads, in order. */
export interface ItemReceiver {
  /**
   * Takes items, and `values`, each item parsed with JSON.parse or undefined for one that is not
   * JSON. A later item with the same id replaces an earlier one, and the read waits for a returned
   * promise.
   */
  items(items: string[], values: unknown[], source: ItemSource): void | Promise<void>;
  /** Discards every item received so far: the read starts again after a failed response. */
  restart(): void | Promise<void>;
  /** Called before each API call of the read. */
  request?(): void;
}

export interface EntityRead {
  /** Items received. */
  count: number;
  /** Whether every record of the entity was read, which makes missing ids candidates for deletion. */
  complete: boolean;
}

/**
 * Decides how an entity is read: only what changed since its cursor, or everything (no stored
 * cursor, `full`, or an entity without change tracking). Returns the cursors that the new ones
 * start from, which are null for a complete read.
 */
export function readPlan(name: EntityName, state: EntityState | undefined, full: boolean): { incremental: boolean; previous: PreviousCursors } {
  const incremental = !full && state !== undefined && entities[name].listChanged !== undefined && state.cursor !== null;
  return {
    incremental,
    previous: incremental ? { cursor: state!.cursor, archivedSince: state!.archivedSince } : { cursor: null, archivedSince: null },
  };
}

/**
 * Reads an entity and passes its items to `receiver` as they arrive, so the entity's response is
 * never held whole. Entities without change tracking (members, tenancies) are always read whole.
 */
export async function readEntity(
  client: Client,
  name: EntityName,
  state: EntityState | undefined,
  full: boolean,
  options: RequestOptions,
  receiver: ItemReceiver,
): Promise<EntityRead> {
  const entity = entities[name];
  const { incremental } = readPlan(name, state, full);
  let count = 0;

  // These options pass through the client's list methods to HttpClient.call, which then streams
  // the list to `onItems` and returns an empty array.
  const streaming: RecordStreamOptions = {
    ...options,
    onItems: (items, values) => {
      count += items.length;
      return receiver.items(items, values, 'list');
    },
    onRestart: () => {
      count = 0;
      return receiver.restart();
    },
  };
  // NOTE: a record's Timestamp covers its own fields only. Fields copied from related records, such
  // as a balance's tenant phone or an inspection's current rent, can be stale after an incremental
  // read, until a `full` run rewrites them.
  receiver.request?.();
  if (incremental) await entity.listChanged!(client, state!.cursor!, streaming);
  else await entity.listAll(client, streaming);

  if (name === 'properties') {
    // Archived lots drop out of /v1/lots altogether, so they come from their own list. Incremental
    // runs ask only for lots archived on or after the latest archive date already stored.
    // NOTE: a lot archived with an `ArchivedOn` earlier than that date is missed until a full run.
    const since = incremental ? (state!.archivedSince ?? undefined) : undefined;
    count += await readArchivedLots(client, since, options, receiver);
  }

  return { count, complete: !incremental };
}

/**
 * Reads `/v1/lots/archived` page by page and returns the number of lots. Each page is small and is
 * passed on only once it has arrived whole, so a page that fails half-way is simply read again.
 */
async function readArchivedLots(
  client: Client,
  archivedSince: string | undefined,
  options: RequestOptions,
  receiver: ItemReceiver,
): Promise<number> {
  let count = 0;
  for (let offset = 0; ; offset += ARCHIVED_PAGE_SIZE) {
    let page: string[] = [];
    let values: unknown[] = [];
    const streaming: RecordStreamOptions = {
      ...options,
      onItems: (items, parsed) => {
        page.push(...items);
        values.push(...parsed);
      },
      onRestart: () => {
        page = [];
        values = [];
      },
    };
    receiver.request?.();
    await client.api.lotArchived({ offset, limit: ARCHIVED_PAGE_SIZE, archivedSince }, streaming);
    if (page.length > 0) await receiver.items(page, values, 'archived');
    count += page.length;
    if (page.length < ARCHIVED_PAGE_SIZE) return count;
  }
}
