// Reads one entity from PropertyMe for a sync run: everything, or only what changed since the
// cursor, and works out the cursor to store with the rows.
import type { RecordStreamOptions } from '../api/http-client.js';
import type { RequestOptions } from '../api/operation-spec.js';
import type { Client } from '../client/client.js';
import { entities, type ChangeTracking, type EntityName } from '../client/entities.js';
import { paginate } from '../client/paginate.js';
import type { EntityState } from './target.js';

type Records = Array<Record<string, unknown>>;

/** Archived lots requested per page of `/v1/lots/archived`. */
export const ARCHIVED_PAGE_SIZE = 100;

/** Receiver of the records that `readEntity` reads, one at a time and in order. */
export interface RecordReceiver {
  /** Takes one record; a later record with the same id replaces an earlier one. */
  record(record: Record<string, unknown>): void;
  /** Discards every record received so far: the read starts again after a failed response. */
  restart(): void;
}

export interface EntityRead {
  /** Records received. */
  count: number;
  /** Whether every record of the entity was read, which makes missing ids candidates for deletion. */
  complete: boolean;
  cursor: string | null;
  archivedSince: string | null;
  /** API calls made, not counting the HTTP layer's retries. */
  requests: number;
}

/**
 * Reads an entity and sends each record to `receiver` as it is parsed, so the entity's response is
 * never held whole. Entities without change tracking (members, tenancies) are always read whole.
 * `state` is the entity's cursor row; without one, or with `full`, everything is read.
 */
export async function readEntity(
  client: Client,
  name: EntityName,
  state: EntityState | undefined,
  full: boolean,
  options: RequestOptions,
  receiver: RecordReceiver,
): Promise<EntityRead> {
  const entity = entities[name];
  const incremental = !full && state !== undefined && entity.listChanged !== undefined && state.cursor !== null;
  let requests = 1;
  const cursor = new CursorTracker(entity.changeTracking, incremental ? state!.cursor : null);
  let count = 0;
  const take = (record: Record<string, unknown>) => {
    cursor.see(record);
    count++;
    receiver.record(record);
  };

  // These options pass through the client's list methods to HttpClient.call, which then streams
  // the list to `onRecord` and returns an empty array.
  const streaming: RecordStreamOptions = {
    ...options,
    onRecord: (record) => take(record as Record<string, unknown>),
    onRestart: () => {
      cursor.reset();
      count = 0;
      receiver.restart();
    },
  };
  // NOTE: a record's Timestamp covers its own fields only. Fields copied from related records, such
  // as a balance's tenant phone or an inspection's current rent, can be stale after an incremental
  // read, until a `full` run rewrites them.
  const returned = incremental ? await entity.listChanged!(client, state!.cursor!, streaming) : await entity.listAll(client, streaming);
  for (const record of returned) take(record);

  let archivedSince: string | null = null;
  if (name === 'properties') {
    // Archived lots drop out of /v1/lots altogether, so they come from their own list. Incremental
    // runs ask only for lots archived on or after the latest archive date already stored.
    // NOTE: a lot archived with an `ArchivedOn` earlier than that date is missed until a full run.
    const since = incremental ? (state!.archivedSince ?? undefined) : undefined;
    const archived = await readArchivedLots(client, since, options);
    requests += archived.pages;
    archivedSince = latestDate(archived.lots, 'archivedOn', since ?? null);
    // The cursor stays that of /v1/lots: archived lots are not part of that list's Timestamp order.
    for (const lot of archived.lots) {
      count++;
      receiver.record(lot);
    }
  }

  return { count, complete: !incremental, cursor: cursor.value, archivedSince, requests };
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

/** Works out an entity's next cursor from the records as they arrive. */
class CursorTracker {
  readonly #tracking: ChangeTracking;
  readonly #previous: string | null;
  #highest = 0n;
  #latest: string | null = null;
  #latestMs = -Infinity;

  constructor(tracking: ChangeTracking, previous: string | null) {
    this.#tracking = tracking;
    this.#previous = previous;
    this.reset();
  }

  reset(): void {
    const previous = this.#previous;
    this.#highest = this.#tracking === 'timestamp' && previous !== null ? BigInt(previous) : 0n;
    this.#latest = this.#tracking === 'last-updated' ? previous : null;
    this.#latestMs = this.#latest === null ? -Infinity : Date.parse(this.#latest);
  }

  see(record: Record<string, unknown>): void {
    if (this.#tracking === 'timestamp') {
      const timestamp = timestampOf(record);
      if (timestamp !== undefined && timestamp > this.#highest) this.#highest = timestamp;
    } else if (this.#tracking === 'last-updated') {
      const value = record.updatedOn;
      if (typeof value !== 'string') return;
      const ms = Date.parse(value);
      if (ms > this.#latestMs) {
        this.#latest = value;
        this.#latestMs = ms;
      }
    }
  }

  /** The digits of the highest Timestamp, the latest `updatedOn`, or null for entities without change tracking. */
  get value(): string | null {
    if (this.#tracking === 'timestamp') return this.#highest.toString();
    return this.#tracking === 'last-updated' ? this.#latest : null;
  }
}

function timestampOf(record: Record<string, unknown>): bigint | undefined {
  const value = record.timestamp;
  if (typeof value === 'bigint') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : undefined;
}

/** Returns the highest `timestamp` of the records and `previous`, compared as bigint, as digits. */
export function highestTimestamp(records: Records, previous: string | null): string {
  let highest = previous === null ? 0n : BigInt(previous);
  for (const record of records) {
    const timestamp = timestampOf(record);
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
