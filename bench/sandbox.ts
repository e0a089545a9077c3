// Measures how fast the sandbox serves the largest collections of the large portfolio, so the sync
// benchmarks can show that the sandbox is not their bottleneck. Run: npx tsx bench/sandbox.ts
// Writes its figures into the "Sandbox" section of bench/RESULTS.md and leaves other sections alone.
import { execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { listResponse, type ApiRequest } from '../src/sandbox/api/context.js';
import { generatePortfolio, SCALE_PRESETS } from '../src/sandbox/data/generate.js';
import { WireJsonCache } from '../src/sandbox/json.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { mobContactView } from '../src/sandbox/wire/contacts.js';

const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const ROUNDS = 8;
const CONCURRENCY = 4;

interface Row {
  path: string;
  records: number;
  megabytes: number;
  sequentialRps: number;
  sequentialMBps: number;
  concurrentRps: number;
  concurrentMBps: number;
}

async function fetchBytes(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (response.status !== 200) throw new Error(`GET ${url} returned status ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}

interface ServedSandbox {
  apiUrl: string;
  token: string;
  startMs: number;
  counts: Record<string, number>;
}

/** `--serve` mode: runs the large sandbox in this (child) process and prints its URL and a token. */
async function serve(): Promise<void> {
  const started = performance.now();
  const sandbox: Sandbox = await startSandbox({ scale: 'large' });
  const startMs = performance.now() - started;
  const token = await sandbox.issueAccessToken(['contact:read', 'property:read', 'activity:read']);
  const p = sandbox.portfolio;
  const counts = {
    currentContacts: [...p.contacts.values()].filter((contact) => contact.ArchivedOn === null).length,
    contacts: p.contacts.size,
    jobs: p.jobs.size,
    inspections: p.inspections.size,
    tasks: p.tasks.size,
    currentLots: [...p.lots.values()].filter((lot) => lot.ArchivedOn === null).length,
  };
  process.stdout.write(`${JSON.stringify({ apiUrl: sandbox.apiUrl, token, startMs, counts } satisfies ServedSandbox)}\n`);
  process.once('SIGTERM', () => {
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  });
}

async function measure(served: ServedSandbox, path: string, records: number): Promise<Row> {
  const { token } = served;
  const url = `${served.apiUrl}${path}`;
  const bytes = await fetchBytes(url, token);

  let started = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) await fetchBytes(url, token);
  const sequentialSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = 0; i < ROUNDS; i += 1) await fetchBytes(url, token);
  }));
  const concurrentSeconds = (performance.now() - started) / 1000;

  const megabytes = bytes / 1_000_000;
  return {
    path,
    records,
    megabytes,
    sequentialRps: ROUNDS / sequentialSeconds,
    sequentialMBps: (ROUNDS * megabytes) / sequentialSeconds,
    concurrentRps: (ROUNDS * CONCURRENCY) / concurrentSeconds,
    concurrentMBps: (ROUNDS * CONCURRENCY * megabytes) / concurrentSeconds,
  };
}

/** Times how long the sandbox takes to collect the all-contacts body's cached buffers (median of 5, warm cache). */
function contactAssemblyMs(): number {
  const portfolio = generatePortfolio(1, SCALE_PRESETS.large);
  const request = { portfolio, cache: new WireJsonCache() } as unknown as ApiRequest;
  const build = () => listResponse(request, 'MobContactData', portfolio.contacts.values(), (contact) => mobContactView(portfolio, contact));
  build();
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    build();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[2] as number;
}

function machine(): string[] {
  const memory = (() => {
    try {
      return execSync('free -h', { encoding: 'utf8' }).split('\n')[1]?.trim().split(/\s+/)[1] ?? '';
    } catch {
      return `${(totalmem() / 2 ** 30).toFixed(1)}Gi`;
    }
  })();
  return [
    `- CPU: ${cpus()[0]?.model ?? 'unknown'} (nproc ${cpus().length})`,
    `- Memory: ${memory} total (free -h)`,
    `- Node.js ${process.version} on ${process.platform}`,
    `- Load average when the run ended: ${loadavg().map((value) => value.toFixed(1)).join(', ')} (other work on the machine inflates the times)`,
  ];
}

async function main(): Promise<void> {
  let started = performance.now();
  const small = await startSandbox();
  const smallStartMs = performance.now() - started;
  await small.close();

  // The sandbox runs in a child process, as it would beside a real client, so the two do not
  // share one event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rows: Row[] = [];
  let served: ServedSandbox;
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    served = JSON.parse(line) as ServedSandbox;
    const { counts } = served;
    rows.push(await measure(served, '/v1/contacts?Timestamp=0', counts['currentContacts'] ?? 0));
    rows.push(await measure(served, '/v1/contacts?Timestamp=0&IncludeArchived=true', counts['contacts'] ?? 0));
    rows.push(await measure(served, '/v2/jobtasks?Timestamp=0', counts['jobs'] ?? 0));
    rows.push(await measure(served, '/v1/inspections?Timestamp=0', counts['inspections'] ?? 0));
    rows.push(await measure(served, '/v1/tasks?Timestamp=0', counts['tasks'] ?? 0));
    rows.push(await measure(served, '/v1/lots?Timestamp=0', counts['currentLots'] ?? 0));
  } finally {
    child.kill('SIGTERM');
  }
  const largeStartMs = served.startMs;
  const assemblyMs = contactAssemblyMs();

  const table = [
    '| collection | records | MB per response | sequential req/s | sequential MB/s | 4 concurrent req/s | 4 concurrent MB/s |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) => `| \`${row.path}\` | ${row.records} | ${row.megabytes.toFixed(2)} | ${row.sequentialRps.toFixed(1)} | ${row.sequentialMBps.toFixed(0)} | ${row.concurrentRps.toFixed(1)} | ${row.concurrentMBps.toFixed(0)} |`),
  ];
  const section = [
    '## Sandbox',
    '',
    'Requests per second and MB/s of the largest collections of the `large` portfolio, with a bare',
    `fetch client in a separate process from the sandbox (${ROUNDS} requests one after another, then`,
    `${CONCURRENCY} concurrent clients of ${ROUNDS} requests each).`,
    'Each figure is the whole response body read to the end. The first request of each collection',
    'fills the per-record JSON cache and is not counted.',
    '',
    `Command: \`npx tsx bench/sandbox.ts\`, run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    ...machine(),
    '',
    `Start-up: small portfolio ${smallStartMs.toFixed(0)} ms, large portfolio ${largeStartMs.toFixed(0)} ms (generation included).`,
    `Server-side assembly of the 15,000-contact body (43 MB) from the per-record cache, as buffers the response writes without joining: ${assemblyMs.toFixed(0)} ms (median of 5),`,
    'so most of the time per request below is transfer and the client reading the body.',
    '',
    ...table,
    '',
  ].join('\n');

  process.stdout.write(`${section}\n`);
  const existing = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '# Benchmark results\n\n';
  const pattern = /## Sandbox\n[\s\S]*?(?=\n## |$)/;
  const updated = pattern.test(existing) ? existing.replace(pattern, section) : `${existing.trimEnd()}\n\n${section}`;
  writeFileSync(RESULTS_FILE, updated);
}

if (process.argv.includes('--serve')) await serve();
else await main();
