// Parses a `--to` value and opens the matching target.
import { SyncError } from '../errors/sync-error.js';
import { PostgresTarget, redactPassword } from './postgres-target.js';
import { SqliteTarget } from './sqlite-target.js';
import type { SyncTarget } from './target.js';

/** Where `propertyme sync` writes unless told otherwise. */
export const DEFAULT_TARGET = 'sqlite:./propertyme.db';

export type TargetUrl = { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string };

export interface OpenTargetOptions {
  /** Open for a dry run: create nothing outside transactions that are rolled back. */
  dryRun?: boolean;
  /** SQLite: milliseconds to wait for another connection's lock. Default 5,000. */
  busyTimeoutMs?: number;
  /** PostgreSQL: pooled connections, one per entity written at the same time. Default 3. */
  maxConnections?: number;
}

const FORMS = 'sqlite:PATH (such as sqlite:./propertyme.db) or postgres://USER:PASSWORD@HOST:PORT/DATABASE';

/**
 * Parses a target such as `sqlite:./propertyme.db` or `postgres://user@localhost/mirror`.
 *
 * @throws {SyncError} with reason `invalid-target` for any other form.
 */
export function parseTargetUrl(value: string): TargetUrl {
  const text = value.trim();
  if (/^sqlite:/i.test(text)) {
    // sqlite:///abs/path is the URL form of sqlite:/abs/path.
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw invalidTarget(value, 'the path after sqlite: is empty');
    return { kind: 'sqlite', path };
  }

  if (/^postgres(ql)?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch (error) {
      throw invalidTarget(value, 'it is not a valid URL', error);
    }
    if (url.hostname === '') throw invalidTarget(value, 'the host name is missing');
    return { kind: 'postgres', connectionString: text };
  }

  throw invalidTarget(value, 'it names no known database');
}

/**
 * Opens the target that `value` names, creating the SQLite file or the tables when missing.
 *
 * @throws {SyncError} when the value is malformed or the database cannot be opened.
 */
export async function openTarget(value: string = DEFAULT_TARGET, options: OpenTargetOptions = {}): Promise<SyncTarget> {
  const target = parseTargetUrl(value);
  if (target.kind === 'sqlite') return SqliteTarget.open(target.path, options);
  return PostgresTarget.open(target.connectionString, options);
}

function invalidTarget(value: string, problem: string, cause?: unknown): SyncError {
  const shown = redactPassword(value);
  return new SyncError(`Invalid target '${shown}': ${problem}. Use ${FORMS}.`, { reason: 'invalid-target', target: shown, cause });
}
