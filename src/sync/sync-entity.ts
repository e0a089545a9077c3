// Syncs one entity: reads it from PropertyMe, finds its deleted records, and writes its rows with
// the cursor in one transaction. A failure leaves the entity's rows and cursor as they were.
import type { RequestOptions } from '../api/operation-spec.js';
import { entities, type EntityName } from '../client/entities.js';
import type { EntitySyncResult, SyncOptions, SyncPhase, WriteQueue } from './engine.js';
import { SyncError } from '../errors/sync-error.js';
import { findDeleted } from './find-deleted.js';
import { itemError } from './item-error.js';
import { readEntity, readPlan, type EntityRead, type ItemReceiver } from './read-entity.js';
import { RowBuilder, type Row } from './row.js';
import { tables } from './schema.js';
import type { EntityState, EntityWriter, SyncTarget, WriteCounts } from './target.js';

/**
 * Entities whose lists are usually the largest (contacts and job tasks: 43 MB and 29 MB of the
 * sandbox's 116 MB large portfolio). On PostgreSQL at most one of them is read at a time, because
 * each keeps all its rows in memory until its transaction. With one writer, each streams into it.
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
  state: EntityState | undefined;
  /** Converter of items into rows, which keeps the ids seen and the new cursor. Set once the state is read. */
  builder: RowBuilder | undefined;
  requests: number;
  read: number;
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
  const run: EntityRun = {
    name,
    target,
    options,
    requestOptions,
    started,
    syncedAt,
    report,
    state: undefined,
    builder: undefined,
    requests: 0,
    read: 0,
  };

  try {
    run.state = await target.readState(name);
    const { previous } = readPlan(name, run.state, options.full === true);
    run.builder = new RowBuilder(tables[name], entities[name].changeTracking, previous);
    report('reading', 0);
    let written: { entityRead: EntityRead; counts: WriteCounts };
    if (!target.oneWriter) written = await readIntoWriter(run);
    // With one writer, a large entity's items go to it as they arrive, inside the entity's turn, so
    // they are never all in memory. A smaller entity is read first and written when its turn comes.
    // The turn is taken before the request is sent: a request waiting for the turn would hold one of
    // the client's connections, which the entity writing may need to look up deleted records.
    else if (LARGE_ENTITIES.has(name)) written = await writeInTurn(() => readIntoWriter(run));
    else written = await readThenWrite(run, writeInTurn);

    const result = committedResult(run, written.entityRead, written.counts);
    report('committed', run.read, result);
    return result;
  } catch (error) {
    const result = failedResult(run, error);
    report('failed', run.read, result);
    return result;
  }
}

async function openWriter(run: EntityRun): Promise<EntityWriter> {
  return run.target.openWriter(run.name, { dryRun: run.options.dryRun });
}

/** Opens the entity's writer and streams the read into it. */
async function readIntoWriter(run: EntityRun) {
  const writer = await openWriter(run);
  try {
    const entityRead = await readEntity(run.options.client, run.name, run.state, run.options.full === true, run.requestOptions, building(run, {
      rows: (rows) => writer.write(rows),
      restart: () => writer.restart(),
    }));
    return await finishWrite(run, writer, entityRead);
  } catch (error) {
    await writer.abort().catch(() => {});
    throw error;
  }
}

/** Reads the entity's rows into memory, then writes them once the queue lets it. */
async function readThenWrite(run: EntityRun, writeInTurn: WriteQueue) {
  let batches: Row[][] = [];
  const entityRead = await readEntity(run.options.client, run.name, run.state, run.options.full === true, run.requestOptions, building(run, {
    rows: (rows) => {
      batches.push(rows);
    },
    restart: () => {
      batches = [];
    },
  }));
  return writeInTurn(async () => {
    const writer = await openWriter(run);
    try {
      for (let index = 0; index < batches.length; index++) {
        const batch = batches[index]!;
        // Dropping each batch once sent lets the garbage collector reclaim it while the rest is written.
        batches[index] = undefined as never;
        await writer.write(batch);
      }
      batches = [];
      return await finishWrite(run, writer, entityRead);
    } catch (error) {
      await writer.abort().catch(() => {});
      throw error;
    }
  });
}

/** Receiver of the rows that `building` makes. */
interface RowReceiver {
  rows(rows: Row[]): void | Promise<void>;
  restart(): void | Promise<void>;
}

/**
 * Turns the read's items into rows for `receiver`, and counts them and the requests into `run` as
 * they happen, so a failed result reports them.
 */
function building(run: EntityRun, receiver: RowReceiver): ItemReceiver {
  const builder = run.builder!;
  return {
    items: (items, values, source) => {
      const rows = new Array<Row>(items.length);
      try {
        for (let index = 0; index < items.length; index++) rows[index] = builder.build(items[index]!, source, values[index]);
      } catch (error) {
        throw itemError(error, run.target.location, run.name) ?? error;
      }
      run.read += items.length;
      return receiver.rows(rows);
    },
    restart: () => {
      run.read = 0;
      builder.reset();
      return receiver.restart();
    },
    request: () => {
      run.requests++;
    },
  };
}

/** Finds deleted records after a complete read, then stores them and the cursor. */
async function finishWrite(run: EntityRun, writer: EntityWriter, entityRead: EntityRead) {
  run.read = entityRead.count;
  // Only a complete read shows what is gone, so incremental runs flag no deletions of entities
  // with change tracking: `full` runs, and every run of members and tenancies, do.
  let deletedIds: string[] = [];
  if (entityRead.complete) {
    run.report('checking-deleted', run.read);
    const seen = run.builder!.seen;
    const missing = (await writer.liveIds()).filter((id) => !seen.has(id));
    // An empty list where the mirror has rows is far likelier a faulty response than every record
    // deleted at once, and members and tenancies have no single reads to tell the two apart.
    if (entityRead.count === 0 && missing.length > 0) {
      throw new SyncError(
        `PropertyMe returned no ${run.name} at all, but the mirror has ${missing.length} live rows of them; nothing was flagged deleted. Check the API URL and run again.`,
        { reason: 'entity-failed', entity: run.name, target: run.target.location },
      );
    }
    const deleted = await findDeleted(run.options.client, run.name, missing, run.requestOptions);
    run.requests += deleted.requests;
    deletedIds = deleted.deletedIds;
  }
  run.report('writing', run.read);
  const { cursor, archivedSince } = run.builder!;
  const counts = await writer.finish({ deletedIds, syncedAt: run.syncedAt, cursor, archivedSince });
  return { entityRead, counts };
}

function committedResult(run: EntityRun, entityRead: EntityRead, counts: WriteCounts): EntitySyncResult {
  const { options } = run;
  const cursor = run.builder!.cursor;
  return {
    ...counts,
    entity: run.name,
    mode: entityRead.complete ? 'full' : 'incremental',
    status: options.dryRun ? 'rolled-back' : 'committed',
    read: run.read,
    requests: run.requests,
    seconds: (performance.now() - run.started) / 1000,
    cursor: options.dryRun ? (run.state?.cursor ?? null) : cursor,
  };
}

function failedResult(run: EntityRun, error: unknown): EntitySyncResult {
  const { state } = run;
  return {
    ...emptyCounts(),
    // The transaction was rolled back, so the rows stored before this run are all still there.
    rowCount: state?.rowCount ?? 0,
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
