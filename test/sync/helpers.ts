// Shared pieces of the sync tests: a sandbox with a client, the CLI as a child process, and the
// mirror read back from SQLite or PostgreSQL in one comparable form.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { staticToken } from '../../src/api/auth-provider.js';
import { writeTokenFile } from '../../src/auth/index.js';
import { Client } from '../../src/client/client.js';
import { entityNames, type EntityName } from '../../src/client/entities.js';
import { startSandbox, PROPERTYME_SCOPES, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { parseWireJson } from '../../src/api/wire-json.js';
import { CURSOR_TABLE, tables } from '../../src/sync/schema.js';

export interface TestSandbox {
  sandbox: Sandbox;
  client: Client;
  /** The access token the client uses. */
  token: string;
  /** A fresh temporary directory, removed by `close`. */
  dir: string;
  /** Environment for the CLI: the sandbox's URLs and credentials and a token file in `dir`. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Starts a sandbox and signs a client in with a token minted for it. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ scale: 'small', ...options });
  const token = await sandbox.issueAccessToken(PROPERTYME_SCOPES);
  // Fast retries keep the fault tests short; the policy is the client's own, only quicker.
  const client = new Client({ auth: staticToken(token), baseUrl: sandbox.apiUrl, retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 50 } });
  const dir = await mkdtemp(join(tmpdir(), 'propertyme-sync-'));

  const tokenFile = join(dir, 'tokens.json');
  await writeTokenFile(tokenFile, { access_token: token, token_type: 'Bearer', expires_at: Math.floor(Date.now() / 1000) + 3600, expires_in: 3600 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    PROPERTYME_API_URL: sandbox.apiUrl,
    PROPERTYME_AUTH_URL: sandbox.authUrl,
    PROPERTYME_CLIENT_ID: sandbox.clientId,
    PROPERTYME_CLIENT_SECRET: sandbox.clientSecret,
    PROPERTYME_TOKEN_FILE: tokenFile,
  };

  return {
    sandbox,
    client,
    token,
    dir,
    env,
    close: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const BIN = join(import.meta.dirname, '../../src/cli/bin.ts');
// Resolved here, because the child runs in a temporary directory where `tsx` cannot be found.
const TSX = import.meta.resolve('tsx');

/** Starts `propertyme ARGS` in a child process; `onSpawn` receives the child, such as to kill it. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string, onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(child);
  });
}

/** One mirrored row in a target-independent form: typed columns by name, `data` parsed. */
export type MirrorRow = Record<string, unknown>;
/** Every table's rows sorted by id, and the cursors without their times. */
export type Mirror = Record<string, MirrorRow[]>;

function normaliseRow(entity: EntityName, row: Record<string, unknown>): MirrorRow {
  const spec = tables[entity];
  const result: MirrorRow = { id: row.id, deleted: row.deleted_at !== null };
  for (const column of spec.columns) {
    const value = row[column.name];
    result[column.name] = column.type === 'boolean' && typeof value === 'number' ? value === 1 : value;
  }
  // Parsed keeping every int64 digit, as the API's records are in `readApi`. PostgreSQL's rows carry
  // the JSONB as text in `data_text`, because node-postgres would parse it with JSON.parse.
  const text = row.data_text ?? row.data;
  result.data = typeof text === 'string' ? parseWireJson(text) : text;
  return result;
}

function normaliseCursor(row: Record<string, unknown>): MirrorRow {
  return { entity: row.entity, cursor: row.cursor, archived_since: row.archived_since, row_count: Number(row.row_count) };
}

/** Reads the SQLite mirror at `path`. */
export function readSqliteMirror(path: string): Mirror {
  const db = new Database(path, { readonly: true });
  try {
    const mirror: Mirror = {};
    for (const entity of entityNames) {
      const rows = db.prepare(`SELECT * FROM ${tables[entity].table} ORDER BY id`).all() as Array<Record<string, unknown>>;
      mirror[tables[entity].table] = rows.map((row) => normaliseRow(entity, row));
    }
    mirror[CURSOR_TABLE] = (db.prepare(`SELECT * FROM ${CURSOR_TABLE} ORDER BY entity`).all() as Array<Record<string, unknown>>).map(normaliseCursor);
    return mirror;
  } finally {
    db.close();
  }
}

/** Reads the PostgreSQL mirror at `url`. */
export async function readPostgresMirror(url: string): Promise<Mirror> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const mirror: Mirror = {};
    for (const entity of entityNames) {
      // COLLATE "C" sorts like SQLite's byte order.
      const result = await client.query(`SELECT *, data::text AS data_text FROM ${tables[entity].table} ORDER BY id COLLATE "C"`);
      mirror[tables[entity].table] = result.rows.map((row: Record<string, unknown>) => normaliseRow(entity, row));
    }
    const cursors = await client.query(`SELECT * FROM ${CURSOR_TABLE} ORDER BY entity COLLATE "C"`);
    mirror[CURSOR_TABLE] = cursors.rows.map(normaliseCursor);
    return mirror;
  } finally {
    await client.end();
  }
}

/** Drops every table in the public schema of the test server, so each test starts empty. */
export async function resetPostgres(url: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/** The lists a complete sync reads, by entity; properties also read every archived lot. */
const COMPLETE_LISTS: Record<EntityName, string> = {
  contacts: '/v1/contacts?Timestamp=0&IncludeArchived=true',
  members: '/v1/members',
  properties: '/v1/lots?Timestamp=0',
  tenancies: '/v1/tenancies?IncludeClosed=true',
  'tenancy-balances': '/v1/tenancies/balances',
  jobs: '/v2/jobtasks?Timestamp=0',
  inspections: '/v1/inspections?Timestamp=0',
  tasks: '/v1/tasks?Timestamp=0',
};

/**
 * Reads every entity straight from the API with a bare fetch, as a complete sync would, and returns
 * each record as PropertyMe sent it (int64 values as digit strings), by table and id.
 */
export async function readApi(setup: TestSandbox): Promise<Record<string, Map<string, unknown>>> {
  const get = async (path: string) => {
    const response = await fetch(setup.sandbox.apiUrl + path, { headers: { Authorization: `Bearer ${setup.token}` } });
    if (!response.ok) throw new Error(`GET ${path} returned ${response.status}`);
    return parseWireJson(await response.text()) as Array<Record<string, unknown>>;
  };
  const result: Record<string, Map<string, unknown>> = {};
  for (const entity of entityNames) {
    const records = await get(COMPLETE_LISTS[entity]);
    if (entity === 'properties') records.push(...(await get('/v1/lots/archived?Offset=0&Limit=100000')));
    result[tables[entity].table] = new Map(records.map((record) => [record.Id as string, record]));
  }
  return result;
}

/** Returns the live rows of a table (not flagged deleted) by id. */
export function liveRows(mirror: Mirror, table: string): Map<string, MirrorRow> {
  return new Map(mirror[table]!.filter((row) => row.deleted === false).map((row) => [row.id as string, row]));
}
