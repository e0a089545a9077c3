// Syncs one entity: reads it from PropertyMe, finds its deleted records, and writes its rows with
// the cursor in one transaction. A failure leaves the entity's rows and cursor as they were.
import type { RequestOptions } from '../api/operation-spec.js';
import type { EntityName } from '../client/entities.js';
import type { EntitySyncResult, SyncOptions, SyncPhase, WriteQueue } from './engine.js';
import { findDeleted } from './find-deleted.js';
import { readEntity, type EntityRead, type RecordReceiver } from './read-entity.js';
import { toRowConsuming, type Row } from './row.js';
import { tables } from './schema.js';
import type { EntityState, EntityWriter, SyncTarget, WriteCounts } from './target.js';

/**
 * Entities whose lists are usually the largest (contacts and job tasks: 43 MB and 29 MB of the
 * sandbox's 116 MB large portfolio). At most one of them is read and written at a time, because on
 * a target without `beginWrite` each keeps all its rows in memory until it writes them.
 */
export const LARGE_ENTITIES: ReadonlySet<EntityName> = new Set(['contacts', 'jobs']);

/** State shared by the steps of one entity's sync. A failed result reports `requests` and `read` as they stand. */
interface EntityRun {
  name: EntityName;
  target: SyncTarget;
  options: SyncOptions;
  requestOptions: RequestOptions;
  /** `performance.now()` when the entity started. */
  started: number;
  syncedAt: string;
  report: (phase: SyncPhase, records: number, result?: EntitySyncResult) => void;
  requests: number;
  read: number;
}

/** Rows of the entity being read, passed to `writer` when one is open and otherwise kept in `rows`. */
interface RowSink {
  /** Ids of every row received, for finding deleted records. */
  seen: Set<string>;
  rows: Row[];
  writer?: EntityWriter;
}

/** Syncs one entity. A failure to read or write returns a result with status `failed` and the `error`. */
export async function syncEntity(
  name: EntityName,
  target: SyncTarget,
  options: SyncOptions,
  now: () => Date,
  writeInTurn: WriteQueue,
): Promise<EntitySyncResult> {
  const started = performance.now();
  const syncedAt = now().toISOString();
  const report = (phase: SyncPhase, records: number, result?: EntitySyncResult) => options.onProgress?.({ entity: name, phase, records, result });
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const run: EntityRun = { name, target, options, requestOptions, started, syncedAt, report, requests: 0, read: 0 };
  let state: EntityState | undefined;

  try {
    state = await target.readState(name);
    report('reading', 0);
    const sink: RowSink = { seen: new Set<string>(), rows: [] };
    const { entityRead, counts } = streamsRows(name, target)
      ? await writeInTurn(() => streamIntoWriter(run, state, sink, writeInTurn))
      : await readAndWrite(run, state, sink, writeInTurn);

    const result = committedResult(run, state, entityRead, counts);
    report('committed', run.read, result);
    return result;
  } catch (error) {
    const result = failedResult(run, state, error);
    report('failed', run.read, result);
    return result;
  }
}

// A large entity on a single-connection target writes each row as it arrives, inside a
// transaction that stays open while the list is read, so its rows are never all in memory.
// NOTE: SQLite's write lock is then held while the list downloads, so another program writing
// the same file waits that long, up to its busy timeout.
function streamsRows(name: EntityName, target: SyncTarget): boolean {
  return target.beginWrite !== undefined && LARGE_ENTITIES.has(name);
}

/** Opens the entity's writer and streams the read into it. Call it only inside `writeInTurn`. */
async function streamIntoWriter(run: EntityRun, state: EntityState | undefined, sink: RowSink, writeInTurn: WriteQueue) {
  sink.writer = run.target.beginWrite!(run.name, { dryRun: run.options.dryRun });
  try {
    return await readAndWrite(run, state, sink, writeInTurn);
  } catch (error) {
    sink.writer.abort();
    throw error;
  }
}

async function readAndWrite(run: EntityRun, state: EntityState | undefined, sink: RowSink, writeInTurn: WriteQueue) {
  const { name, target, options } = run;
  const entityRead = await readEntity(options.client, name, state, options.full === true, run.requestOptions, createReceiver(run, sink));
  run.requests += entityRead.requests;
  run.read = entityRead.count;

  // Only a complete read shows what is gone, so incremental runs flag no deletions of entities
  // with change tracking: `full` runs, and every run of members and tenancies, do.
  const deletedIds = entityRead.complete ? await findDeletedIds(run, sink.seen) : [];

  run.report('writing', run.read);
  const changes = { deletedIds, cursor: entityRead.cursor, archivedSince: entityRead.archivedSince, syncedAt: run.syncedAt };
  const counts = sink.writer
    ? sink.writer.finish(changes)
    : await writeInTurn(() => target.write({ entity: name, rows: sink.rows, ...changes }, { dryRun: options.dryRun }));
  return { entityRead, counts };
}

function createReceiver(run: EntityRun, sink: RowSink): RecordReceiver {
  const spec = tables[run.name];
  // Each record becomes a row as soon as it is parsed: the row's JSON text takes far less memory
  // than the record's objects, which the garbage collector can then reclaim.
  // NOTE: splitting, parsing, mapping, serialising and upserting every record all run on this one
  // thread: about 4.5 s of CPU for the large sandbox portfolio against 1.8 s for a bare fetch and
  // JSON.parse (bench/sync.ts, 2 shared vCPUs), and a full sync measured 2.8 to 3.1x that floor.
  return {
    record: (record) => {
      const row = toRowConsuming(spec, record);
      sink.seen.add(row.id);
      if (sink.writer) sink.writer.write(row);
      else sink.rows.push(row);
    },
    restart: () => {
      sink.seen.clear();
      sink.rows.length = 0;
      if (sink.writer) {
        sink.writer.abort();
        sink.writer = run.target.beginWrite!(run.name, { dryRun: run.options.dryRun });
      }
    },
  };
}

/** Returns the ids of live rows that the read did not return and that `findDeleted` finds gone. */
async function findDeletedIds(run: EntityRun, seen: ReadonlySet<string>): Promise<string[]> {
  run.report('checking-deleted', run.read);
  const missing = [...(await run.target.liveIds(run.name))].filter((id) => !seen.has(id));
  const deleted = await findDeleted(run.options.client, run.name, missing, run.requestOptions);
  run.requests += deleted.requests;
  return deleted.deletedIds;
}

function committedResult(run: EntityRun, state: EntityState | undefined, entityRead: EntityRead, counts: WriteCounts): EntitySyncResult {
  const { options } = run;
  return {
    entity: run.name,
    mode: entityRead.complete ? 'full' : 'incremental',
    status: options.dryRun ? 'rolled-back' : 'committed',
    read: run.read,
    requests: run.requests,
    seconds: (performance.now() - run.started) / 1000,
    cursor: options.dryRun ? (state?.cursor ?? null) : entityRead.cursor,
    ...counts,
  };
}

function failedResult(run: EntityRun, state: EntityState | undefined, error: unknown): EntitySyncResult {
  return {
    ...emptyCounts(),
    entity: run.name,
    mode: run.options.full || state === undefined ? 'full' : 'incremental',
    status: 'failed',
    read: run.read,
    requests: run.requests,
    seconds: (performance.now() - run.started) / 1000,
    cursor: state?.cursor ?? null,
    error,
  };
}

/** Reports and returns the result of an entity that an earlier failure kept from starting. */
export function skipped(name: EntityName, reason: unknown, options: SyncOptions): EntitySyncResult {
  const result: EntitySyncResult = {
    ...emptyCounts(),
    entity: name,
    mode: options.full ? 'full' : 'incremental',
    status: 'skipped',
    read: 0,
    requests: 0,
    seconds: 0,
    cursor: null,
    error: reason,
  };
  options.onProgress?.({ entity: name, phase: 'skipped', records: 0, result });
  return result;
}

function emptyCounts(): WriteCounts {
  return { inserted: 0, updated: 0, unchanged: 0, archived: 0, deleted: 0, rowCount: 0 };
}
