// Messages between the SQLite target and its writer thread.
import type { EntityName } from '../client/entities.js';
import type { RowBatch } from './sqlite-write.js';
import type { WriteEnd } from './target.js';

/** The writer thread's `workerData`. */
export interface WorkerSetup {
  path: string;
  busyTimeoutMs: number;
}

export type WorkerRequest = { id: number } & (
  | { op: 'begin'; entity: EntityName; dryRun: boolean }
  | { op: 'write'; batch: RowBatch }
  | { op: 'restart' }
  | { op: 'live' }
  | { op: 'finish'; end: WriteEnd }
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
