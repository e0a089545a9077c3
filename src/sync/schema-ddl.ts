// Builds CREATE TABLE statements from the table specs, for a target's column types.
import { SyncError } from '../errors/sync-error.js';
import { CURSOR_TABLE, tables, type ColumnType } from './schema.js';

/**
 * Version of the mirror's layout, kept in SQLite's `user_version` and in a comment on PostgreSQL's
 * cursors table. Version 2 stores each record as PropertyMe sent it. Version 1, from before any
 * release, stored camelCase records in `data`, which later rows would not match.
 */
export const MIRROR_FORMAT = 2;

/** The comment on PostgreSQL's cursors table that records the mirror's layout. */
export const MIRROR_FORMAT_COMMENT = `propertyme mirror format ${MIRROR_FORMAT}`;

/** Returns the error for a mirror whose layout is not this version's, which is left untouched. */
export function mirrorFormatError(location: string, found: number | string | null): SyncError {
  return new SyncError(
    `The mirror at ${location} has layout ${found ?? 'unknown'}, but this version of propertyme writes layout ${MIRROR_FORMAT}; nothing was written. Sync into a new file or database, or remove this mirror's tables and sync again.`,
    { reason: 'invalid-target', target: location },
  );
}

export interface SqlDialect {
  types: Readonly<Record<ColumnType, string>>;
  /** Type of the `data` column: TEXT holding JSON, or JSONB. */
  json: string;
}

/** Columns that get an index, because reports join on them. */
const INDEXED_COLUMNS = new Set(['lot_id', 'contact_id']);

/** Builds the DDL for every entity table and the cursors table; running it again changes nothing. */
export function createTablesSql(dialect: SqlDialect): string {
  const statements = Object.values(tables).map((spec) => {
    const columns = spec.columns.map((column) => `  ${column.name} ${dialect.types[column.type]}`);
    const indexes = spec.columns
      .filter((column) => INDEXED_COLUMNS.has(column.name))
      .map((column) => `CREATE INDEX IF NOT EXISTS ${spec.table}_${column.name} ON ${spec.table} (${column.name});`);
    return [
      `CREATE TABLE IF NOT EXISTS ${spec.table} (\n  id TEXT PRIMARY KEY,\n${columns.join(',\n')},\n  deleted_at TEXT,\n  data ${dialect.json} NOT NULL\n);`,
      ...indexes,
    ].join('\n');
  });

  // The cursor is TEXT on both targets because tenancy balances use a date-time; Timestamp cursors
  // are compared as bigint in code.
  statements.push(
    `CREATE TABLE IF NOT EXISTS ${CURSOR_TABLE} (\n  entity TEXT PRIMARY KEY,\n  cursor TEXT,\n  archived_since TEXT,\n  last_sync_at TEXT NOT NULL,\n  row_count INTEGER NOT NULL\n);`,
  );
  return statements.join('\n');
}
