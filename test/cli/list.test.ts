import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { entities, entityNames, type EntityName } from '../../src/client/entities.js';
import { contractFields, defaultTableColumns } from '../../src/cli/output/fields.js';
import { parseCsv, runCli, startCliSandbox, type CliSandbox } from './helpers/cli-harness.js';

let cli: CliSandbox;
const expectedIds = new Map<EntityName, string[]>();

before(async () => {
  cli = await startCliSandbox({ scale: 'small', seed: 7 });
  // What `list` prints by default: active contacts and open tenancies, everything else in full.
  const lists: Record<EntityName, () => Promise<Array<{ id?: string | null }>>> = {
    contacts: () => cli.client.contacts.all(),
    members: () => cli.client.members.all(),
    properties: () => cli.client.properties.all(),
    tenancies: () => cli.client.tenancies.all(),
    'tenancy-balances': () => cli.client.tenancyBalances.all(),
    jobs: () => cli.client.jobs.all(),
    inspections: () => cli.client.inspections.all(),
    tasks: () => cli.client.tasks.all(),
  };
  for (const name of entityNames) expectedIds.set(name, (await lists[name]()).map((record) => record.id!));
});
after(() => cli.close());

function list(...args: string[]) {
  return runCli(['list', ...args], { env: cli.env, cwd: cli.folder });
}

function idsOf(records: Array<Record<string, unknown>>): string[] {
  return records.map((record) => record.id as string);
}

describe('list: every format for every entity', { concurrency: 4 }, () => {
  for (const name of entityNames) {
    test(`${name} as json`, async () => {
      const result = await list(name, '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.errorLines, []);
      const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
      assert.ok(records.length > 0, `the sandbox has no ${name}`);
      assert.deepEqual(idsOf(records), expectedIds.get(name));
    });

    test(`${name} as ndjson`, async () => {
      const result = await list(name, '--format', 'ndjson');
      assert.equal(result.status, 0, result.stderr);
      const lines = result.stdout.split('\n');
      assert.equal(lines.pop(), '', 'the output ends in a newline');
      assert.deepEqual(idsOf(lines.map((line) => JSON.parse(line) as Record<string, unknown>)), expectedIds.get(name));
    });

    test(`${name} as csv`, async () => {
      const result = await list(name, '--format', 'csv');
      assert.equal(result.status, 0, result.stderr);
      const [header, ...rows] = parseCsv(result.stdout);
      assert.deepEqual(header, contractFields(entities[name].definition));
      const idColumn = header!.indexOf('id');
      for (const row of rows) assert.equal(row.length, header!.length);
      assert.deepEqual(rows.map((row) => row[idColumn]), expectedIds.get(name));
    });

    test(`${name} as table`, async () => {
      const table = await runCli(['list', name, '--format', 'table', '--limit', '30'], { env: { ...cli.env, COLUMNS: '90' }, cwd: cli.folder });
      assert.equal(table.status, 0, table.stderr);
      const lines = table.stdout.trimEnd().split('\n');
      const expected = expectedIds.get(name)!.slice(0, 30);
      assert.equal(lines.length, expected.length + 1);
      assert.ok(lines[0]!.startsWith('id  '), lines[0]);
      for (const line of lines) assert.ok(line.length <= 90, `${JSON.stringify(line)} is wider than 90`);
      // The id column is never cut, so each row starts with its whole id.
      lines.slice(1).forEach((line, index) => assert.ok(line.startsWith(`${expected[index]}  `), line));
      assert.ok(!table.stdout.includes('\u001b'), 'no escape codes in a pipe');
    });
  }
});
