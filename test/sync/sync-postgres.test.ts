// PostgreSQL and SQLite give the same rows. Needs a server: set PROPERTYME_TEST_POSTGRES_URL, for
// example to the URL that scripts/start-test-postgres.sh prints.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { staticToken } from '../../src/api/auth-provider.js';
import { Client } from '../../src/client/client.js';
import { PROPERTYME_SCOPES } from '../../src/sandbox/index.js';
import { isSyncError, PostgresTarget, syncPortfolio } from '../../src/sync/index.js';
import { readPostgresMirror, readSqliteMirror, resetPostgres, startTestSandbox, type TestSandbox } from './helpers.js';

const url = process.env.PROPERTYME_TEST_POSTGRES_URL;
if (!url) console.log('PostgreSQL sync tests skipped: PROPERTYME_TEST_POSTGRES_URL is not set (see scripts/start-test-postgres.sh)');

let setup: TestSandbox;

before(async () => {
  if (!url) return;
  setup = await startTestSandbox({ seed: 51 });
  await resetPostgres(url);
});
after(async () => setup?.close());

test('PostgreSQL and SQLite rows match', { skip: !url }, async () => {
  const path = join(setup.dir, 'same.db');
  const sync = async (full = false) => {
    for (const target of [`sqlite:${path}`, url!]) {
      const result = await syncPortfolio({ client: setup.client, target, full });
      assert.equal(result.ok, true, `${target}: ${result.entities.map((entity) => String(entity.error ?? '')).join(' ')}`);
    }
  };

  await sync();
  assert.deepEqual(await readPostgresMirror(url!), readSqliteMirror(path));

  setup.sandbox.churn({ count: 40, seed: 52 });
  await sync();
  assert.deepEqual(await readPostgresMirror(url!), readSqliteMirror(path));

  setup.sandbox.churn({ count: 20, seed: 53, kinds: ['deleteContact', 'deleteJob', 'archiveLot', 'closeTenancy'] });
  await sync(true);
  const postgres = await readPostgresMirror(url!);
  assert.deepEqual(postgres, readSqliteMirror(path));
  assert.ok(Object.values(postgres).flat().some((row) => row.deleted === true), 'deletions were flagged');
});

test('PostgreSQL dry run writes nothing', { skip: !url }, async () => {
  const before = await readPostgresMirror(url!);
  setup.sandbox.churn({ count: 10, seed: 54 });
  const result = await syncPortfolio({ client: setup.client, target: url!, dryRun: true });

  assert.equal(result.ok, true);
  assert.ok(result.entities.some((entity) => entity.inserted + entity.updated > 0), 'the dry run found changes');
  assert.deepEqual(await readPostgresMirror(url!), before);
});

test('PostgreSQL mirror of another layout is rejected', { skip: !url }, async () => {
  const client = new pg.Client(url!);
  await client.connect();
  try {
    await client.query("COMMENT ON TABLE sync_cursors IS 'propertyme mirror format 1'");
    const rejected = (error: unknown) => isSyncError(error) && error.reason === 'invalid-target' && /has layout 1, but this version of propertyme writes layout 2; nothing was written\./.test(error.message);
    await assert.rejects(PostgresTarget.open(url!), rejected);
    await assert.rejects(PostgresTarget.open(url!, { dryRun: true }), rejected);
  } finally {
    await client.query("COMMENT ON TABLE sync_cursors IS 'propertyme mirror format 2'");
    await client.end();
  }
});

test('PostgreSQL names a record JSONB cannot hold', { skip: !url }, async () => {
  const token = await setup.sandbox.issueAccessToken(PROPERTYME_SCOPES);
  const nulInName: typeof fetch = async (input, init) => {
    if (/\/v1\/members$/.test(String(input))) return new Response('[{"Id":"m-nul","Name":"a\\u0000b"}]', { status: 200 });
    return fetch(input, init);
  };
  const client = new Client({ auth: staticToken(token), baseUrl: setup.sandbox.apiUrl, fetch: nulInName });
  const before = await readPostgresMirror(url!);
  const result = await syncPortfolio({ client, target: url!, entities: ['members'] });

  assert.equal(result.ok, false);
  const error = result.entities[0]!.error;
  assert.ok(isSyncError(error));
  assert.equal(error.reason, 'entity-failed');
  assert.match(error.message, /^PostgreSQL rejected a members record: .+\. JSONB cannot hold \\u0000 or a lone surrogate, which the record contains; members keeps its rows and cursor until PropertyMe changes that record\.$/);
  assert.deepEqual(await readPostgresMirror(url!), before);
});
