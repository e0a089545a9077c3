// Messages between the SQLite target and its writer thread.
import type { EntityName } from '../client/entities.js';
import type { ItemSource, PreviousCursors } from './row.js';

/** The writer thread's `workerData`. */
export interface WorkerSetup {
  path: string;
  busyTimeoutMs: number;
}

export type WorkerRequest = { id: number } & (
  | { op: 'begin'; entity: EntityName; dryRun: boolean; previous: PreviousCursors }
  | { op: 'write'; items: string[]; source: ItemSource }
  | { op: 'restart' }
  | { op: 'missing' }
  | { op: 'finish'; changes: { deletedIds: readonly string[]; syncedAt: string } }
  | { op: 'abort' }
  | { op: 'checkpoint' }
  | { op: 'close' }
);

/** An error as it crosses the thread boundary, with SQLite's `code` for the kind of failure. */
export interface WorkerError {
  name: string;
  message: string;
  code: string | undefined;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WorkerError };
