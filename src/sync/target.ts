// What the engine needs from a database: read an entity's state, write one entity's changes and its
// cursor in one transaction, and report status. sqlite-target.ts and postgres-target.ts implement it.
import type { EntityName } from '../client/entities.js';
import type { ItemSource, PreviousCursors } from './row.js';

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

/** The counts of an entity's write and the cursors stored with its rows. */
export interface WriteResult extends WriteCounts {
  /** The cursor stored with the rows. */
  cursor: string | null;
  archivedSince: string | null;
}

export interface OpenWriterOptions {
  /** Roll the transaction back instead of committing it. */
  dryRun?: boolean;
  /**
   * The stored cursors when only changes are read; the new cursors start from them. Null values
   * for a complete read.
   */
  previous: PreviousCursors;
}

/**
 * One entity's write: takes its list items as PropertyMe sent them, converts them into rows and
 * stores them with the entity's new cursor in one transaction. After an error from any method the
 * transaction is rolled back, and only `abort` may be called.
 */
export interface EntityWriter {
  /**
   * Takes items in the order read. A returned promise resolves once the writer is ready for more,
   * and a caller that streams a response awaits it before reading on.
   */
  write(items: readonly string[], source: ItemSource): Promise<void> | void;
  /** Discards every item taken so far, because the read starts again from its first item. */
  restart(): Promise<void>;
  /** Ids of rows not flagged deleted that no item had. Meaningful after a complete read only. */
  missingIds(): Promise<string[]>;
  /** Flags the deleted rows, stores the cursor and commits (rolls back for a dry run). */
  finish(changes: { deletedIds: readonly string[]; syncedAt: string }): Promise<WriteResult>;
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
