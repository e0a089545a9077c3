// Settings that every connection to a mirror file uses, on the main thread and in the writer thread.
import type Database from 'better-sqlite3';
import { createTablesSql, MIRROR_FORMAT } from './schema-ddl.js';
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

/** Pause between attempts to switch a file to WAL mode while another connection holds a lock. */
const WAL_RETRY_MS = 20;

/**
 * Sets a new file's page size and WAL mode. An existing file keeps its page size. Switching to WAL
 * needs the file to itself and can fail with SQLITE_BUSY while another connection, such as a second
 * sync starting on the same new file, holds a lock, so this tries again for up to `busyTimeoutMs`.
 */
export function configureFile(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      // Opening a target is synchronous throughout, as better-sqlite3's own lock waits are.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAL_RETRY_MS);
    }
  }
}

/**
 * Creates the mirror's tables and sets its layout version in one transaction, so that no other
 * connection finds the tables without the version. Inside an open transaction it becomes part of it.
 */
export function createTables(db: Database.Database): void {
  db.transaction(() => {
    db.exec(createTablesSql({ types: SQLITE_TYPES, json: 'TEXT' }));
    db.pragma(`user_version = ${MIRROR_FORMAT}`);
  }).immediate();
}

export function configureConnection(db: Database.Database): void {
  // In WAL mode, NORMAL loses no committed transaction when the process is killed; only a power
  // failure can undo the last ones.
  db.pragma('synchronous = NORMAL');
}
