// `propertyme sync` as a user runs it: the summary, status, and one clear line for each bad input,
// with nothing written and the cursors unchanged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { writeTokenFile } from '../../src/auth/index.js';
import { readSqliteMirror, runCli, startTestSandbox, type TestSandbox } from './helpers.js';

let setup: TestSandbox;

before(async () => {
  setup = await startTestSandbox({ seed: 41 });
});
after(async () => setup.close());

test('sync prints a JSON summary', async () => {
  const path = join(setup.dir, 'json.db');
  const run = await runCli(['sync', '--to', `sqlite:${path}`, '--json'], setup.env, setup.dir);

  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const summary = JSON.parse(run.stdout) as { ok: boolean; seconds: number; requests: number; entities: Array<{ entity: string; inserted: number; seconds: number }> };
  assert.equal(summary.ok, true);
  assert.equal(summary.entities.length, 8);
  assert.equal(summary.entities.find((entity) => entity.entity === 'contacts')?.inserted, setup.sandbox.portfolio.contacts.size);
  // Seconds are rounded to milliseconds.
  for (const seconds of [summary.seconds, ...summary.entities.map((entity) => entity.seconds)]) assert.match(String(seconds), /^\d+(\.\d{1,3})?$/);
});

test('sync off a terminal prints nothing', async () => {
  const run = await runCli(['sync', '--to', `sqlite:${join(setup.dir, 'quiet.db')}`, '--entity', 'members,tenancy_balances'], setup.env, setup.dir);

  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, '');
});

test('sync status lists each entity', async () => {
  const path = join(setup.dir, 'status.db');
  assert.equal((await runCli(['sync', '--to', `sqlite:${path}`, '--entity', 'jobs,members'], setup.env, setup.dir)).code, 0);
  const run = await runCli(['sync', 'status', '--to', `sqlite:${path}`, '--json'], setup.env, setup.dir);

  assert.equal(run.code, 0, run.stderr);
  const status = JSON.parse(run.stdout) as { entities: Array<{ entity: string; rowCount: number; cursor: string | null }> };
  // In the order a sync runs them, not alphabetical.
  assert.deepEqual(status.entities.map((entity) => entity.entity), ['members', 'jobs']);
  assert.equal(status.entities[1]!.rowCount, setup.sandbox.portfolio.jobs.size);
  assert.match(status.entities[1]!.cursor ?? '', /^\d{18}$/);
  assert.equal(status.entities[0]!.cursor, null);
});

test('two processes start one file', async () => {
  // The second process may find the file still being created by the first: it must wait for the
  // switch to WAL mode and never mistake half-made tables for another layout.
  for (let round = 0; round < 3; round++) {
    const path = join(setup.dir, `together-${round}.db`);
    const runs = await Promise.all([0, 1].map(() => runCli(['sync', '--to', `sqlite:${path}`, '--entity', 'members,tasks'], setup.env, setup.dir)));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
  }
});

test('malformed target is a usage error', async () => {
  const run = await runCli(['sync', '--to', 'mysql://localhost/x'], setup.env, setup.dir);

  assert.equal(run.code, 2);
  assert.equal(run.stderr, "propertyme: Invalid target 'mysql://localhost/x': it names no known database. Use sqlite:PATH (such as sqlite:./propertyme.db) or postgres://USER:PASSWORD@HOST:PORT/DATABASE.\n");
});

test('unknown entity is a usage error', async () => {
  const run = await runCli(['sync', '--entity', 'contacts,leases'], setup.env, setup.dir);

  assert.equal(run.code, 2);
  assert.match(run.stderr, /^propertyme: unknown entity "leases"; valid entities: contacts, /);
});

test('unreachable PostgreSQL is one line', async () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const run = await runCli(['sync', '--to', 'postgres://user:secret@127.0.0.1:1/mirror'], setup.env, setup.dir);

  assert.equal(run.code, 1);
  assert.match(run.stderr, /^propertyme: Cannot reach PostgreSQL at postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/mirror: .*ECONNREFUSED.*Check that the server is running/);
  assert.equal(run.stderr.split('\n').length, 2, 'one line');
  assert.ok(!run.stderr.includes('secret'), 'the password is not shown');
});

test('locked SQLite file writes nothing', async () => {
  const path = join(setup.dir, 'locked.db');
  assert.equal((await runCli(['sync', '--to', `sqlite:${path}`, '--entity', 'members'], setup.env, setup.dir)).code, 0);
  const before = readSqliteMirror(path);

  const holder = new Database(path);
  holder.exec('BEGIN EXCLUSIVE');
  let run;
  try {
    run = await runCli(['sync', '--to', `sqlite:${path}`], setup.env, setup.dir);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }

  assert.equal(run.code, 1);
  assert.match(run.stderr, /^propertyme: The SQLite file .*locked\.db is locked by another connection \(waited 5 s\); nothing was written\./);
  assert.deepEqual(readSqliteMirror(path), before);
});

test('expired sign-in writes nothing', async () => {
  const path = join(setup.dir, 'expired.db');
  assert.equal((await runCli(['sync', '--to', `sqlite:${path}`, '--entity', 'members'], setup.env, setup.dir)).code, 0);
  const before = readSqliteMirror(path);

  // An expired access token with a refresh token the identity server never issued.
  const tokenFile = join(setup.dir, 'expired-tokens.json');
  await writeTokenFile(tokenFile, { access_token: 'expired', refresh_token: 'revoked', token_type: 'Bearer', expires_at: Math.floor(Date.now() / 1000) - 60 });
  const run = await runCli(['sync', '--to', `sqlite:${path}`], { ...setup.env, PROPERTYME_TOKEN_FILE: tokenFile }, setup.dir);

  assert.equal(run.code, 1);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, run.stderr);
  assert.match(lines[0]!, /^propertyme: sync of contacts, members, properties, tenancies, tenancy-balances, jobs, inspections, tasks failed: .*propertyme auth/);
  assert.equal(lines[1], 'propertyme: Nothing was committed; every cursor is unchanged. Fix the problem above and run the same command again.');
  assert.deepEqual(readSqliteMirror(path), before);
});

test('full disk rolls back', async (t) => {
  const mount = join(setup.dir, 'small-disk');
  mkdirSync(mount);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    t.skip('mounting a small tmpfs needs root; the full-disk case was not run');
    return;
  }

  try {
    const path = join(mount, 'full.db');
    const run = await runCli(['sync', '--to', `sqlite:${path}`], setup.env, setup.dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^propertyme: sync of .* failed: The disk holding .*full\.db is full; the transaction was rolled back\. Free some space and run again\./m);
    // Entities that fitted are committed; the others have neither rows nor a cursor.
    const db = new Database(path, { readonly: true });
    try {
      const cursors = db.prepare('SELECT entity, row_count FROM sync_cursors').all() as Array<{ entity: string; row_count: number }>;
      assert.ok(cursors.length < 8, 'some entity failed');
      for (const { entity, row_count } of cursors) {
        const table = entity.replace('-', '_');
        assert.equal(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), row_count, `${entity} rows match its cursor row`);
      }
    } finally {
      db.close();
    }
  } finally {
    execFileSync('umount', [mount]);
  }
});
