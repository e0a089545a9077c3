// `npm run demo`: the whole path on a local sandbox, with no credentials and no internet. It signs
// in with the authorization-code flow and PKCE, refreshes the token, mirrors the portfolio into
// SQLite, churns it, syncs again incrementally and prints a short report from the database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PropertyMeAuthenticator, PropertyMeAuthProvider, writeTokenFile, type StoredToken } from '../src/auth/index.js';
import { Client } from '../src/client/client.js';
import { CHURN_KINDS, startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { syncPortfolio, type SyncResult } from '../src/sync/index.js';

const SCOPES = ['contact:read', 'property:read', 'activity:read', 'transaction:read', 'communication:read', 'offline_access'];
const DATABASE = resolve('propertyme-demo.db');

/**
 * Signs in as a person would, minus the person. The sandbox approves the sign-in at once, and this
 * function plays the browser: it follows the identity server's redirects with their cookies. The
 * final redirect goes to the application's callback URL, which then goes to the token exchange.
 */
async function signIn(sandbox: Sandbox): Promise<StoredToken> {
  const authenticator = new PropertyMeAuthenticator({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    redirectUrl: sandbox.redirectUri,
    scopes: SCOPES,
    authUrl: sandbox.authUrl,
    transportSecurity: 'allow-http-on-loopback',
  });
  const state = randomBytes(16).toString('base64url');
  let url = new URL(await authenticator.constructAuthUrl(state));
  const cookies = new Map<string, string>();

  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(sandbox.redirectUri)) return authenticator.getTokensFromAuthCode(url);
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals > 0) cookies.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
    const location = response.headers.get('location');
    await response.arrayBuffer();
    if (location === null) throw new Error(`The sign-in stopped at ${url.pathname} with status ${response.status}`);
    url = new URL(location, url);
  }
  throw new Error('The sign-in redirected more than 20 times');
}

function describeSync(label: string, result: SyncResult): string {
  const changed = result.entities.reduce((sum, entity) => sum + entity.inserted + entity.updated + entity.deleted, 0);
  return `${label}: ${changed} rows written, ${result.requests} requests, ${result.seconds.toFixed(2)} s`;
}

function printReport(path: string): void {
  // Read-write, though it only reads: the last connection to close removes the -wal and -shm files,
  // which a read-only connection cannot.
  const db = new Database(path, { fileMustExist: true });
  try {
    console.log('\nRows per entity:');
    for (const row of db.prepare('SELECT entity, row_count FROM sync_cursors ORDER BY entity').all() as Array<{ entity: string; row_count: number }>) {
      console.log(`  ${row.entity.padEnd(18)} ${String(row.row_count).padStart(6)}`);
    }

    console.log('\nTenancies most in arrears (up to five):');
    const arrears = db
      .prepare(
        `SELECT name, lot_address, days_in_arrears, total_arrears FROM tenancy_balances
         WHERE is_closed = 0 AND deleted_at IS NULL AND total_arrears > 0 ORDER BY total_arrears DESC LIMIT 5`,
      )
      .all() as Array<{ name: string; lot_address: string; days_in_arrears: number; total_arrears: number }>;
    for (const row of arrears) {
      console.log(`  $${row.total_arrears.toFixed(2).padStart(9)}  ${String(row.days_in_arrears).padStart(3)} days  ${row.name} — ${row.lot_address}`);
    }

    console.log('\nOpen jobs by status:');
    const jobs = db
      .prepare('SELECT status, COUNT(*) AS jobs FROM jobs WHERE closed_on IS NULL AND deleted_at IS NULL GROUP BY status ORDER BY jobs DESC')
      .all() as Array<{ status: string; jobs: number }>;
    for (const row of jobs) console.log(`  ${String(row.status).padEnd(12)} ${String(row.jobs).padStart(4)}`);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const sandbox = await startSandbox({ scale: 'small', seed: 1, autoApprove: true });
  const folder = mkdtempSync(join(tmpdir(), 'propertyme-demo-'));
  try {
    console.log(`Sandbox running at ${sandbox.url} (a local stand-in for PropertyMe).`);

    const token = await signIn(sandbox);
    const tokenFile = join(folder, 'tokens.json');
    await writeTokenFile(tokenFile, token);
    const auth = new PropertyMeAuthProvider({
      token,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      authUrl: sandbox.authUrl,
      tokenFile,
      transportSecurity: 'allow-http-on-loopback',
    });
    const first = await auth.getAccessToken();
    const refreshed = await auth.getAccessToken({ forceRefresh: true });
    console.log(`Signed in with the authorization code and PKCE, then refreshed the access token (${first === refreshed ? 'unchanged!' : 'new token received'}).`);

    // Each run starts from an empty file, because every run starts a newly generated sandbox.
    rmSync(DATABASE, { force: true });
    rmSync(`${DATABASE}-wal`, { force: true });
    rmSync(`${DATABASE}-shm`, { force: true });
    const client = new Client({ auth, baseUrl: sandbox.apiUrl });
    const target = `sqlite:${DATABASE}`;

    const full = await syncPortfolio({ client, target });
    console.log(describeSync(`Full sync into ${DATABASE}`, full));
    // Deletions are left out: PropertyMe's change lists do not report them, so only a --full run
    // would flag them, and the report below would still count the deleted records.
    const churn = sandbox.churn({ count: 25, kinds: CHURN_KINDS.filter((kind) => !kind.startsWith('delete')) });
    const kinds = CHURN_KINDS.filter((kind) => churn[kind].length > 0).map((kind) => `${churn[kind].length} ${kind}`);
    console.log(`The sandbox changed ${churn.changes} records: ${kinds.join(', ')}.`);
    const incremental = await syncPortfolio({ client, target });
    console.log(describeSync('Incremental sync', incremental));
    if (!full.ok || !incremental.ok) throw new Error('A sync failed; see the summaries above');

    printReport(DATABASE);
    console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Explore the mirror with: sqlite3 ${DATABASE}`);
  } finally {
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
