// With the sandbox returning 500 and 429 and dropping connections, the sync ends with the same
// database as a clean run; a failed entity keeps its rows and cursor until a later run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { Client } from '../../src/client/client.js';
import { PROPERTYME_SCOPES } from '../../src/sandbox/index.js';
import { openTarget, syncPortfolio } from '../../src/sync/index.js';
import { readSqliteMirror, startTestSandbox, type TestSandbox } from './helpers.js';

let setup: TestSandbox;

before(async () => {
  setup = await startTestSandbox({ seed: 21, scale: { lots: 200, contacts: 600, jobs: 400, inspections: 200, tasks: 200 } });
});
after(async () => setup.close());

const FAULTS = { errorRate: 0.1, tooManyRequestsRate: 0.1, dropRate: 0.1, retryAfterSeconds: 0, seed: 5 };

test('faults give the same database as a clean run', async () => {
  const clean = join(setup.dir, 'clean.db');
  const faulty = join(setup.dir, 'faulty.db');
  setup.sandbox.churn({ count: 30, seed: 22 });
  assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${clean}` })).ok, true);

  setup.sandbox.setFaults(FAULTS);
  try {
    let runs = 0;
    let result;
    do {
      result = await syncPortfolio({ client: setup.client, target: `sqlite:${faulty}` });
      runs++;
    } while (!result.ok && runs < 5);
    assert.equal(result.ok, true, `a run succeeded within ${runs} attempts`);
    assert.ok(setup.sandbox.stats.faults.error + setup.sandbox.stats.faults.tooManyRequests + setup.sandbox.stats.faults.drop > 0, 'faults were injected');
  } finally {
    setup.sandbox.setFaults({});
  }

  assert.deepEqual(readSqliteMirror(faulty), readSqliteMirror(clean));
});

test('truncated bodies give the same database', async () => {
  // A body cut off mid-list has delivered records already, so the sync discards them and reads the
  // list again. For contacts and jobs, that rolls back the rows already written and starts over.
  const paths = ['clean-new', 'faulty-new', 'clean-old', 'faulty-old'].map((name) => join(setup.dir, `truncated-${name}.db`));
  const [cleanNew, faultyNew, cleanOld, faultyOld] = paths as [string, string, string, string];
  for (const path of [cleanOld, faultyOld]) assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${path}` })).ok, true);
  setup.sandbox.churn({ count: 30, seed: 24 });
  for (const path of [cleanNew, cleanOld]) assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${path}` })).ok, true);

  setup.sandbox.setFaults({ truncateRate: 0.3, seed: 6 });
  try {
    for (const path of [faultyNew, faultyOld]) {
      const result = await syncPortfolio({ client: setup.client, target: `sqlite:${path}` });
      assert.equal(result.ok, true, String(result.entities.find((entity) => entity.error)?.error));
    }
    assert.ok(setup.sandbox.stats.faults.truncate > 0, 'truncated bodies were sent');
  } finally {
    setup.sandbox.setFaults({});
  }

  assert.deepEqual(readSqliteMirror(faultyNew), readSqliteMirror(cleanNew));
  assert.deepEqual(readSqliteMirror(faultyOld), readSqliteMirror(cleanOld));
});

test('failed entity keeps rows and cursor', async () => {
  const path = join(setup.dir, 'failing.db');
  assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${path}` })).ok, true);
  const before = readSqliteMirror(path);
  setup.sandbox.churn({ count: 20, seed: 23 });

  // Without retries, every injected 500 fails the entity that met it.
  const token = await setup.sandbox.issueAccessToken(PROPERTYME_SCOPES);
  const noRetry = new Client({ auth: staticToken(token), baseUrl: setup.sandbox.apiUrl, retry: 1 });
  setup.sandbox.setFaults({ errorRate: 1 });
  let result;
  try {
    result = await syncPortfolio({ client: noRetry, target: `sqlite:${path}`, entities: ['contacts', 'jobs'] });
  } finally {
    setup.sandbox.setFaults({});
  }

  assert.equal(result.ok, false);
  const liveRows = (table: string) => before[table]!.filter((row) => row.deleted === false).length;
  for (const entity of result.entities) {
    assert.equal(entity.status, 'failed', `${entity.entity} failed`);
    assert.match(String(entity.error), /500/);
    assert.equal(entity.requests, 1, `${entity.entity} reports the request it sent`);
    assert.equal(entity.rowCount, liveRows(entity.entity), `${entity.entity} reports the rows it kept`);
  }
  assert.deepEqual(readSqliteMirror(path), before);
});

test('aborted run skips entities not started', async () => {
  const path = join(setup.dir, 'aborted.db');
  const controller = new AbortController();
  const result = await syncPortfolio({
    client: setup.client,
    target: `sqlite:${path}`,
    concurrency: 1,
    signal: controller.signal,
    onProgress: (event) => {
      if (event.entity === 'contacts' && event.phase === 'reading') controller.abort(new Error('stopped by the test'));
    },
  });

  assert.equal(result.ok, false);
  assert.equal(result.entities[0]!.status, 'failed');
  for (const entity of result.entities.slice(1)) assert.equal(entity.status, 'skipped', `${entity.entity} was not started`);
  assert.deepEqual(readSqliteMirror(path).sync_cursors, []);
});

test('two runs sharing a target take turns', async () => {
  const path = join(setup.dir, 'shared.db');
  const target = await openTarget(`sqlite:${path}`);
  try {
    const [contacts, jobs] = await Promise.all([
      syncPortfolio({ client: setup.client, target, entities: ['contacts'] }),
      syncPortfolio({ client: setup.client, target, entities: ['jobs'] }),
    ]);
    assert.equal(contacts.ok, true, String(contacts.entities[0]!.error));
    assert.equal(jobs.ok, true, String(jobs.entities[0]!.error));
  } finally {
    await target.close();
  }
  const mirror = readSqliteMirror(path);
  assert.equal(mirror.contacts!.length, setup.sandbox.portfolio.contacts.size);
  assert.equal(mirror.jobs!.length, setup.sandbox.portfolio.jobs.size);
  assert.ok(mirror.jobs!.every((row) => typeof (row.data as { Number?: unknown }).Number === 'number'), 'the jobs table holds jobs only');
});

test('empty list flags nothing deleted', async () => {
  const path = join(setup.dir, 'empty-list.db');
  assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${path}`, entities: ['members', 'tenancies'] })).ok, true);
  const before = readSqliteMirror(path);

  // A server that returns an empty 200 body for the two lists.
  const token = await setup.sandbox.issueAccessToken(PROPERTYME_SCOPES);
  const emptyLists: typeof fetch = async (input, init) => {
    const url = String(input);
    if (/\/v1\/(members|tenancies)\?|\/v1\/(members|tenancies)$/.test(url.split('#')[0]!)) return new Response('', { status: 200 });
    return fetch(input, init);
  };
  const client = new Client({ auth: staticToken(token), baseUrl: setup.sandbox.apiUrl, fetch: emptyLists });
  const result = await syncPortfolio({ client, target: `sqlite:${path}`, entities: ['members', 'tenancies'] });

  assert.equal(result.ok, false);
  for (const entity of result.entities) {
    assert.equal(entity.status, 'failed');
    assert.match(String(entity.error), new RegExp(`PropertyMe returned no ${entity.entity} at all, but the mirror has \\d+ live rows of them; nothing was flagged deleted\\.`));
  }
  assert.deepEqual(readSqliteMirror(path), before);
});

test('invalid item fails its entity', async () => {
  const path = join(setup.dir, 'bad-item.db');
  assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${path}`, entities: ['members', 'jobs'] })).ok, true);
  const before = readSqliteMirror(path);

  // Jobs stream into the writer as they arrive and members are read first, so both paths meet it.
  const token = await setup.sandbox.issueAccessToken(PROPERTYME_SCOPES);
  const badItems: typeof fetch = async (input, init) => {
    const url = String(input);
    const response = await fetch(input, init);
    if (!/\/v1\/members$|\/v2\/jobtasks\?/.test(url)) return response;
    const body = (await response.text()).replace(/\]\s*$/, ',{"Id":"broken",}]');
    return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const client = new Client({ auth: staticToken(token), baseUrl: setup.sandbox.apiUrl, fetch: badItems });
  const result = await syncPortfolio({ client, target: `sqlite:${path}`, entities: ['members', 'jobs'], full: true });

  assert.equal(result.ok, false);
  for (const entity of result.entities) {
    assert.equal(entity.status, 'failed');
    assert.match(String(entity.error), new RegExp(`PropertyMe's ${entity.entity} list has an item that is not valid JSON \\(.+\\): \\{"Id":"broken",\\}; nothing of ${entity.entity} was written\\.`));
  }
  assert.deepEqual(readSqliteMirror(path), before);
});

test('one client connection is enough for a full run', async () => {
  // The entity writing looks up its deleted records while the other large entity waits for its
  // turn, so that wait must not hold the client's only connection.
  const path = join(setup.dir, 'one-connection.db');
  const token = await setup.sandbox.issueAccessToken(PROPERTYME_SCOPES);
  const client = new Client({ auth: staticToken(token), baseUrl: setup.sandbox.apiUrl, maxConcurrency: 1 });
  assert.equal((await syncPortfolio({ client, target: `sqlite:${path}`, entities: ['contacts', 'jobs'] })).ok, true);
  setup.sandbox.churn({ count: 10, seed: 29, kinds: ['deleteContact', 'deleteJob'] });

  const result = await Promise.race([
    syncPortfolio({ client, target: `sqlite:${path}`, entities: ['contacts', 'jobs'], full: true }),
    new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('the run hung')), 30_000).unref()),
  ]);
  assert.equal(result.ok, true);
  assert.ok(result.entities.some((entity) => entity.deleted > 0), 'deletions were looked up');
});
