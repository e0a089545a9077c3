import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { entityNames } from '../../src/client/entities.js';
import { runCli, startCliSandbox, writeTokenFile, type CliSandbox } from './helpers/cli-harness.js';

let cli: CliSandbox;

before(async () => {
  cli = await startCliSandbox({ scale: 'small', seed: 11 });
});
after(() => cli.close());

type AnyRecord = Record<string, unknown>;

async function listJson(...args: string[]): Promise<AnyRecord[]> {
  const result = await runCli(['list', ...args, '--format', 'json'], { env: cli.env, cwd: cli.folder });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as AnyRecord[];
}

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const record of records) all.push(record);
  return all;
}

const ids = (records: ReadonlyArray<{ id?: unknown }>) => records.map((record) => record.id);

describe('list filters', { concurrency: 4 }, () => {
  test('properties --rentals', async () => {
    assert.deepEqual(ids(await listJson('properties', '--rentals')), ids(await collect(cli.client.properties.rentals())));
  });

  test('properties --sales', async () => {
    assert.deepEqual(ids(await listJson('properties', '--sales')), ids(await collect(cli.client.properties.sales())));
  });

  test('properties --vacant', async () => {
    assert.deepEqual(ids(await listJson('properties', '--vacant')), ids(await collect(cli.client.properties.vacancies())));
  });

  test('properties --archived', async () => {
    const archived = await listJson('properties', '--archived');
    assert.deepEqual(ids(archived), ids(await collect(cli.client.properties.archived())));
    assert.ok(archived.length > 0, 'the sandbox has archived properties');
    const active = new Set(ids(await cli.client.properties.all()));
    for (const record of archived) assert.ok(!active.has(record.id), `${String(record.id)} is also active`);
  });

  test('contacts --tenants', async () => {
    assert.deepEqual(ids(await listJson('contacts', '--tenants')), ids(await collect(cli.client.contacts.tenants())));
  });

  test('contacts --suppliers', async () => {
    assert.deepEqual(ids(await listJson('contacts', '--suppliers')), ids(await collect(cli.client.contacts.suppliers())));
  });

  test('contacts --owners', async () => {
    const owners = await listJson('contacts', '--owners');
    assert.ok(owners.length > 0);
    assert.deepEqual(ids(owners), ids(await collect(cli.client.contacts.ownerships())));
  });

  test('contacts --archived adds archived ones', async () => {
    const all = await listJson('contacts', '--archived');
    const active = await listJson('contacts');
    assert.ok(all.some((record) => record.isArchived === true), 'the sandbox has archived contacts');
    assert.ok(active.every((record) => record.isArchived !== true));
    assert.equal(all.length, active.length + all.filter((record) => record.isArchived === true).length);
  });

  test('tenancies --archived adds closed ones', async () => {
    const all = await listJson('tenancies', '--archived');
    assert.deepEqual(ids(all), ids(await cli.client.tenancies.all({ includeClosed: true })));
    assert.ok(all.length > (await listJson('tenancies')).length, 'the sandbox has closed tenancies');
  });

  test('--changed-since keeps later Timestamps exact', async () => {
    const jobs = await cli.client.jobs.all();
    const middle = jobs.map((job) => job.timestamp!).sort((a, b) => (a < b ? -1 : 1))[Math.floor(jobs.length / 2)]!;
    const result = await runCli(['list', 'jobs', '--changed-since', String(middle), '--format', 'ndjson'], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);

    const stamps = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => /"timestamp":(\d+)/.exec(line)![1]!);
    assert.equal(stamps.length, jobs.filter((job) => job.timestamp! > middle).length);
    for (const stamp of stamps) assert.ok(BigInt(stamp) > middle, `${stamp} is not after ${middle}`);
    // 18 digits printed as a bare number: a JS number would have rounded the last ones.
    assert.match(stamps[0]!, /^\d{18}$/);
  });

  test('tenancy-balances --changed-since a date', async () => {
    const balances = await cli.client.tenancyBalances.all();
    const since = '2025-01-01T00:00:00Z';
    const changed = await listJson('tenancy-balances', '--changed-since', since);
    assert.deepEqual(ids(changed), ids(await cli.client.tenancyBalances.changedSince(since)));
    assert.ok(changed.length < balances.length);
  });

  test('--limit and --fields', async () => {
    const records = await listJson('contacts', '--limit', '5', '--fields', 'id,NameText,email');
    assert.equal(records.length, 5);
    for (const record of records) assert.deepEqual(Object.keys(record), ['id', 'nameText', 'email']);
  });

});

// Alone, so that the request counter counts no other test's requests.
describe('list paging', () => {
  test('--limit stops paging early', async () => {
    const before = cli.sandbox.stats.apiRequests;
    const records = await listJson('properties', '--rentals', '--limit', '3');
    assert.equal(records.length, 3);
    assert.equal(cli.sandbox.stats.apiRequests - before, 1, 'one page of 3 is enough');
  });
});

describe('list errors', { concurrency: 4 }, () => {
  const cases: Array<[name: string, args: string[], status: number, message: RegExp]> = [
    ['unknown entity', ['list', 'houses'], 2, new RegExp(`^propertyme: unknown entity "houses"; valid entities: ${entityNames.join(', ')}$`)],
    ['unknown field', ['list', 'members', '--fields', 'id,shoeSize'], 2, /^propertyme: unknown field "shoeSize" for members; valid fields: id, customerId, userId, .*, name$/],
    ['filter on wrong entity', ['list', 'contacts', '--rentals'], 2, /^propertyme: --rentals applies to properties only, not contacts$/],
    ['two filters', ['list', 'properties', '--rentals', '--sales'], 2, /^propertyme: --rentals and --sales cannot be combined; choose one$/],
    ['changed-since without tracking', ['list', 'members', '--changed-since', '1'], 2, /^propertyme: --changed-since does not apply to members, because GET \/v1\/members has no change filter$/],
    ['changed-since not a number', ['list', 'tasks', '--changed-since', 'yesterday'], 2, /^propertyme: --changed-since for tasks must be a Timestamp/],
    ['archived on jobs', ['list', 'jobs', '--archived'], 2, /^propertyme: --archived applies to contacts, tenancies, properties only, not jobs$/],
    ['bad limit', ['list', 'jobs', '--limit', '0'], 2, /--limit <n>' argument '0' is invalid\. expected a positive integer/],
    ['bad format', ['list', 'jobs', '--format', 'xml'], 2, /Allowed choices are table, json, ndjson, csv/],
  ];
  for (const [name, args, status, message] of cases) {
    test(name, async () => {
      const result = await runCli(args, { env: cli.env, cwd: cli.folder });
      assert.equal(result.status, status);
      assert.equal(result.stdout, '');
      assert.ok(result.errorLines.some((line) => message.test(line)), result.stderr);
    });
  }

  test('no sign-in points to propertyme auth', async () => {
    const result = await runCli(['list', 'contacts'], { env: { ...cli.env, PROPERTYME_TOKEN_FILE: `${cli.folder}/missing.json` }, cwd: cli.folder });
    assert.equal(result.status, 1);
    assert.deepEqual(result.errorLines, [`propertyme: No token found. Please run 'propertyme auth' first (no file at ${cli.folder}/missing.json).`]);
  });

  test('missing scope is named', async () => {
    const tokenFile = `${cli.folder}/contacts-only.json`;
    writeTokenFile(tokenFile, await cli.sandbox.issueAccessToken(['contact:read']), ['contact:read']);
    const result = await runCli(['list', 'properties'], { env: { ...cli.env, PROPERTYME_TOKEN_FILE: tokenFile }, cwd: cli.folder });
    assert.equal(result.status, 1);
    assert.equal(result.errorLines.length, 1, result.stderr);
    assert.match(result.errorLines[0]!, /^propertyme: GET \/v1\/lots was refused \(403 Forbidden\): the access token does not grant the property:read scope/);
  });
});
