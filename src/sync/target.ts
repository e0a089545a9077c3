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

/** One entity's changes, written together with its new cursor or not at all. */
export interface EntityChanges {
  entity: EntityName;
  /** Records read from PropertyMe; converted one by one as they are written. */
  rows: Iterable<Row>;
  /** Ids of rows to flag with `deleted_at`: PropertyMe no longer returns these records. */
  deletedIds: readonly string[];
  cursor: string | null;
  archivedSince: string | null;
  /** Start of this run, ISO 8601; stored as `last_sync_at` and `deleted_at`. */
  syncedAt: string;
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

/**
 * One entity's open transaction that takes rows as they arrive, so they need not be held in memory.
 * Any error from `write` or `finish` has already rolled the transaction back.
 */
export interface EntityWriter {
  write(row: Row): void;
  /** Flags the deleted rows, stores the cursor and commits (rolls back for a dry run). */
  finish(changes: Omit<EntityChanges, 'entity' | 'rows'>): WriteCounts;
  /** Rolls the transaction back; does nothing once it has ended. */
  abort(): void;
}

export interface SyncTarget {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the mirror is, with any password replaced by `***`. */
  readonly location: string;
  /** Returns the entity's cursor row, or undefined when the entity was never synced. */
  readState(entity: EntityName): Promise<EntityState | undefined>;
  /** Returns the cursor rows of every synced entity. */
  readStates(): Promise<EntityState[]>;
  /** Returns the ids of the entity's rows that are not flagged deleted. */
  liveIds(entity: EntityName): Promise<Set<string>>;
  /**
   * Writes the changes and the cursor in one transaction. With `dryRun` the transaction is rolled
   * back, so the counts show what a real run would change.
   */
  write(changes: EntityChanges, options?: { dryRun?: boolean }): Promise<WriteCounts>;
  /**
   * Opens an entity's transaction that takes rows one at a time, for targets with one connection
   * (SQLite). Until the writer has finished or aborted, the caller must start no other write.
   */
  beginWrite?(entity: EntityName, options?: { dryRun?: boolean }): EntityWriter;
  close(): Promise<void>;
}
