// One entity's SQLite transaction: converts list items into rows, upserts them, flags deleted rows and
// stores the cursor. It is synchronous, so it runs on the main thread or in the writer thread alike.
import type Database from 'better-sqlite3';
import { entities, type EntityName } from '../client/entities.js';
import { RowBuilder, type ItemSource, type PreviousCursors, type Row } from './row.js';
import { CURSOR_TABLE, tables } from './schema.js';
import type { WriteCounts, WriteResult } from './target.js';

type SqliteValue = string | number | null;

/** Runs the entity's write inside `BEGIN IMMEDIATE`; every method throws the raw SQLite or item error. */
export class SqliteEntityWrite {
  readonly #db: Database.Database;
  readonly #entity: EntityName;
  readonly #dryRun: boolean;
  readonly #builder: RowBuilder;
  #rows!: RowWriter;

  constructor(db: Database.Database, entity: EntityName, options: { dryRun: boolean; previous: PreviousCursors; createTables: () => void }) {
    this.#db = db;
    this.#entity = entity;
    this.#dryRun = options.dryRun;
    this.#builder = new RowBuilder(tables[entity], entities[entity].changeTracking, options.previous);
    db.exec('BEGIN IMMEDIATE');
    try {
      // A dry run of an existing file may find tables missing; creating them here is rolled back too.
      if (options.dryRun) options.createTables();
      this.#rows = new RowWriter(db, entity);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  write(items: readonly string[], source: ItemSource): void {
    for (const item of items) this.#rows.write(this.#builder.build(item, source));
  }

  restart(): void {
    this.#db.exec('ROLLBACK');
    this.#builder.reset();
    this.#db.exec('BEGIN IMMEDIATE');
    this.#rows = new RowWriter(this.#db, this.#entity);
  }

  missingIds(): string[] {
    const seen = this.#builder.seen;
    return this.#rows.liveIds().filter((id) => !seen.has(id));
  }

  finish(changes: { deletedIds: readonly string[]; syncedAt: string }): WriteResult {
    const cursors = { cursor: this.#builder.cursor, archivedSince: this.#builder.archivedSince };
    const counts = this.#rows.finish({ ...changes, ...cursors });
    this.#db.exec(this.#dryRun ? 'ROLLBACK' : 'COMMIT');
    return { ...counts, ...cursors };
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

  liveIds(): string[] {
    // Every row of a table that was empty came from this write.
    if (this.#wasEmpty) return [];
    return this.#db.prepare(`SELECT id FROM ${tables[this.#entity].table} WHERE deleted_at IS NULL`).pluck().all() as string[];
  }

  finish(changes: { deletedIds: readonly string[]; syncedAt: string; cursor: string | null; archivedSince: string | null }): WriteCounts {
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
