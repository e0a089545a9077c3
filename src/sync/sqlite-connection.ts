// Settings that every connection to a mirror file uses, on the main thread and in the writer thread.
import type Database from 'better-sqlite3';
import type { ColumnType } from './schema.js';

export const SQLITE_TYPES: Record<ColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  // Text keeps all 19 digits. Compare cursors as bigint in code, not as text or REAL in SQL.
  int64: 'TEXT',
};

/**
 * Page size of a new mirror file. Records of 1 to 3 KB fill 4 KB pages after a few rows, and 16 KB
 * pages cut the page splits and writes of a first sync by about a third.
 */
const NEW_FILE_PAGE_SIZE = 16384;

/**
 * Sets a new file's page size (an existing file keeps its own) and, with `wal`, WAL mode, in which
 * readers never wait for the writer.
 */
export function configureFile(db: Database.Database, options: { wal: boolean }): void {
  db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
  if (options.wal) db.pragma('journal_mode = WAL');
}

export function configureConnection(db: Database.Database): void {
  // NORMAL loses no committed transaction when the process is killed. In WAL mode only a power
  // failure can undo the last ones; in a rollback journal, SQLite's documentation warns that a power
  // failure at the wrong moment can corrupt the file on older file systems.
  db.pragma('synchronous = NORMAL');
}
