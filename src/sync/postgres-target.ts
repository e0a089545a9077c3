// The PostgreSQL target: the same tables as SQLite with JSONB for `data`. Each entity's write is one
// transaction on its own pooled connection, so entities commit independently and in parallel.
import pg from 'pg';
import type { EntityName } from '../client/entities.js';
import { SyncError } from '../errors/sync-error.js';
import type { Row } from './row.js';
import type { ColumnType, TableSpec } from './schema.js';
import { createTablesSql, MIRROR_FORMAT_COMMENT, mirrorFormatError } from './schema-ddl.js';
import { CURSOR_TABLE, tables } from './schema.js';
import type { EntityState, EntityWriter, OpenWriterOptions, SyncTarget, WriteCounts } from './target.js';

/** One entity's rows and cursor, written in one transaction. */
interface EntityChanges {
  entity: EntityName;
  rows: readonly Row[];
  deletedIds: readonly string[];
  cursor: string | null;
  archivedSince: string | null;
  syncedAt: string;
}

/** Rows sent per INSERT statement. */
const CHUNK_SIZE = 1000;

/** Seconds to wait for a connection before reporting the server unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'TEXT',
  // INTEGER, not BIGINT: node-postgres returns BIGINT as a string, and these values are small counts.
  integer: 'INTEGER',
  real: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  date: 'TEXT',
  int64: 'NUMERIC(20)',
};

// Any constant works as long as every process uses the same one: it serialises table creation,
// because concurrent CREATE TABLE IF NOT EXISTS can fail on PostgreSQL's catalog unique index.
const SCHEMA_LOCK_KEY = 0x70_6d_65_73; // "pmes"

export interface PostgresTargetOptions {
  /** Connections in the pool; one per entity synced at the same time. Default 3. */
  maxConnections?: number;
  /** Open for a dry run: tables are not created outside the rolled-back transactions. */
  dryRun?: boolean;
}

export class PostgresTarget implements SyncTarget {
  readonly kind = 'postgres' as const;
  readonly oneWriter = false;
  readonly location: string;
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool, location: string) {
    this.#pool = pool;
    this.location = location;
  }

  /**
   * Connects to the server and creates the tables that are missing.
   *
   * @throws {SyncError} when the server cannot be reached, rejects the login or lacks the database.
   */
  static async open(connectionString: string, options: PostgresTargetOptions = {}): Promise<PostgresTarget> {
    const location = redactPassword(connectionString);
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 3, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection that the server drops emits 'error' on the pool; without a listener Node
    // would crash. The next query on that connection reports the failure instead.
    pool.on('error', () => {});
    const target = new PostgresTarget(pool, location);

    try {
      if (options.dryRun) await target.#checkFormat(pool);
      else await target.#transaction(async (client) => target.#createTables(client));
      return target;
    } catch (error) {
      await pool.end().catch(() => {});
      throw postgresError(error, location);
    }
  }

  async readState(entity: EntityName): Promise<EntityState | undefined> {
    return (await this.readStates()).find((state) => state.entity === entity);
  }

  async readStates(): Promise<EntityState[]> {
    return this.#query(async () => {
      if (!(await this.#hasTable(CURSOR_TABLE))) return [];
      const result = await this.#pool.query(`SELECT entity, cursor, archived_since, last_sync_at, row_count FROM ${CURSOR_TABLE} ORDER BY entity`);
      return result.rows.map((row) => ({
        entity: row.entity as EntityName,
        cursor: row.cursor as string | null,
        archivedSince: row.archived_since as string | null,
        lastSyncAt: row.last_sync_at as string,
        rowCount: Number(row.row_count),
      }));
    });
  }

  /** Keeps the entity's rows as they arrive and writes them in one transaction when the write finishes, on a pooled connection of its own. */
  async openWriter(entity: EntityName, options: OpenWriterOptions): Promise<EntityWriter> {
    let rows: Row[] = [];
    let ended = false;
    return {
      write: (batch) => {
        if (ended) throw new Error('This entity write has ended');
        for (const row of batch) rows.push(row);
      },
      restart: async () => {
        rows = [];
      },
      liveIds: () => this.#liveIds(entity),
      finish: async (end) => {
        ended = true;
        const written = { entity, rows, ...end };
        rows = [];
        return this.#write(written, options.dryRun === true);
      },
      abort: async () => {
        ended = true;
        rows = [];
      },
    };
  }

  async #liveIds(entity: EntityName): Promise<string[]> {
    const { table } = tables[entity];
    return this.#query(async () => {
      if (!(await this.#hasTable(table))) return [];
      const result = await this.#pool.query({ text: `SELECT id FROM ${table} WHERE deleted_at IS NULL`, rowMode: 'array' });
      return result.rows.map((row: unknown[]) => row[0] as string);
    });
  }

  async #write(changes: EntityChanges, dryRun: boolean): Promise<WriteCounts> {
    try {
      return await this.#transaction(async (client) => {
        if (dryRun) await this.#createTables(client);
        return this.#writeInTransaction(client, changes);
      }, dryRun);
    } catch (error) {
      throw postgresError(error, this.location, changes.entity);
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #writeInTransaction(client: pg.PoolClient, changes: EntityChanges): Promise<WriteCounts> {
    const spec = tables[changes.entity];
    const upsert = upsertSql(spec);
    const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0, archived: 0, deleted: 0, rowCount: 0 };

    // A chunk contains each id once: PostgreSQL rejects an INSERT that updates the same row twice.
    let chunk = new Map<string, Row>();
    const flush = async () => {
      if (chunk.size === 0) return;
      const rows = [...chunk.values()];
      chunk = new Map();
      const result = await client.query(upsert, columnArrays(spec, rows));
      const written = result.rows[0] as { inserted: number; updated: number; archived: number };
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      counts.archived += written.archived;
      counts.unchanged += rows.length - written.inserted - written.updated;
    };
    for (const row of changes.rows) {
      chunk.delete(row.id);
      chunk.set(row.id, row);
      if (chunk.size >= CHUNK_SIZE) await flush();
    }
    await flush();

    if (changes.deletedIds.length > 0) {
      const result = await client.query(`UPDATE ${spec.table} SET deleted_at = $1 WHERE id = ANY($2::text[]) AND deleted_at IS NULL`, [
        changes.syncedAt,
        changes.deletedIds,
      ]);
      counts.deleted = result.rowCount ?? 0;
    }

    const live = await client.query(`SELECT count(*)::integer AS n FROM ${spec.table} WHERE deleted_at IS NULL`);
    counts.rowCount = live.rows[0].n as number;
    await client.query(
      `INSERT INTO ${CURSOR_TABLE} (entity, cursor, archived_since, last_sync_at, row_count) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (entity) DO UPDATE SET cursor = excluded.cursor, archived_since = excluded.archived_since,
         last_sync_at = excluded.last_sync_at, row_count = excluded.row_count`,
      [changes.entity, changes.cursor, changes.archivedSince, changes.syncedAt, counts.rowCount],
    );
    return counts;
  }

  async #createTables(client: pg.PoolClient): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await this.#checkFormat(client);
    await client.query(createTablesSql({ types: SQL_TYPES, json: 'JSONB' }));
    await client.query(`COMMENT ON TABLE ${CURSOR_TABLE} IS '${MIRROR_FORMAT_COMMENT}'`);
  }

  /** Rejects a database whose cursors table exists without this version's layout comment. */
  async #checkFormat(client: pg.Pool | pg.PoolClient): Promise<void> {
    const result = await client.query(`SELECT obj_description(to_regclass($1), 'pg_class') AS comment, to_regclass($1) IS NOT NULL AS present`, [CURSOR_TABLE]);
    const { comment, present } = result.rows[0] as { comment: string | null; present: boolean };
    if (present && comment !== MIRROR_FORMAT_COMMENT) throw mirrorFormatError(this.location, comment?.replace(/^propertyme mirror format /, '') ?? 1);
  }

  async #transaction<T>(action: (client: pg.PoolClient) => Promise<T>, rollback = false): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await action(client);
      await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async #hasTable(name: string): Promise<boolean> {
    const result = await this.#pool.query('SELECT to_regclass($1) IS NOT NULL AS present', [name]);
    return result.rows[0].present === true;
  }

  async #query<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw postgresError(error, this.location);
    }
  }
}

/**
 * Builds the statement that upserts one chunk from column arrays and returns how many rows it
 * inserted, updated and archived. Rows whose `data` is unchanged are left alone, so the counts
 * show real changes. `xmax = 0` holds only for a row this statement inserted.
 */
function upsertSql(spec: TableSpec): string {
  const names = spec.columns.map((column) => column.name);
  const casts = ['$1::text[]', ...spec.columns.map((column, index) => `$${index + 2}::${SQL_TYPES[column.type]}[]`), `$${names.length + 2}::jsonb[]`];
  const retired = spec.retiredColumn ? `t.${spec.retiredColumn} IS NOT NULL` : 'false';
  return `
    WITH incoming AS (
      SELECT * FROM unnest(${casts.join(', ')}) AS i(id, ${names.join(', ')}, data)
    ), prior AS (
      SELECT t.id, ${retired} AS was_retired FROM ${spec.table} t JOIN incoming USING (id)
    ), written AS (
      INSERT INTO ${spec.table} AS t (id, ${names.join(', ')}, deleted_at, data)
      SELECT id, ${names.join(', ')}, NULL, data FROM incoming
      ON CONFLICT (id) DO UPDATE SET ${names.map((name) => `${name} = excluded.${name}`).join(', ')}, deleted_at = NULL, data = excluded.data
      WHERE t.data IS DISTINCT FROM excluded.data OR t.deleted_at IS NOT NULL
      RETURNING t.id, (t.xmax = 0) AS inserted, ${retired} AS retired
    )
    SELECT count(*) FILTER (WHERE inserted)::integer AS inserted,
           count(*) FILTER (WHERE NOT inserted)::integer AS updated,
           count(*) FILTER (WHERE retired AND NOT coalesce(prior.was_retired, false))::integer AS archived
    FROM written LEFT JOIN prior USING (id)`;
}

function columnArrays(spec: TableSpec, rows: Row[]): unknown[] {
  const arrays: unknown[][] = [rows.map((row) => row.id)];
  spec.columns.forEach((_column, index) => arrays.push(rows.map((row) => row.values[index])));
  arrays.push(rows.map((row) => row.data));
  return arrays;
}


/** Replaces the password in a connection string with `***`, for messages and status output. */
export function redactPassword(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    // libpq also takes the password as a query parameter.
    for (const name of [...url.searchParams.keys()]) {
      if (name.toLowerCase() === 'password') url.searchParams.set(name, '***');
    }
    return url.href;
  } catch {
    return connectionString.replace(/:[^:@/]*@/, ':***@').replace(/([?&]password=)[^&]*/gi, '$1***');
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Rewrites a node-postgres error as a SyncError whose message gives the fix. */
function postgresError(error: unknown, location: string, entity?: string): unknown {
  if (error instanceof SyncError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const details = { target: location, entity, cause: error };

  if ((typeof code === 'string' && UNREACHABLE_CODES.has(code)) || /timeout expired|Connection terminated/i.test(message)) {
    return new SyncError(`Cannot reach PostgreSQL at ${location}: ${message}. Check that the server is running and the --to URL is right.`, {
      ...details,
      reason: 'target-unreachable',
    });
  }
  if (code === '28P01' || code === '28000' || code === '3D000') {
    return new SyncError(`PostgreSQL at ${location} rejected the connection: ${message}. Fix the user, password or database in the --to URL.`, {
      ...details,
      reason: 'invalid-target',
    });
  }
  if ((code === '22P05' || code === '22021' || code === '22P02') && entity) {
    // NOTE: such a record fails its entity on every run until PropertyMe changes it; PostgreSQL
    // offers no way to store it unchanged in JSONB.
    return new SyncError(
      `PostgreSQL rejected a ${entity} record: ${message}. JSONB cannot hold \\u0000 or a lone surrogate, which the record contains; ${entity} keeps its rows and cursor until PropertyMe changes that record.`,
      { ...details, reason: 'entity-failed' },
    );
  }
  if (code === '53100') {
    return new SyncError(`The PostgreSQL server's disk is full; the transaction was rolled back. Free some space and run again.`, {
      ...details,
      reason: 'disk-full',
    });
  }
  if (typeof code !== 'string') return error;
  return new SyncError(`PostgreSQL at ${location} failed: ${message} (${code}).`, { ...details, reason: entity ? 'target-failed' : 'invalid-target' });
}
