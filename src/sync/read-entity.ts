// Reads one entity from PropertyMe for a sync run: everything, or only what changed since the
// cursor, and works out the cursor to store with the rows.
import type { RequestOptions } from '../api/operation-spec.js';
import type { Client } from '../client/client.js';
import { entities, type EntityName } from '../client/entities.js';
import { paginate } from '../client/paginate.js';
import type { EntityState } from './target.js';

type Records = Array<Record<string, unknown>>;

/** Archived lots requested per page of `/v1/lots/archived`. */
export const ARCHIVED_PAGE_SIZE = 100;

export interface EntityRead {
  /** Records to upsert, in order; a later record with the same id replaces an earlier one. */
  records: Records;
  /** Whether every record of the entity was read, which makes missing ids candidates for deletion. */
  complete: boolean;
  cursor: string | null;
  archivedSince: string | null;
  /** API calls made, not counting the HTTP layer's retries. */
  requests: number;
}

/**
 * Reads an entity. Entities without change tracking (members, tenancies) are always read whole.
 * `state` is the entity's cursor row; without one, or with `full`, everything is read.
 */
export async function readEntity(client: Client, name: EntityName, state: EntityState | undefined, full: boolean, options: RequestOptions): Promise<EntityRead> {
  const entity = entities[name];
  const incremental = !full && state !== undefined && entity.listChanged !== undefined && state.cursor !== null;
  let requests = 1;

  // NOTE: a record's Timestamp covers its own fields only. Fields copied from related records, such
  // as a balance's tenant phone or an inspection's current rent, can be stale after an incremental
  // read, until a `full` run rewrites them.
  const records = incremental ? await entity.listChanged!(client, state!.cursor!, options) : await entity.listAll(client, options);
  let cursor: string | null = null;
  if (entity.changeTracking === 'timestamp') cursor = highestTimestamp(records, incremental ? state!.cursor : null);
  if (entity.changeTracking === 'last-updated') cursor = latestDate(records, 'updatedOn', incremental ? state!.cursor : null);

  let archivedSince: string | null = null;
  if (name === 'properties') {
    // Archived lots drop out of /v1/lots altogether, so they come from their own list. Incremental
    // runs ask only for lots archived on or after the latest archive date already stored.
    // NOTE: a lot archived with an `ArchivedOn` earlier than that date is missed until a full run.
    const since = incremental ? (state!.archivedSince ?? undefined) : undefined;
    const archived = await readArchivedLots(client, since, options);
    requests += archived.pages;
    for (const lot of archived.lots) records.push(lot);
    archivedSince = latestDate(archived.lots, 'archivedOn', since ?? null);
  }

  return { records, complete: !incremental, cursor, archivedSince, requests };
}

async function readArchivedLots(client: Client, archivedSince: string | undefined, options: RequestOptions): Promise<{ lots: Records; pages: number }> {
  let pages = 0;
  const lots: Records = [];
  const fetchPage = (offset: number, limit: number) => {
    pages++;
    return client.api.lotArchived({ offset, limit, archivedSince }, options) as Promise<Records>;
  };
  for await (const lot of paginate(fetchPage, { pageSize: ARCHIVED_PAGE_SIZE, signal: options.signal })) lots.push(lot);
  return { lots, pages };
}

/** Returns the highest `timestamp` of the records and `previous`, compared as bigint, as digits. */
export function highestTimestamp(records: Records, previous: string | null): string {
  let highest = previous === null ? 0n : BigInt(previous);
  for (const record of records) {
    const value = record.timestamp;
    const timestamp = typeof value === 'bigint' ? value : typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : undefined;
    if (timestamp !== undefined && timestamp > highest) highest = timestamp;
  }
  return highest.toString();
}

/** Returns the latest date-time among the records' `key` values and `previous`, or null when there is none. */
export function latestDate(records: Records, key: string, previous: string | null): string | null {
  let latest = previous;
  let latestMs = previous === null ? -Infinity : Date.parse(previous);
  for (const record of records) {
    const value = record[key];
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (ms > latestMs) {
      latest = value;
      latestMs = ms;
    }
  }
  return latest;
}
