import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { entities, entityNames } from '../../src/client/entities.js';
import { contractFields } from '../../src/cli/output/fields.js';
import { parseCsv, runCli, startCliSandbox, writeTokenFile, type CliSandbox } from './helpers/cli-harness.js';

async function recordCounts(cli: CliSandbox): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of entityNames) counts[name] = (await entities[name].listAll(cli.client)).length;
  return counts;
}

function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}

describe('export of the small portfolio', { concurrency: 3 }, () => {
  let cli: CliSandbox;
  let counts: Record<string, number>;

  before(async () => {
    cli = await startCliSandbox({ scale: 'small', seed: 9 });
    counts = await recordCounts(cli);
  });
  after(() => cli.close());

  test('ndjson: one file per entity', async () => {
    const out = join(cli.folder, 'ndjson');
    const result = await runCli(['export', '--out', out], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(filesIn(out), entityNames.map((name) => `${name}.ndjson`).sort());
    for (const name of entityNames) {
      const lines = readFileSync(join(out, `${name}.ndjson`), 'utf8').split('\n');
      assert.equal(lines.pop(), '');
      assert.equal(lines.length, counts[name], name);
      assert.ok(result.errorLines.includes(`${name}: ${counts[name]} records written to ${join(out, `${name}.ndjson`)}`), result.stderr);
    }
  });

  test('csv: header and rows', async () => {
    const out = join(cli.folder, 'csv');
    const result = await runCli(['export', '--out', out, '--format', 'csv', '--entity', 'contacts', '--entity', 'jobs,tasks'], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(filesIn(out), ['contacts.csv', 'jobs.csv', 'tasks.csv']);
    for (const name of ['contacts', 'jobs', 'tasks'] as const) {
      const [header, ...rows] = parseCsv(readFileSync(join(out, `${name}.csv`), 'utf8'));
      assert.deepEqual(header, contractFields(entities[name].definition));
      assert.equal(rows.length, counts[name]);
    }
  });

  test('json: one array per file', async () => {
    const out = join(cli.folder, 'json');
    const result = await runCli(['export', '--out', out, '--format', 'json', '--entity', 'properties,members'], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(readFileSync(join(out, 'properties.json'), 'utf8')) as unknown[]).length, counts.properties);
    assert.equal((JSON.parse(readFileSync(join(out, 'members.json'), 'utf8')) as unknown[]).length, counts.members);
  });

  test('failure leaves no partial file', async () => {
    const out = join(cli.folder, 'partial');
    const tokenFile = join(cli.folder, 'contacts-only.json');
    writeTokenFile(tokenFile, await cli.sandbox.issueAccessToken(['contact:read']), ['contact:read']);
    const result = await runCli(['export', '--out', out, '--entity', 'contacts,properties'], { env: { ...cli.env, PROPERTYME_TOKEN_FILE: tokenFile }, cwd: cli.folder });

    assert.equal(result.status, 1);
    assert.match(result.errorLines.at(-1)!, /^propertyme: GET \/v1\/lots was refused \(403 Forbidden\): the access token does not grant the property:read scope/);
    // contacts finished before properties failed; nothing else, temporary files included, is left.
    assert.deepEqual(filesIn(out), ['contacts.ndjson']);
  });

  test('unknown entity lists the valid ones', async () => {
    const result = await runCli(['export', '--out', join(cli.folder, 'none'), '--entity', 'contacts,leases'], { env: cli.env, cwd: cli.folder });
    assert.equal(result.status, 2);
    assert.deepEqual(result.errorLines, [`propertyme: unknown entity "leases"; valid entities: ${entityNames.join(', ')}`]);
  });
});

describe('export of the large portfolio', () => {
  let cli: CliSandbox;

  before(async () => {
    cli = await startCliSandbox({ scale: 'large', seed: 1 });
  });
  after(() => cli.close());

  test('memory stays flat', async (t) => {
    // Each run of the CLI writes its peak RSS (kilobytes) to this file on exit.
    const rssFile = join(cli.folder, 'max-rss');
    const env = { ...cli.env, PROPERTYME_TEST_RSS_FILE: rssFile };
    const out = join(cli.folder, 'large');
    // A heap limit makes V8 collect garbage before growing, so RSS follows the data that is live.
    // Measured with Node 20.20 on this portfolio (about 110 MB of NDJSON): the streaming export
    // completes in 96 MB of old space, while an exporter that keeps one entity's whole response
    // needs about 160 MB and aborts out of memory here.
    const nodeOptions = ['--max-old-space-size=96'];

    const baseline = await runCli(['list', 'members', '--format', 'ndjson'], { env, cwd: cli.folder, nodeOptions });
    assert.equal(baseline.status, 0, baseline.stderr);
    const baselineKb = Number(readFileSync(rssFile, 'utf8'));

    const result = await runCli(['export', '--out', out], { env, cwd: cli.folder, nodeOptions });
    assert.equal(result.status, 0, result.stderr);
    const peakKb = Number(readFileSync(rssFile, 'utf8'));

    const exportedBytes = filesIn(out).reduce((sum, file) => sum + statSync(join(out, file)).size, 0);
    assert.equal(filesIn(out).length, entityNames.length);
    const contacts = readFileSync(join(out, 'contacts.ndjson'), 'utf8');
    assert.equal(contacts.split('\n').length - 1, cli.sandbox.portfolio.contacts.size);

    // Beyond start-up, the export may use less memory than the bytes it wrote, where keeping the
    // records as objects would take several times their size.
    const growthBytes = (peakKb - baselineKb) * 1024;
    t.diagnostic(`peak RSS grew by ${Math.round(growthBytes / 2 ** 20)} MiB for ${Math.round(exportedBytes / 2 ** 20)} MiB exported`);
    assert.ok(
      growthBytes < exportedBytes,
      `peak RSS grew by ${Math.round(growthBytes / 2 ** 20)} MiB for ${Math.round(exportedBytes / 2 ** 20)} MiB exported`,
    );
  });
});

describe('export through dropped responses', () => {
  let cli: CliSandbox;
  before(async () => {
    cli = await startCliSandbox({ scale: 'small', seed: 3 });
  });
  after(() => cli.close());

  test('restarted lists give complete files', async () => {
    const names = ['contacts', 'inspections', 'jobs', 'tasks'] as const;
    const counts = await recordCounts(cli);
    // Truncated bodies cut lists after some records were written; each retry starts a new file.
    cli.sandbox.setFaults({ truncateRate: 0.5, seed: 2 });
    const truncatedBefore = cli.sandbox.stats.faults.truncate ?? 0;
    const out = join(cli.folder, 'faulty');

    const result = await runCli(['export', '--out', out, '--entity', names.join(',')], { env: cli.env, cwd: cli.folder });
    cli.sandbox.setFaults({});

    assert.equal(result.status, 0, result.stderr);
    assert.ok((cli.sandbox.stats.faults.truncate ?? 0) > truncatedBefore, 'no response was truncated');
    assert.deepEqual(filesIn(out), names.map((name) => `${name}.ndjson`));
    for (const name of names) {
      const lines = readFileSync(join(out, `${name}.ndjson`), 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, counts[name], name);
      assert.equal(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size, counts[name], name);
    }
  });
});
