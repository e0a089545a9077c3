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

/** Sets a new file's page size and WAL mode; an existing file keeps its page size. */
export function configureFile(db: Database.Database): void {
  db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
}

export function configureConnection(db: Database.Database): void {
  // In WAL mode, NORMAL loses no committed transaction when the process is killed; only a power
  // failure can undo the last ones.
  db.pragma('synchronous = NORMAL');
}
