// Runs a sync: reads each entity from PropertyMe and writes it with its cursor in one transaction,
// several entities at a time. An entity that fails leaves its rows and cursor as they were.
import type { Client } from '../client/client.js';
import { entityNames, type EntityName } from '../client/entities.js';
import { isPropertyMeError } from '../errors/propertyme-error.js';
import { isHttpError } from '../errors/http-error.js';
import { isNetworkError } from '../errors/network-error.js';
import { isSyncError } from '../errors/sync-error.js';
import { openTarget, type OpenTargetOptions } from './open-target.js';
import { tables } from './schema.js';
import { LARGE_ENTITIES, skipped, syncEntity } from './sync-entity.js';
import type { SyncTarget, WriteCounts } from './target.js';

/** Entities synced at the same time unless `concurrency` is given. */
export const DEFAULT_SYNC_CONCURRENCY = 3;

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
 * `failed` and the `error`, and `ok` is false. Auth failures, a locked, full or unreachable
 * database and an aborted `signal` stop the entities that have not started yet, which report
 * `skipped`.
 *
 * @throws {SyncError} when `target` is a string that cannot be opened.
 * @throws {TypeError} for an unknown entity name or a bad concurrency.
 */
export async function syncPortfolio(options: SyncOptions): Promise<SyncResult> {
  const names = [...new Set(options.entities ?? entityNames)];
  for (const name of names) if (!Object.hasOwn(tables, name)) throw new TypeError(`Unknown entity '${name}'; expected one of ${entityNames.join(', ')}`);
  if (!isTargetOption(options.target)) {
    throw new TypeError(`target must be a target URL such as sqlite:./propertyme.db, or an open SyncTarget, not ${String(options.target)}`);
  }
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
    const writeInTurn: WriteQueue = target.oneWriter ? createWriteQueue() : (write) => write();
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
        // Large entities run one at a time on a target that keeps each one's rows in memory until
        // its transaction. With one writer, their items wait in the socket until it is their turn.
        const large = !target.oneWriter && LARGE_ENTITIES.has(name);
        if (large) largeRunning = true;
        try {
          // An aborted run starts no more entities: those report `skipped`, as after a stopping failure.
          const stop = stopReason ?? (options.signal?.aborted ? options.signal.reason : undefined);
          const result = stop === undefined ? await syncEntity(name, target, options, now, writeInTurn) : skipped(name, stop, options);
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

/** Tells whether `value` is a target URL or an object that writes like a SyncTarget. */
function isTargetOption(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return typeof value === 'object' && value !== null && typeof (value as SyncTarget).openWriter === 'function';
}

/** Runs a write once the writes queued before it have finished. */
export type WriteQueue = <T>(write: () => Promise<T>) => Promise<T>;

function createWriteQueue(): WriteQueue {
  let last: Promise<unknown> = Promise.resolve();
  return (write) => {
    const run = last.then(write);
    last = run.catch(() => undefined);
    return run;
  };
}

/** Connection errors that mean the API cannot be reached at all, unlike a connection cut mid-response. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Failures that every later entity would meet too: sign-in problems, an unusable database and an API
 * that cannot be reached even after the client's retries.
 */
function stopsTheRun(error: unknown): boolean {
  if (isSyncError(error)) return error.reason !== 'entity-failed' && error.reason !== 'target-failed';
  if (isHttpError(error)) return error.status === 401 || error.status === 403;
  if (isNetworkError(error)) return UNREACHABLE_CODES.has(String((error.cause as { cause?: { code?: unknown } } | undefined)?.cause?.code));
  return isPropertyMeError(error) && (error.code === 'E_OAUTH' || error.code === 'E_TOKEN');
}
