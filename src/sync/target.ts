// What the engine needs from a database: read an entity's state, write one entity's changes and its
// cursor in one transaction, and report status. sqlite-target.ts and postgres-target.ts implement it.
import type { EntityName } from '../client/entities.js';
import type { Row } from './row.js';

/** An entity's row in the cursors table. */
export interface EntityState {
  entity: EntityName;
  /**
   * Where the next incremental read starts: the highest committed `Timestamp` as decimal digits, or
   * for tenancy balances the latest `UpdatedOn` seen. Null for entities that are always read whole.
   */
  cursor: string | null;
  /** Properties only: the `ArchivedSince` value for the next read of archived lots. */
  archivedSince: string | null;
  /** When the last committed sync of this entity started, ISO 8601. */
  lastSyncAt: string;
  /** Rows not flagged deleted, counted when the cursor was written. */
  rowCount: number;
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  /** Rows read again with no change. */
  unchanged: number;
  /** Rows that became archived or closed in this write, new rows included. */
  archived: number;
  /** Rows flagged deleted in this write. */
  deleted: number;
  /** Rows not flagged deleted once the write is done. */
  rowCount: number;
}

export interface OpenWriterOptions {
  /** Roll the transaction back instead of committing it. */
  dryRun?: boolean;
}

/** The deletions and cursor that an entity's write stores with its rows, once every row is written. */
export interface WriteEnd {
  /** Ids of rows to flag deleted. */
  deletedIds: readonly string[];
  /** When this sync of the entity started, ISO 8601. */
  syncedAt: string;
  /** The entity's new cursor and, for properties, archive date (see `EntityState`). */
  cursor: string | null;
  archivedSince: string | null;
}

/**
 * One entity's write: takes its rows and stores them with the entity's new cursor in one
 * transaction. After an error from any method the transaction is rolled back, and only `abort` may
 * be called.
 */
export interface EntityWriter {
  /**
   * Takes rows in the order read. A later row with the same id replaces an earlier one. A returned
   * promise resolves once the writer is ready for more, and a caller that streams a response awaits
   * it before reading on.
   */
  write(rows: readonly Row[]): Promise<void> | void;
  /** Discards every row taken so far, because the read starts again from its first item. */
  restart(): Promise<void>;
  /** Returns the ids of the table's rows not flagged deleted. Rows this write has taken may be among them. */
  liveIds(): Promise<string[]>;
  /** Flags the deleted rows, stores the cursor and commits (rolls back for a dry run). */
  finish(end: WriteEnd): Promise<WriteCounts>;
  /** Rolls the transaction back; does nothing once it has ended. */
  abort(): Promise<void>;
}

export interface SyncTarget {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the mirror is, with any password replaced by `***`. */
  readonly location: string;
  /** Returns the entity's cursor row, or undefined when the entity was never synced. */
  readState(entity: EntityName): Promise<EntityState | undefined>;
  /** Returns the cursor rows of every synced entity. */
  readStates(): Promise<EntityState[]>;
  /**
   * Opens the entity's write. With `oneWriter`, at most one writer may be open at a time, and the
   * engine opens a writer only once the entity's items can be passed to it without waiting on
   * other entities.
   */
  openWriter(entity: EntityName, options: OpenWriterOptions): Promise<EntityWriter>;
  /** Whether only one entity can be written at a time, as with SQLite's single writer. */
  readonly oneWriter: boolean;
  close(): Promise<void>;
}
