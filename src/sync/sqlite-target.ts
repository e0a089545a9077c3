// The SQLite target, through better-sqlite3's synchronous API. Each entity's write is one
// `BEGIN IMMEDIATE` transaction, so a crash or kill leaves either all of it or none of it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { EntityName } from '../client/entities.js';
import { SyncError } from '../errors/sync-error.js';
import { MIRROR_FORMAT, mirrorFormatError } from './schema-ddl.js';
import { CURSOR_TABLE, tables } from './schema.js';
import { configureConnection, configureFile, createTables } from './sqlite-connection.js';
import { addRow, emptyBatch, SqliteEntityWrite } from './sqlite-write.js';
import { WriterThread } from './sqlite-writer-thread.js';
import type { EntityState, EntityWriter, OpenWriterOptions, SyncTarget } from './target.js';

/** Milliseconds to wait for another connection's lock before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface SqliteTargetOptions {
  /** Wait this long for a lock held by another process, in milliseconds. Default 5,000. */
  busyTimeoutMs?: number;
  /** Open for a dry run: a file that does not exist is not created. */
  dryRun?: boolean;
}

export class SqliteTarget implements SyncTarget {
  readonly kind = 'sqlite' as const;
  readonly oneWriter = true;
  readonly location: string;
  readonly #db: Database.Database;
  readonly #busyTimeoutMs: number;
  /** Writes entities beside the main thread; absent for an in-memory dry run. */
  #thread: WriterThread | undefined;
  /** Checkpoints the WAL after each entity's commit, beside both other threads. */
  #checkpointer: WriterThread | undefined;
  /** The last checkpoint requested; the thread runs them in order, so it ends after the others. */
  #checkpointing: Promise<void> | undefined;
  /** Settles when the open entity write, if any, has finished or aborted. */
  #writeDone: Promise<void> = Promise.resolve();

  private constructor(db: Database.Database, location: string, busyTimeoutMs: number) {
    this.#db = db;
    this.location = location;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  /**
   * Opens or creates the SQLite file and its tables. A dry run of a file that does not exist works on
   * an empty in-memory database instead, so nothing is created.
   *
   * @throws {SyncError} when the file cannot be opened, is not a database, or stays locked.
   */
  static open(path: string, options: SqliteTargetOptions = {}): SqliteTarget {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const location = `sqlite:${path}`;
    if (path === ':memory:' || path.startsWith('file:')) {
      throw new SyncError(`Invalid target sqlite:${path}: the mirror must be a file that stays after the run. Use sqlite:PATH with a file path.`, {
        reason: 'invalid-target',
        target: location,
      });
    }
    const inMemory = options.dryRun === true && !existsSync(path);
    const folder = dirname(resolve(path));
    if (!inMemory && !existsSync(folder)) {
      throw new SyncError(`Cannot create the SQLite file ${path}: the folder ${folder} does not exist. Create it or choose another --to path.`, {
        reason: 'invalid-target',
        target: location,
      });
    }

    let db: Database.Database | undefined;
    try {
      db = new Database(inMemory ? ':memory:' : path, { timeout: busyTimeoutMs });
      const target = new SqliteTarget(db, location, busyTimeoutMs);
      if (!inMemory) {
        // Read in one transaction, so that another sync creating the tables at this moment is seen
        // either before or after, never with its tables but not yet its layout version.
        const connection = db;
        const { format, hasCursors } = connection.transaction(() => ({
          format: connection.pragma('user_version', { simple: true }) as number,
          hasCursors: target.#hasTable(CURSOR_TABLE),
        }))();
        if (hasCursors && format !== MIRROR_FORMAT) throw mirrorFormatError(location, format === 0 ? 1 : format);
        // A dry run, and `sync status`, leave an existing file exactly as it was.
        if (!options.dryRun) configureFile(db, busyTimeoutMs);
      }
      configureConnection(db);
      if (!options.dryRun || inMemory) createTables(db);
      // Finds a lock held by another process now, once, rather than in every entity's transaction:
      // better-sqlite3 waits for a lock synchronously, so each wait would stall the whole run.
      if (!options.dryRun) db.exec('BEGIN IMMEDIATE; ROLLBACK');
      // A dry run writes nothing that needs speed, so it keeps to this thread's connection.
      if (!options.dryRun) {
        target.#thread = new WriterThread({ path, busyTimeoutMs });
        target.#checkpointer = new WriterThread({ path, busyTimeoutMs });
      }
      return target;
    } catch (error) {
      db?.close();
      throw sqliteError(error, location, busyTimeoutMs);
    }
  }

  async readState(entity: EntityName): Promise<EntityState | undefined> {
    return (await this.readStates()).find((state) => state.entity === entity);
  }

  async readStates(): Promise<EntityState[]> {
    if (!this.#hasTable(CURSOR_TABLE)) return [];
    const rows = this.#run(() =>
      this.#db.prepare(`SELECT entity, cursor, archived_since, last_sync_at, row_count FROM ${CURSOR_TABLE} ORDER BY entity`).all(),
    ) as Array<{ entity: EntityName; cursor: string | null; archived_since: string | null; last_sync_at: string; row_count: number }>;
    return rows.map((row) => ({
      entity: row.entity,
      cursor: row.cursor,
      archivedSince: row.archived_since,
      lastSyncAt: row.last_sync_at,
      rowCount: row.row_count,
    }));
  }

  /**
   * Opens an entity's write once any other write on this target has ended, so that syncs sharing
   * the target take turns rather than meet in one transaction.
   */
  async openWriter(entity: EntityName, options: OpenWriterOptions): Promise<EntityWriter> {
    const previous = this.#writeDone;
    let ended!: () => void;
    this.#writeDone = new Promise((resolve) => (ended = resolve));
    await previous;

    const dryRun = options.dryRun === true;
    const mapError = (error: unknown) => sqliteError(error, this.location, this.#busyTimeoutMs, entity);
    let writer: EntityWriter;
    try {
      if (!this.#db.open) throw new SyncError(`The SQLite target ${this.location} is closed.`, { reason: 'invalid-target', target: this.location });
      writer = this.#thread
        ? this.#thread.begin(entity, { dryRun })
        : localWriter(new SqliteEntityWrite(this.#db, entity, { dryRun }));
    } catch (error) {
      ended();
      throw mapError(error);
    }
    return mappedWriter(writer, mapError, (committed) => {
      ended();
      if (committed) this.#checkpoint();
    });
  }

  /**
   * Starts copying the pages the writer thread committed from the WAL into the database file, on
   * the checkpoint thread, while the writer goes on with the next entity.
   */
  #checkpoint(): void {
    // A failed checkpoint loses nothing: the pages stay in the WAL, and the next one or the close
    // copies them.
    this.#checkpointing = this.#checkpointer?.checkpoint().catch(() => {});
  }

  async close(): Promise<void> {
    const threads = [this.#thread, this.#checkpointer];
    this.#thread = undefined;
    this.#checkpointer = undefined;
    await this.#checkpointing;
    await Promise.all(threads.map((thread) => thread?.close()));
    if (this.#db.open) this.#db.close();
  }

  #hasTable(name: string): boolean {
    return this.#run(() => this.#db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name)) !== undefined;
  }

  #run<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw sqliteError(error, this.location, this.#busyTimeoutMs);
    }
  }
}

/** Runs an entity's write on the main thread's connection, for an in-memory dry run. */
function localWriter(write: SqliteEntityWrite): EntityWriter {
  return {
    write: (rows) => {
      const batch = emptyBatch();
      for (const row of rows) addRow(batch, row);
      write.write(batch);
    },
    restart: async () => write.restart(),
    liveIds: async () => write.liveIds(),
    finish: async (end) => write.finish(end),
    abort: async () => write.abort(),
  };
}

/**
 * Rolls back after any error of `writer` and rewrites the error with `mapError`. Calls `onEnd` once,
 * when the write has committed, rolled back or failed.
 */
function mappedWriter(writer: EntityWriter, mapError: (error: unknown) => unknown, onEnd: (committed: boolean) => void): EntityWriter {
  let open = true;
  const end = (committed: boolean) => {
    if (!open) return;
    open = false;
    onEnd(committed);
  };
  const fail = async (error: unknown): Promise<never> => {
    await writer.abort().catch(() => {});
    end(false);
    throw mapError(error);
  };
  return {
    write: (rows) => {
      let waiting: Promise<void> | void;
      try {
        waiting = writer.write(rows);
      } catch (error) {
        return fail(error);
      }
      return waiting?.catch(fail);
    },
    restart: () => writer.restart().catch(fail),
    liveIds: () => writer.liveIds().catch(fail),
    finish: async (changes) => {
      const counts = await writer.finish(changes).catch(fail);
      end(true);
      return counts;
    },
    abort: async () => {
      try {
        await writer.abort();
      } finally {
        end(false);
      }
    },
  };
}

/** Rewrites a better-sqlite3 error as a SyncError whose message gives the fix. */
function sqliteError(error: unknown, location: string, busyTimeoutMs: number, entity?: string): unknown {
  if (error instanceof SyncError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;

  const details = { target: location, entity, cause: error };
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new SyncError(
      `The SQLite file ${location.slice('sqlite:'.length)} is locked by another connection (waited ${busyTimeoutMs / 1000} s); ${entity ? `nothing of ${entity} was written` : 'nothing was written'}. Wait for the other program to finish and run again.`,
      { ...details, reason: 'target-locked' },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new SyncError(`The disk holding ${location.slice('sqlite:'.length)} is full; the transaction was rolled back. Free some space and run again.`, {
      ...details,
      reason: 'disk-full',
    });
  }
  const path = location.slice('sqlite:'.length);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new SyncError(`The SQLite file ${path} is read-only; nothing was written. Make it and its folder writable, or choose another --to path.`, {
      ...details,
      reason: 'invalid-target',
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return new SyncError(`Cannot open the SQLite file ${path}: it is a folder, or its folder is not writable. Choose another --to path.`, {
      ...details,
      reason: 'invalid-target',
    });
  }
  const reason = entity ? 'target-failed' : 'invalid-target';
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(`Cannot use the SQLite file ${location.slice('sqlite:'.length)}: ${message} (${code}).`, { ...details, reason });
}
