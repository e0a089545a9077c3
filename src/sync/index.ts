// The `propertyme/sync` entry point: mirror a PropertyMe portfolio into SQLite or PostgreSQL.
export { syncPortfolio, DEFAULT_SYNC_CONCURRENCY } from './engine.js';
export type { EntitySyncResult, SyncOptions, SyncPhase, SyncProgress, SyncResult } from './engine.js';
export { openTarget, parseTargetUrl, DEFAULT_TARGET } from './open-target.js';
export type { OpenTargetOptions, TargetUrl } from './open-target.js';
export { SqliteTarget, DEFAULT_BUSY_TIMEOUT_MS } from './sqlite-target.js';
export type { SqliteTargetOptions } from './sqlite-target.js';
export { PostgresTarget } from './postgres-target.js';
export type { PostgresTargetOptions } from './postgres-target.js';
export { tables, CURSOR_TABLE } from './schema.js';
export type { ColumnSpec, ColumnType, TableSpec } from './schema.js';
export { toRow } from './row.js';
export type { ItemSource, PreviousCursors, Row } from './row.js';
export type { EntityState, EntityWriter, OpenWriterOptions, SyncTarget, WriteCounts, WriteEnd } from './target.js';
export { SyncError, isSyncError } from '../errors/sync-error.js';
export type { SyncFailure } from '../errors/sync-error.js';
