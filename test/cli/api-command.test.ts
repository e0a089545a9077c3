import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, startCliSandbox, type CliSandbox } from './helpers/cli-harness.js';

let cli: CliSandbox;

before(async () => {
  cli = await startCliSandbox({ scale: 'small', seed: 5 }, ['contact:read', 'property:read', 'activity:read', 'activity:write']);
});
after(() => cli.close());

function api(args: string[], stdin?: string) {
  return runCli(['api', ...args], { env: cli.env, cwd: cli.folder, stdin });
}

describe('api', { concurrency: 4 }, () => {
  test('list operation prints wire JSON with exact Timestamps', async () => {
    const result = await api(['changedLot', '-p', 'Timestamp=0']);
    assert.equal(result.status, 0, result.stderr);
    const lots = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      lots.map((lot) => lot.Id),
      (await cli.client.properties.all()).map((lot) => lot.id),
    );
    // PascalCase names as in the contract, and every digit of the int64 Timestamp.
    const first = (await cli.client.properties.all())[0]!;
    assert.ok(result.stdout.includes(`"Timestamp": ${first.timestamp}`), `no bare Timestamp ${first.timestamp}`);
  });

  test('METHOD and concrete path', async () => {
    const lot = (await cli.client.properties.all())[0]!;
    const result = await api(['GET', `/v1/lots/${lot.id}/detail`]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes(lot.id!));
  });

  test('query string in the path', async () => {
    const result = await api(['GET /v1/contacts?Timestamp=0&IncludeArchived=true']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, (await cli.client.contacts.all({ includeArchived: true })).length);
  });

  test('body from standard input', async () => {
    const body = JSON.stringify({ Summary: 'Check smoke alarms', Description: 'Annual check, all bedrooms' });
    const result = await api(['POST', '/v1/tasks', '--body', '-'], body);
    assert.equal(result.status, 0, result.stderr);
    const response = JSON.parse(result.stdout) as { TaskId: string };
    assert.equal(cli.sandbox.portfolio.tasks.get(response.TaskId)?.Summary, 'Check smoke alarms');
  });

  test('body from a file', async () => {
    const file = join(cli.folder, 'task.json');
    writeFileSync(file, JSON.stringify({ Summary: 'Replace tap washer', Description: 'Kitchen' }));
    const result = await api(['addTask', '--body', file, '-p', 'Summary=Replace tap washers']);
    assert.equal(result.status, 0, result.stderr);
    const response = JSON.parse(result.stdout) as { TaskId: string };
    assert.equal(cli.sandbox.portfolio.tasks.get(response.TaskId)?.Summary, 'Replace tap washers');
  });

  test('missing scope is named', async () => {
    const result = await api(['transactionDashboard', '-p', 'Type=Bills']);
    assert.equal(result.status, 1);
    assert.match(result.errorLines.join('\n'), /^propertyme: GET \/v1\/dashboards\/transactions\/Bills was refused \(403 Forbidden\): the access token does not grant the transaction:read scope/);
  });
});

// Alone, so that the request counter counts no other test's requests.
describe('api parameter checks send nothing', () => {
  const cases: Array<[name: string, args: string[], message: string]> = [
    ['unknown parameter', ['changedLot', '-p', 'Timestamp=0', '-p', 'Since=1'], 'propertyme: changedLot (GET /v1/lots) has no parameter "Since"; its parameters are: Timestamp (required)'],
    ['missing required', ['GET', '/v1/lots'], 'propertyme: changedLot (GET /v1/lots) is missing required parameter Timestamp; give it with -p Timestamp=VALUE'],
    ['wrong type', ['changedLot', '-p', 'Timestamp=1e3'], 'propertyme: parameter Timestamp of changedLot must be an integer, not "1e3"'],
    ['unknown operation', ['GET', '/v1/houses'], 'propertyme: unknown operation "GET /v1/houses". Run `propertyme api --list` to see all 86'],
    ['invalid body', ['addTask', '--body', '-'], 'propertyme: --body (standard input) is not valid JSON: Unexpected end of JSON input'],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const before = cli.sandbox.stats.apiRequests;
      const result = await api(args);
      assert.equal(result.status, 2);
      assert.deepEqual(result.errorLines, [message]);
      assert.equal(cli.sandbox.stats.apiRequests, before, 'no request reached the sandbox');
    });
  }

  test('--list names every operation', async () => {
    const result = await api(['--list']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trimEnd().split('\n').length, 87);
  });
});
