// One entity's SQLite transaction: upserts its rows, flags deleted rows and stores the cursor. It is
// synchronous, so it runs on the main thread or in the writer thread alike.
import type Database from 'better-sqlite3';
import type { EntityName } from '../client/entities.js';
import type { ColumnValue, Row } from './row.js';
import { CURSOR_TABLE, tables } from './schema.js';
import { createTables } from './sqlite-connection.js';
import type { WriteCounts, WriteEnd } from './target.js';

type SqliteValue = string | number | null;

/**
 * Rows in the form they cross to the writer thread in: arrays of plain values, which cost far less
 * to copy between threads than an object per row. `values` contains each row's column values in turn.
 */
export interface RowBatch {
  ids: string[];
  data: string[];
  values: ColumnValue[];
}

/** Returns an empty batch to fill with `addRow`. */
export function emptyBatch(): RowBatch {
  return { ids: [], data: [], values: [] };
}

export function addRow(batch: RowBatch, row: Row): void {
  batch.ids.push(row.id);
  batch.data.push(row.data);
  for (const value of row.values) batch.values.push(value);
}

/** Runs the entity's write inside `BEGIN IMMEDIATE`. Every method throws the raw SQLite error. */
export class SqliteEntityWrite {
  readonly #db: Database.Database;
  readonly #entity: EntityName;
  readonly #dryRun: boolean;
  #rows!: RowWriter;

  constructor(db: Database.Database, entity: EntityName, options: { dryRun: boolean }) {
    this.#db = db;
    this.#entity = entity;
    this.#dryRun = options.dryRun;
    db.exec('BEGIN IMMEDIATE');
    try {
      // A dry run of an existing file may find tables missing; creating them here is rolled back too.
      if (options.dryRun) createTables(db);
      this.#rows = new RowWriter(db, entity);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  write(batch: RowBatch): void {
    this.#rows.write(batch);
  }

  restart(): void {
    this.#db.exec('ROLLBACK');
    this.#db.exec('BEGIN IMMEDIATE');
    this.#rows = new RowWriter(this.#db, this.#entity);
  }

  liveIds(): string[] {
    return this.#rows.liveIds();
  }

  finish(end: WriteEnd): WriteCounts {
    const counts = this.#rows.finish(end);
    this.#db.exec(this.#dryRun ? 'ROLLBACK' : 'COMMIT');
    return counts;
  }

  abort(): void {
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
  }
}

/** Upserts one entity's rows inside an open transaction and counts what changed. */
class RowWriter {
  readonly #db: Database.Database;
  readonly #entity: EntityName;
  readonly #columnCount: number;
  /** Index of the column that is set once a record is archived or closed, or -1. */
  readonly #retiredColumn: number;
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
    this.#retiredColumn = spec.retiredColumn ? names.indexOf(spec.retiredColumn) : -1;
    this.#parameters = new Array<SqliteValue>(names.length + 2);
    this.#select = db.prepare(`SELECT data, ${retired} AS retired, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE id = ?`);
    this.#upsert = db.prepare(
      `INSERT INTO ${table} (id, ${names.join(', ')}, deleted_at, data) VALUES (${['?', ...names.map(() => '?'), 'NULL', '?'].join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${names.map((name) => `${name} = excluded.${name}`).join(', ')}, deleted_at = NULL, data = excluded.data`,
    );
    this.#wasEmpty = db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM ${table})`).pluck().get() === 1;
  }

  write(batch: RowBatch): void {
    const counts = this.#counts;
    const columnCount = this.#columnCount;
    const parameters = this.#parameters;
    const { ids, data, values } = batch;
    for (let row = 0; row < ids.length; row++) {
      const id = ids[row]!;
      const text = data[row]!;
      const offset = row * columnCount;
      // In a table that was empty, only a row this write inserted can exist, so the lookup runs only
      // for an id seen before in this write.
      const mayExist = !this.#wasEmpty || this.#written.has(id);
      const existing = mayExist ? (this.#select.get(id) as { data: string; retired: number; deleted: number } | undefined) : undefined;
      if (existing && existing.data === text && !existing.deleted) {
        counts.unchanged++;
        continue;
      }

      parameters[0] = id;
      for (let index = 0; index < columnCount; index++) parameters[index + 1] = toSqlite(values[offset + index]!);
      parameters[columnCount + 1] = text;
      this.#upsert.run(parameters);
      if (this.#wasEmpty) this.#written.add(id);
      if (existing) counts.updated++;
      else counts.inserted++;
      const retired = this.#retiredColumn !== -1 && values[offset + this.#retiredColumn] !== null;
      if (retired && !existing?.retired) counts.archived++;
    }
  }

  liveIds(): string[] {
    // Every row of a table that was empty came from this write, so the caller already has its ids.
    if (this.#wasEmpty) return [];
    return this.#db.prepare(`SELECT id FROM ${tables[this.#entity].table} WHERE deleted_at IS NULL`).pluck().all() as string[];
  }

  finish(changes: WriteEnd): WriteCounts {
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
