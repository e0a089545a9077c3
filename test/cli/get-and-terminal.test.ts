import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliCommand, runCli, runProcess, startCliSandbox, type CliSandbox } from './helpers/cli-harness.js';

let cli: CliSandbox;

before(async () => {
  cli = await startCliSandbox({ scale: 'small', seed: 3 });
});
after(() => cli.close());

function get(...args: string[]) {
  return runCli(['get', ...args], { env: cli.env, cwd: cli.folder });
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** Runs the CLI under a pseudo-terminal made by util-linux `script`, so stdout is a TTY. */
function runInTerminal(args: string[], env: NodeJS.ProcessEnv) {
  const [command, commandArgs] = cliCommand(args);
  const line = [command, ...commandArgs].map(shellQuote).join(' ');
  return runProcess('script', ['-qec', line, '/dev/null'], { env, cwd: cli.folder });
}

describe('get', { concurrency: 4 }, () => {
  test('each entity by id as json', async () => {
    const ids = {
      contacts: (await cli.client.contacts.all())[0]!.id!,
      members: (await cli.client.members.all())[0]!.id!,
      properties: (await cli.client.properties.all())[0]!.id!,
      tenancies: (await cli.client.tenancies.all())[0]!.id!,
      'tenancy-balances': (await cli.client.tenancyBalances.all())[0]!.id!,
      jobs: (await cli.client.jobs.all())[0]!.id!,
      inspections: (await cli.client.inspections.all())[0]!.id!,
      tasks: (await cli.client.tasks.all())[0]!.id!,
    };
    const results = await Promise.all(Object.entries(ids).map(async ([entity, id]) => [entity, id, await get(entity, id, '--format', 'json')] as const));
    for (const [entity, id, result] of results) {
      assert.equal(result.status, 0, `${entity}: ${result.stderr}`);
      const record = JSON.parse(result.stdout) as Record<string, unknown>;
      // Inspections come wrapped with their report; everything else is the record itself.
      const found = entity === 'inspections' ? JSON.stringify(record).includes(id) : record.id === id;
      assert.ok(found, `${entity} ${id} not in ${result.stdout.slice(0, 200)}`);
    }
  });

  test('properties --detail', async () => {
    const lot = (await cli.client.properties.all())[0]!;
    const result = await get('properties', lot.id!, '--detail', '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const expected = await cli.client.properties.detail(lot.id!);
    assert.deepEqual(Object.keys(JSON.parse(result.stdout) as object), Object.keys(expected));
  });

  test('table has one row per field', async () => {
    const member = (await cli.client.members.all())[0]!;
    const result = await runCli(['get', 'members', member.id!, '--format', 'table'], { env: { ...cli.env, COLUMNS: '60' }, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^field\s+value$/);
    assert.equal(lines.length, Object.keys(member).length + 1);
    for (const line of lines) assert.ok(line.length <= 60, line);
  });

  test('csv is a header and one row', async () => {
    const task = (await cli.client.tasks.all())[0]!;
    const result = await get('tasks', task.id!, '--format', 'csv');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.split('\r\n').length, 3);
  });

  test('unknown id of a listed entity', async () => {
    const result = await get('members', 'no-such-member');
    assert.equal(result.status, 1);
    assert.deepEqual(result.errorLines, ['propertyme: no members record has the id no-such-member; run `propertyme list members` to see the ids']);
  });

  test('unknown id answered 404', async () => {
    const result = await get('jobs', '00000000-0000-0000-0000-000000000000');
    assert.equal(result.status, 1);
    assert.match(result.errorLines.join('\n'), /^propertyme: GET \/v2\/jobtasks\/00000000-0000-0000-0000-000000000000 found nothing \(404\)/);
  });

  test('--detail on jobs is rejected', async () => {
    const result = await get('jobs', 'x', '--detail');
    assert.equal(result.status, 2);
    assert.deepEqual(result.errorLines, ['propertyme: --detail applies to contacts, properties only, not jobs']);
  });
});

describe('terminal and pipe output', { concurrency: 4 }, () => {
  test('pipe gets json by default', async () => {
    const result = await runCli(['list', 'members'], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(Array.isArray(JSON.parse(result.stdout)));
  });

  test('terminal gets a bold table', async () => {
    const result = await runInTerminal(['list', 'members'], { ...cli.env, COLUMNS: '80', TERM: 'xterm' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\u001b\[1mid {2,}name/);
    for (const line of result.stdout.replace(/\u001b\[\d+m/g, '').trimEnd().split('\r\n')) {
      if (!line.startsWith('oidc-provider')) assert.ok(line.length <= 80, line);
    }
  });

  test('NO_COLOR keeps the table plain', async () => {
    const result = await runInTerminal(['list', 'members'], { ...cli.env, COLUMNS: '80', TERM: 'xterm', NO_COLOR: '1' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^id {2,}name/m);
    assert.ok(!result.stdout.includes('\u001b['), JSON.stringify(result.stdout.slice(0, 200)));
  });

  test('export shows progress on a terminal', async () => {
    const result = await runInTerminal(['export', '--out', `${cli.folder}/export`, '--entity', 'members,tasks'], { ...cli.env, COLUMNS: '80', TERM: 'xterm' });
    assert.equal(result.status, 0, result.stderr);
    // The status line is redrawn in place: carriage return, then erase the line.
    assert.ok(result.stdout.includes('\r\u001b[2Ktasks: reading GET /v1/tasks…'), JSON.stringify(result.stdout.slice(0, 300)));
    assert.match(result.stdout, /tasks: \d+ records written to /);
  });

  test('export prints only summaries to a pipe', async () => {
    const result = await runCli(['export', '--out', `${cli.folder}/export-piped`, '--entity', 'members'], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.errorLines, [`members: ${(await cli.client.members.all()).length} records written to ${cli.folder}/export-piped/members.ndjson`]);
  });

  test('closed pipe ends quietly', async () => {
    const [command, commandArgs] = cliCommand(['list', 'contacts', '--archived', '--format', 'ndjson']);
    const line = `${[command, ...commandArgs].map(shellQuote).join(' ')} | head -n 1; exit "\${PIPESTATUS[0]}"`;
    const result = await runProcess('bash', ['-c', line], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.split('\n').length, 2);
    assert.deepEqual(result.errorLines, []);
  });
});
