// Runs a sync: reads each entity from PropertyMe and writes it with its cursor in one transaction,
// several entities at a time. An entity that fails leaves its rows and cursor as they were.
import type { Client } from '../client/client.js';
import { entityNames, type EntityName } from '../client/entities.js';
import { isPropertyMeError } from '../errors/propertyme-error.js';
import { isHttpError } from '../errors/http-error.js';
import { isSyncError } from '../errors/sync-error.js';
import { findDeleted } from './find-deleted.js';
import { openTarget, type OpenTargetOptions } from './open-target.js';
import { readEntity, type RecordReceiver } from './read-entity.js';
import { toRowConsuming, type Row } from './row.js';
import { tables } from './schema.js';
import type { EntityWriter, SyncTarget, WriteCounts } from './target.js';

/** Entities synced at the same time unless `concurrency` is given. */
export const DEFAULT_SYNC_CONCURRENCY = 3;

/**
 * Entities whose lists are usually the largest (contacts and job tasks: 43 MB and 29 MB of the
 * sandbox's 116 MB large portfolio). At most one of them is read and written at a time, because on
 * a target without `beginWrite` each keeps all its rows in memory until it writes them.
 */
const LARGE_ENTITIES: ReadonlySet<EntityName> = new Set(['contacts', 'jobs']);

export interface SyncOptions {
  client: Client;
  /** An open target, or a `--to` value such as `sqlite:./propertyme.db`, opened and closed here. */
  target: SyncTarget | string;
  /** Entities to sync. Default: all eight. */
  entities?: readonly EntityName[];
  /** Re-read everything and look for deleted records, instead of reading changes since the cursors. */
  full?: boolean;
  /** Read and compare, then roll every transaction back. */
  dryRun?: boolean;
  /** Entities synced at the same time. Default 3. */
  concurrency?: number;
  /** Options for opening `target` when it is a string. */
  targetOptions?: OpenTargetOptions;
  signal?: AbortSignal;
  /** Receives progress events; called synchronously, so it should return quickly. */
  onProgress?: (event: SyncProgress) => void;
  /** The clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
}

export type SyncPhase = 'reading' | 'checking-deleted' | 'writing' | 'committed' | 'failed' | 'skipped';

export interface SyncProgress {
  entity: EntityName;
  phase: SyncPhase;
  /** Records read so far. */
  records: number;
  /** The entity's result, with the `committed`, `failed` and `skipped` phases. */
  result?: EntitySyncResult;
}

export interface EntitySyncResult extends WriteCounts {
  entity: EntityName;
  mode: 'full' | 'incremental';
  /** `committed`; `rolled-back` for a dry run; `failed` or `skipped` with `error`. */
  status: 'committed' | 'rolled-back' | 'failed' | 'skipped';
  /** Records received from PropertyMe. */
  read: number;
  /** API calls this entity made, not counting retries. */
  requests: number;
  seconds: number;
  /** The cursor stored with the rows, or the unchanged one after a failure. */
  cursor: string | null;
  error?: unknown;
}

export interface SyncResult {
  target: string;
  dryRun: boolean;
  entities: EntitySyncResult[];
  /** HTTP requests the client sent during the run, retries included. */
  requests: number;
  retries: number;
  seconds: number;
  /** True when every entity committed (or rolled back as a dry run asked). */
  ok: boolean;
}

/**
 * Mirrors the portfolio into a target. Never throws for a failing entity: its result has status
 * `failed` and the `error`, and `ok` is false. Auth failures and a locked, full or unreachable
 * database stop the entities that have not started yet; those report `skipped`.
 *
 * @throws {SyncError} when `target` is a string that cannot be opened.
 * @throws {TypeError} for an unknown entity name or a bad concurrency.
 */
export async function syncPortfolio(options: SyncOptions): Promise<SyncResult> {
  const names = [...new Set(options.entities ?? entityNames)];
  for (const name of names) if (!(name in tables)) throw new TypeError(`Unknown entity '${name}'; expected one of ${entityNames.join(', ')}`);
  const concurrency = options.concurrency ?? DEFAULT_SYNC_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be a positive integer, not ${concurrency}`);

  const ownsTarget = typeof options.target === 'string';
  const target =
    typeof options.target === 'string' ? await openTarget(options.target, { ...options.targetOptions, dryRun: options.dryRun }) : options.target;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const requestsBefore = options.client.stats.requests;
  const retriesBefore = options.client.stats.retries;

  try {
    const results = new Map<EntityName, EntitySyncResult>();
    // A target with one connection (SQLite) takes one transaction at a time, so its writes queue up.
    const writeInTurn: WriteQueue = target.beginWrite ? createWriteQueue() : (write) => write();
    let stopReason: unknown;
    const pending = [...names];
    let largeRunning = false;
    let wakeWaiting: Array<() => void> = [];
    const worker = async () => {
      while (pending.length > 0) {
        const index = largeRunning ? pending.findIndex((name) => !LARGE_ENTITIES.has(name)) : 0;
        if (index === -1) {
          // Only large entities are left and one of them is running: wait until it finishes.
          await new Promise<void>((resolve) => wakeWaiting.push(resolve));
          continue;
        }

        const name = pending.splice(index, 1)[0]!;
        const large = LARGE_ENTITIES.has(name);
        if (large) largeRunning = true;
        try {
          const result =
            stopReason === undefined ? await syncEntity(name, target, options, now, writeInTurn) : skipped(name, stopReason, options);
          results.set(name, result);
          if (result.status === 'failed' && stopsTheRun(result.error)) stopReason ??= result.error;
        } finally {
          if (large) {
            largeRunning = false;
            const waiting = wakeWaiting;
            wakeWaiting = [];
            for (const wake of waiting) wake();
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));

    const ordered = names.map((name) => results.get(name)!);
    return {
      target: target.location,
      dryRun: options.dryRun === true,
      entities: ordered,
      requests: options.client.stats.requests - requestsBefore,
      retries: options.client.stats.retries - retriesBefore,
      seconds: (performance.now() - started) / 1000,
      ok: ordered.every((result) => result.status === 'committed' || result.status === 'rolled-back'),
    };
  } finally {
    if (ownsTarget) await target.close();
  }
}

async function syncEntity(
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
  let state: Awaited<ReturnType<SyncTarget['readState']>>;
  let requests = 0;
  let read = 0;

  try {
    state = await target.readState(name);
    report('reading', 0);
    const spec = tables[name];
    const seen = new Set<string>();
    const rows: Row[] = [];
    let writer: EntityWriter | undefined;
    // Each record becomes a row as soon as it is parsed: the row's JSON text takes far less memory
    // than the record's objects, which the garbage collector can then reclaim.
    // NOTE: splitting, parsing, mapping, serialising and upserting every record all run on this one
    // thread: about 4.5 s of CPU for the large sandbox portfolio against 1.8 s for a bare fetch and
    // JSON.parse (bench/sync.ts, 2 shared vCPUs), and a full sync measured 2.8 to 3.1x that floor.
    const receiver: RecordReceiver = {
      record: (record) => {
        const row = toRowConsuming(spec, record);
        seen.add(row.id);
        if (writer) writer.write(row);
        else rows.push(row);
      },
      restart: () => {
        seen.clear();
        rows.length = 0;
        if (writer) {
          writer.abort();
          writer = target.beginWrite!(name, { dryRun: options.dryRun });
        }
      },
    };

    const readAndWrite = async () => {
      const entityRead = await readEntity(options.client, name, state, options.full === true, requestOptions, receiver);
      requests += entityRead.requests;
      read = entityRead.count;

      // Only a complete read shows what is gone, so incremental runs flag no deletions of entities
      // with change tracking: `full` runs, and every run of members and tenancies, do.
      let deletedIds: string[] = [];
      if (entityRead.complete) {
        report('checking-deleted', read);
        const missing = [...(await target.liveIds(name))].filter((id) => !seen.has(id));
        const deleted = await findDeleted(options.client, name, missing, requestOptions);
        requests += deleted.requests;
        deletedIds = deleted.deletedIds;
      }

      report('writing', read);
      const changes = { deletedIds, cursor: entityRead.cursor, archivedSince: entityRead.archivedSince, syncedAt };
      const counts = writer
        ? writer.finish(changes)
        : await writeInTurn(() => target.write({ entity: name, rows, ...changes }, { dryRun: options.dryRun }));
      return { entityRead, counts };
    };

    // A large entity on a single-connection target writes each row as it arrives, inside a
    // transaction that stays open while the list is read, so its rows are never all in memory.
    // NOTE: SQLite's write lock is then held while the list downloads, so another program writing
    // the same file waits that long, up to its busy timeout.
    const streamed = target.beginWrite !== undefined && LARGE_ENTITIES.has(name);
    const { entityRead, counts } = streamed
      ? await writeInTurn(async () => {
          writer = target.beginWrite!(name, { dryRun: options.dryRun });
          try {
            return await readAndWrite();
          } catch (error) {
            writer.abort();
            throw error;
          }
        })
      : await readAndWrite();
    const result: EntitySyncResult = {
      entity: name,
      mode: entityRead.complete ? 'full' : 'incremental',
      status: options.dryRun ? 'rolled-back' : 'committed',
      read,
      requests,
      seconds: (performance.now() - started) / 1000,
      cursor: options.dryRun ? (state?.cursor ?? null) : entityRead.cursor,
      ...counts,
    };
    report('committed', read, result);
    return result;
  } catch (error) {
    const result: EntitySyncResult = {
      ...emptyCounts(),
      entity: name,
      mode: options.full || state === undefined ? 'full' : 'incremental',
      status: 'failed',
      read,
      requests,
      seconds: (performance.now() - started) / 1000,
      cursor: state?.cursor ?? null,
      error,
    };
    report('failed', read, result);
    return result;
  }
}

/** Runs a write once the writes queued before it have finished. */
type WriteQueue = <T>(write: () => Promise<T>) => Promise<T>;

function createWriteQueue(): WriteQueue {
  let last: Promise<unknown> = Promise.resolve();
  return (write) => {
    const run = last.then(write);
    last = run.catch(() => undefined);
    return run;
  };
}

function skipped(name: EntityName, reason: unknown, options: SyncOptions): EntitySyncResult {
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

/** Failures that every later entity would meet too: sign-in problems and an unusable database. */
function stopsTheRun(error: unknown): boolean {
  if (isSyncError(error)) return error.reason !== 'entity-failed' && error.reason !== 'target-failed';
  if (isHttpError(error)) return error.status === 401 || error.status === 403;
  return isPropertyMeError(error) && (error.code === 'E_OAUTH' || error.code === 'E_TOKEN');
}
