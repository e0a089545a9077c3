// Builds CREATE TABLE statements from the table specs, for a target's column types.
import { CURSOR_TABLE, tables, type ColumnType } from './schema.js';

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
