// Benchmarks `propertyme sync` into SQLite against the transfer floor, on the sandbox's large
// portfolio, and prints a Markdown report. Run: npm run build && npx tsx bench/sync.ts [--runs N].
// The sync runs the built package in dist/, as installed users run it, writer thread included.
//
// The sandbox runs in this process. The floor and each sync run in child processes of their own, so
// that their wall time and peak RSS are measured apart from the sandbox's. The floor is a bare script that
// GETs the same collections, three at a time as the sync does, and JSON.parse-s each body.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, freemem, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox, PROPERTYME_SCOPES } from '../src/sandbox/index.js';
import { ARCHIVED_PAGE_SIZE } from '../src/sync/read-entity.js';

interface ChildReport {
  seconds: number;
  requests: number;
  maxRssMb: number;
  /** CPU time of the child process, all of its threads, in seconds. */
  cpuSeconds: number;
  /** CPU time the sandbox (this process) spent while the child ran, in seconds. */
  sandboxCpuSeconds?: number;
  bytes?: number;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const CHILD_ENV = 'PROPERTYME_BENCH_CHILD';
// Held in variables so that type-checking does not need dist/ to exist.
const DIST_INDEX = '../dist/index.js';
const DIST_SYNC = '../dist/sync/index.js';

/** The whole-list requests of a complete sync; archived lots are paged separately. */
const LIST_PATHS = [
  '/v1/contacts?Timestamp=0&IncludeArchived=true',
  '/v1/members',
  '/v1/lots?Timestamp=0',
  '/v1/tenancies?IncludeClosed=true',
  '/v1/tenancies/balances',
  '/v2/jobtasks?Timestamp=0',
  '/v1/inspections?Timestamp=0',
  '/v1/tasks?Timestamp=0',
];

async function floorChild(apiUrl: string, token: string): Promise<ChildReport> {
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  let bytes = 0;
  let requests = 0;
  const get = async (path: string): Promise<unknown> => {
    requests++;
    const send = () => fetch(apiUrl + path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    // One retry, as the sync's client would: the server may close a kept-alive socket just as it is reused.
    const response = await send().catch(send);
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} returned ${response.status}`);
    bytes += text.length;
    return JSON.parse(text);
  };

  // The same work as the sync: the archived lots page by page after the active ones, and three
  // lists in flight at once.
  const jobs: Array<() => Promise<void>> = LIST_PATHS.map((path) => async () => {
    await get(path);
    if (!path.startsWith('/v1/lots?')) return;
    for (let offset = 0; ; offset += ARCHIVED_PAGE_SIZE) {
      const page = (await get(`/v1/lots/archived?Offset=${offset}&Limit=${ARCHIVED_PAGE_SIZE}`)) as unknown[];
      if (page.length < ARCHIVED_PAGE_SIZE) break;
    }
  });
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all([worker(), worker(), worker()]);
  return { seconds: (performance.now() - started) / 1000, requests, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: cpuSeconds() - cpuStarted, bytes };
}

async function syncChild(apiUrl: string, token: string, target: string, full: boolean): Promise<ChildReport> {
  const { Client, staticToken } = (await import(DIST_INDEX)) as typeof import('../src/index.js');
  const { syncPortfolio } = (await import(DIST_SYNC)) as typeof import('../src/sync/index.js');
  const client = new Client({ auth: staticToken(token), baseUrl: apiUrl });
  const concurrency = process.env.PROPERTYME_BENCH_CONCURRENCY ? Number(process.env.PROPERTYME_BENCH_CONCURRENCY) : undefined;
  // Timed to the end of syncPortfolio, which closes the target it opened: the writer thread's last
  // commit and SQLite's final checkpoint are part of the sync.
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  const result = await syncPortfolio({ client, target, full, concurrency });
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(`sync failed: ${result.entities.map((entity) => String(entity.error ?? '')).join(' ')}`);
  return { seconds, requests: result.requests, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: cpuSeconds() - cpuStarted };
}

/** Runs this file again as a child in `mode` and returns the report it prints. */
function runChild(mode: string, args: string[]): Promise<ChildReport> {
  const sandboxCpuBefore = cpuSeconds();
  return new Promise((resolve, reject) => {
    // PROPERTYME_BENCH_NODE_ARGS passes flags such as --cpu-prof to the children only.
    const nodeArgs = process.env.PROPERTYME_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, '--import', import.meta.resolve('tsx'), import.meta.filename, ...args], {
      env: { ...process.env, [CHILD_ENV]: mode },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode} child exited with ${code}`));
      resolve({ ...(JSON.parse(stdout) as ChildReport), sandboxCpuSeconds: cpuSeconds() - sandboxCpuBefore });
    });
  });
}

/** Formats the median CPU seconds of the child and of the sandbox as two table cells. */
function cpu(reports: ChildReport[]): string {
  return `${median(reports.map((r) => r.cpuSeconds)).toFixed(2)} | ${median(reports.map((r) => r.sandboxCpuSeconds ?? 0)).toFixed(2)}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  const sandbox = await startSandbox({ scale: 'large', seed: 1 });
  const token = await sandbox.issueAccessToken(PROPERTYME_SCOPES);
  const dir = await mkdtemp(join(tmpdir(), 'propertyme-bench-'));

  try {
    // One untimed floor run fills the sandbox's response caches, so every timed run meets warm caches.
    await runChild('floor', [sandbox.apiUrl, token]);
    const floors: ChildReport[] = [];
    const fulls: ChildReport[] = [];
    for (let run = 0; run < runs; run++) {
      floors.push(await runChild('floor', [sandbox.apiUrl, token]));
      fulls.push(await runChild('sync', [sandbox.apiUrl, token, `sqlite:${join(dir, `full-${run}.db`)}`, 'full']));
    }

    const target = `sqlite:${join(dir, 'full-0.db')}`;
    const unchanged = await runChild('sync', [sandbox.apiUrl, token, target, 'incremental']);
    const churn = sandbox.churn({ fraction: 0.01, seed: 2 });
    const afterChurn = await runChild('sync', [sandbox.apiUrl, token, target, 'incremental']);

    const floor = median(floors.map((report) => report.seconds));
    const full = median(fulls.map((report) => report.seconds));
    const counts = sandbox.portfolio;
    const lines = [
      `Portfolio: sandbox scale large, seed 1 (${counts.contacts.size} contacts, ${counts.lots.size} lots, ${counts.tenancies.size} tenancies, ${counts.jobs.size} jobs, ${counts.inspections.size} inspections, ${counts.tasks.size} tasks; ${(floors[0]!.bytes! / 1e6).toFixed(1)} MB of JSON).`,
      `Medians of ${runs} runs, each in its own child process; the sandbox serves from this process with warm caches.`,
      '',
      '| measurement | seconds | requests | peak RSS (MB) | CPU seconds | sandbox CPU seconds |',
      '|---|---|---|---|---|---|',
      `| transfer floor: GET + JSON.parse | ${floor.toFixed(2)} | ${floors[0]!.requests} | ${median(floors.map((r) => r.maxRssMb)).toFixed(0)} | ${cpu(floors)} |`,
      `| full sync into SQLite | ${full.toFixed(2)} (${(full / floor).toFixed(2)}x floor) | ${fulls[0]!.requests} | ${median(fulls.map((r) => r.maxRssMb)).toFixed(0)} | ${cpu(fulls)} |`,
      `| incremental, no changes | ${unchanged.seconds.toFixed(2)} | ${unchanged.requests} | ${unchanged.maxRssMb.toFixed(0)} | ${cpu([unchanged])} |`,
      `| incremental after 1% churn (${churn.changes} changes) | ${afterChurn.seconds.toFixed(2)} | ${afterChurn.requests} | ${afterChurn.maxRssMb.toFixed(0)} | ${cpu([afterChurn])} |`,
      '',
      `Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free), Node ${process.version}, ${process.platform} ${process.arch}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const mode = process.env[CHILD_ENV];
if (mode === 'floor') {
  const [apiUrl, token] = process.argv.slice(2) as [string, string];
  process.stdout.write(JSON.stringify(await floorChild(apiUrl, token)));
} else if (mode === 'sync') {
  const [apiUrl, token, target, kind] = process.argv.slice(2) as [string, string, string, string];
  process.stdout.write(JSON.stringify(await syncChild(apiUrl, token, target, kind === 'full')));
} else {
  await main();
}
