// The SQLite target, through better-sqlite3's synchronous API. Each entity's write is one
// `BEGIN IMMEDIATE` transaction, so a crash or kill leaves either all of it or none of it.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { EntityName } from '../client/entities.js';
import { SyncError } from '../errors/sync-error.js';
import type { ColumnType } from './schema.js';
import { createTablesSql } from './schema-ddl.js';
import { CURSOR_TABLE, tables } from './schema.js';
import type { Row } from './row.js';
import type { EntityChanges, EntityState, EntityWriter, SyncTarget, WriteCounts } from './target.js';

/** Milliseconds to wait for another connection's lock before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface SqliteTargetOptions {
  /** Wait this long for a lock held by another process, in milliseconds. Default 5,000. */
  busyTimeoutMs?: number;
  /** Open for a dry run: a file that does not exist is not created. */
  dryRun?: boolean;
}

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  // Text keeps all 19 digits. Compare cursors as bigint in code, not as text or REAL in SQL.
  int64: 'TEXT',
};

type SqliteValue = string | number | null;

export class SqliteTarget implements SyncTarget {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  readonly #db: Database.Database;
  readonly #busyTimeoutMs: number;

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
    const inMemory = options.dryRun === true && !existsSync(path);

    let db: Database.Database | undefined;
    try {
      db = new Database(inMemory ? ':memory:' : path, { timeout: busyTimeoutMs });
      const target = new SqliteTarget(db, location, busyTimeoutMs);
      if (!inMemory) db.pragma('journal_mode = WAL');
      // In WAL mode, NORMAL loses no committed transaction when the process is killed; only a power
      // failure can undo the last ones.
      db.pragma('synchronous = NORMAL');
      if (!options.dryRun || inMemory) target.#createTables();
      // Finds a lock held by another process now, once, rather than in every entity's transaction:
      // better-sqlite3 waits for a lock synchronously, so each wait would stall the whole run.
      if (!options.dryRun) db.exec('BEGIN IMMEDIATE; ROLLBACK');
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

  async liveIds(entity: EntityName): Promise<Set<string>> {
    const { table } = tables[entity];
    if (!this.#hasTable(table)) return new Set();
    const statement = this.#db.prepare(`SELECT id FROM ${table} WHERE deleted_at IS NULL`).pluck();
    return new Set(this.#run(() => statement.all()) as string[]);
  }

  async write(changes: EntityChanges, options: { dryRun?: boolean } = {}): Promise<WriteCounts> {
    const writer = this.beginWrite(changes.entity, options);
    try {
      for (const row of changes.rows) writer.write(row);
    } catch (error) {
      writer.abort();
      throw error;
    }
    return writer.finish(changes);
  }

  beginWrite(entity: EntityName, options: { dryRun?: boolean } = {}): EntityWriter {
    const db = this.#db;
    const dryRun = options.dryRun === true;
    const fail = (error: unknown): never => {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw sqliteError(error, this.location, this.#busyTimeoutMs, entity);
    };

    let rows: RowWriter;
    try {
      db.exec('BEGIN IMMEDIATE');
      // A dry run of an existing file may find tables missing; creating them here is rolled back too.
      if (dryRun) this.#createTables();
      rows = new RowWriter(db, entity);
    } catch (error) {
      return fail(error);
    }

    return {
      write: (row) => {
        try {
          rows.write(row);
        } catch (error) {
          fail(error);
        }
      },
      finish: (changes) => {
        try {
          const counts = rows.finish(changes);
          db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
          return counts;
        } catch (error) {
          return fail(error);
        }
      },
      abort: () => {
        if (db.inTransaction) db.exec('ROLLBACK');
      },
    };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #createTables(): void {
    this.#db.exec(createTablesSql({ types: SQL_TYPES, json: 'TEXT' }));
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

/** Upserts one entity's rows inside an open transaction and counts what changed. */
class RowWriter {
  readonly #db: Database.Database;
  readonly #entity: EntityName;
  readonly #columnCount: number;
  readonly #select: Database.Statement;
  readonly #upsert: Database.Statement;
  /** Whether the table was empty when the transaction began, as on a first sync. */
  readonly #wasEmpty: boolean;
  /** Ids written so far, kept only while `#wasEmpty`. */
  readonly #written = new Set<string>();
  readonly #parameters: SqliteValue[];
  readonly #counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0, archived: 0, deleted: 0, rowCount: 0 };

  constructor(db: Database.Database, entity: EntityName) {
    const spec = tables[entity];
    const { table } = spec;
    const names = spec.columns.map((column) => column.name);
    const retired = spec.retiredColumn ? `${spec.retiredColumn} IS NOT NULL` : '0';
    this.#db = db;
    this.#entity = entity;
    this.#columnCount = names.length;
    this.#parameters = new Array<SqliteValue>(names.length + 2);
    this.#select = db.prepare(`SELECT data, ${retired} AS retired, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE id = ?`);
    this.#upsert = db.prepare(
      `INSERT INTO ${table} (id, ${names.join(', ')}, deleted_at, data) VALUES (${['?', ...names.map(() => '?'), 'NULL', '?'].join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${names.map((name) => `${name} = excluded.${name}`).join(', ')}, deleted_at = NULL, data = excluded.data`,
    );
    this.#wasEmpty = db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM ${table})`).pluck().get() === 1;
  }

  write(row: Row): void {
    const counts = this.#counts;
    // In a table that was empty, only a row this write inserted can exist, so the lookup runs only
    // for an id seen before in this write.
    const mayExist = !this.#wasEmpty || this.#written.has(row.id);
    const existing = mayExist ? (this.#select.get(row.id) as { data: string; retired: number; deleted: number } | undefined) : undefined;
    if (existing && existing.data === row.data && !existing.deleted) {
      counts.unchanged++;
      return;
    }

    const parameters = this.#parameters;
    parameters[0] = row.id;
    for (let index = 0; index < this.#columnCount; index++) parameters[index + 1] = toSqlite(row.values[index]!);
    parameters[this.#columnCount + 1] = row.data;
    this.#upsert.run(parameters);
    if (this.#wasEmpty) this.#written.add(row.id);
    if (existing) counts.updated++;
    else counts.inserted++;
    if (row.retired && !existing?.retired) counts.archived++;
  }

  finish(changes: Omit<EntityChanges, 'entity' | 'rows'>): WriteCounts {
    const counts = this.#counts;
    const { table } = tables[this.#entity];
    const markDeleted = this.#db.prepare(`UPDATE ${table} SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`);
    for (const id of changes.deletedIds) counts.deleted += markDeleted.run(changes.syncedAt, id).changes;

    counts.rowCount = this.#db.prepare(`SELECT COUNT(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get() as number;
    this.#db
      .prepare(
        `INSERT INTO ${CURSOR_TABLE} (entity, cursor, archived_since, last_sync_at, row_count) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (entity) DO UPDATE SET cursor = excluded.cursor, archived_since = excluded.archived_since,
           last_sync_at = excluded.last_sync_at, row_count = excluded.row_count`,
      )
      .run(this.#entity, changes.cursor, changes.archivedSince, changes.syncedAt, counts.rowCount);
    return { ...counts };
  }
}

function toSqlite(value: string | number | boolean | null): SqliteValue {
  if (typeof value !== 'boolean') return value;
  return value ? 1 : 0;
}


/** Rewrites a better-sqlite3 error as a SyncError whose message gives the fix. */
function sqliteError(error: unknown, location: string, busyTimeoutMs: number, entity?: string): unknown {
  if (error instanceof SyncError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;

  const details = { target: location, entity, cause: error };
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new SyncError(
      `The SQLite file ${location.slice('sqlite:'.length)} is locked by another connection (waited ${busyTimeoutMs / 1000} s); nothing was written. Wait for the other program to finish and run again.`,
      { ...details, reason: 'target-locked' },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new SyncError(`The disk holding ${location.slice('sqlite:'.length)} is full; the transaction was rolled back. Free some space and run again.`, {
      ...details,
      reason: 'disk-full',
    });
  }
  const reason = entity ? 'target-failed' : 'invalid-target';
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(`Cannot use the SQLite file ${location.slice('sqlite:'.length)}: ${message} (${code}).`, { ...details, reason });
}
