// Benchmark: list 100,000 contacts from a local server through `client.contacts.all()` and through a
// bare fetch + JSON.parse loop in the same run, alternating, and report median times, the ratio and
// peak memory.
//
// Usage: npx tsx --expose-gc bench/client.ts [--contacts N] [--rounds N] [--only client|bare]
//
// The server runs in a child process, so sending the body does not compete with the measured code
// for the main thread and the CPU time reported is the client process's alone: the main thread plus
// V8's garbage-collection helpers. On a machine shared with other work the CPU time varies less than
// the elapsed time. Without --expose-gc the peaks include garbage left by the previous round.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { staticToken } from '../src/api/auth-provider.js';
import { Client } from '../src/client/client.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    only: { type: 'string' },
  },
});
const CONTACT_COUNT = Number(values.contacts);
const ROUNDS = Number(values.rounds);

const FIRST_NAMES = ['Olivia', 'Jack', 'Charlotte', 'William', 'Amelia', 'Noah', 'Isla', 'Thomas', 'Mia', 'James'];
const LAST_NAMES = ['Smith', 'Nguyen', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson'];
const STREETS = ['George St', 'Pitt St', 'Chapel St', 'Queen St', 'Hay St', 'Rundle Mall', 'Flinders St', 'King William St'];
const SUBURBS = ['Sydney NSW 2000', 'South Yarra VIC 3141', 'Brisbane City QLD 4000', 'Perth WA 6000', 'Adelaide SA 5000'];

function guid(seed: number, salt: number): string {
  const hex = ((seed * 2654435761 + salt * 40503) >>> 0).toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-a${hex.slice(5, 8)}-${hex}${hex.slice(0, 4)}`;
}

function isoDate(seed: number): string {
  return new Date(Date.UTC(2018, 0, 1) + (seed % 2_500) * 86_400_000 + (seed % 86_400) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Builds one contact person, as listed inside a contact. */
function person(index: number, contactId: string, first: string, last: string): Record<string, unknown> {
  return {
    IsChatAvailable: false,
    Id: guid(index, 2),
    CustomerId: guid(7, 0),
    ContactId: contactId,
    Salutation: index % 3 === 0 ? 'Ms' : 'Mr',
    FirstName: first,
    LastName: last,
    CompanyName: null,
    Email: `${first}.${last}${index}@example.com`.toLowerCase(),
    SecondaryEmailAddresses: null,
    HomePhone: null,
    WorkPhone: `02 9${String(index).padStart(7, '0').slice(0, 3)} ${String(index).padStart(4, '0').slice(-4)}`,
    CellPhone: `04${String(index * 7919).padStart(8, '0').slice(-8)}`,
    NormalisedMobilePhone: `+614${String(index * 7919).padStart(8, '0').slice(-8)}`,
    CommunicationPreferences: null,
    PhysicalAddress: null,
    PostalAddress: null,
    IsPrimary: true,
    SortOrder: 0,
    FullName: `${first} ${last}`,
    CombinedPhones: `04${String(index * 7919).padStart(8, '0').slice(-8)}`,
  };
}

/** Builds one MobContactData record with the 40 fields of the contract and an 18-digit Timestamp. */
function contact(index: number): Record<string, unknown> {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const id = guid(index, 1);
  const address = `${(index % 400) + 1} ${STREETS[index % STREETS.length]}, ${SUBURBS[index % SUBURBS.length]}`;
  const isSupplier = index % 10 === 0;
  const isOwner = index % 3 === 0;
  const isTenant = !isOwner && !isSupplier;
  let role = 'Tenant';
  if (isOwner) role = 'Owner';
  else if (isSupplier) role = 'Supplier';
  const cell = `04${String(index * 7919).padStart(8, '0').slice(-8)}`;
  return {
    Id: id,
    CustomerId: guid(7, 0),
    SpecialType: null,
    Roles: [role],
    ArchivedOn: null,
    AccountDetails: [],
    Reference: `${last.toUpperCase()}${index}`,
    Website: isSupplier ? `https://www.${last.toLowerCase()}-trades.com.au` : null,
    ABN: isSupplier ? `51 824 ${String(index).padStart(3, '0').slice(-3)} 556` : null,
    PersonMigrated: true,
    Labels: index % 5 === 0 ? 'VIP,Portfolio A' : null,
    Notes: index % 4 === 0 ? 'Prefers contact by email after 5pm. Keys held at the office.' : null,
    NameText: `${first} ${last}`,
    PostalAddressText: address,
    PhysicalAddressText: address,
    CreatedOn: isoDate(index),
    UpdatedOn: isoDate(index * 3 + 17),
    TradeName: isSupplier ? `${last} Plumbing Pty Ltd` : null,
    HomePhone: null,
    WorkPhone: null,
    CellPhone: cell,
    Email: `${first}.${last}${index}@example.com`.toLowerCase(),
    SupplierChartAccountId: isSupplier ? guid(index, 3) : null,
    IsArchived: false,
    IsSupplier: isSupplier,
    IsTenant: isTenant,
    IsOwner: isOwner,
    IsSeller: false,
    PhoneText: `M: ${cell}`,
    WorkPhoneText: null,
    ContactPhone: cell,
    ContactPersons: [person(index, id, first, last)],
    PrimaryContactPerson: null,
    Timestamp: `__int64__${638712345678901234n + BigInt(index) * 1_000_003n}`,
    PrimaryPerson: `${first} ${last}`,
    Phone: cell,
    PrimaryPostalAddress: address,
    PrimaryPhysicalAddress: address,
    RolesString: role,
  };
}

function buildBody(count: number): Buffer {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) parts.push(JSON.stringify(contact(index)));
  // Timestamps go out as bare integers, as the live API sends them.
  return Buffer.from(`[${parts.join(',')}]`.replace(/"__int64__(\d+)"/g, '$1'));
}

const SERVER_SOURCE = `
const { createServer } = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const server = createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
});
// Rounds can be more than five seconds apart; the default keep-alive timeout would close the socket
// just as the next request reuses it.
server.keepAliveTimeout = 120000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('message', () => server.close(() => process.exit(0)));
`;

interface Peak {
  rss: number;
  heapUsed: number;
}

/** Runs `task` while sampling memory every 5 ms; returns the elapsed and CPU time and the peaks seen. */
async function measure(task: () => Promise<number>): Promise<{ ms: number; cpuMs: number; peak: Peak; records: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const peak: Peak = { rss: 0, heapUsed: 0 };
  const sample = (): void => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const records = await task();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  sample();
  clearInterval(timer);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, peak, records };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const body = buildBody(CONTACT_COUNT);
  const folder = mkdtempSync(join(tmpdir(), 'pm-bench-'));
  const bodyFile = join(folder, 'contacts.json');
  writeFileSync(bodyFile, body);
  const server = spawn(process.execPath, ['-e', SERVER_SOURCE, bodyFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => server.once('message', (message) => resolve(message as number)));
  const baseUrl = `http://127.0.0.1:${port}/api`;
  console.log(`${CONTACT_COUNT} contacts, ${mb(body.length)} of JSON, ${ROUNDS} rounds, node ${process.versions.node}`);

  const client = new Client({ auth: staticToken('bench-token'), baseUrl });
  const bare = async (): Promise<number> => {
    const response = await fetch(`${baseUrl}/v1/contacts?Timestamp=0`, {
      headers: { Accept: 'application/json', Authorization: 'Bearer bench-token' },
    });
    const records = JSON.parse(await response.text()) as unknown[];
    return records.length;
  };
  const viaClient = async (): Promise<number> => (await client.contacts.all()).length;

  const variants: Array<[name: string, task: () => Promise<number>]> = [
    ['bare fetch + JSON.parse', bare],
    ['client.contacts.all()', viaClient],
  ];
  const prefix = values.only === 'bare' ? 'bare' : 'client';
  const selected = values.only ? variants.filter(([name]) => name.startsWith(prefix)) : variants;
  const times = new Map<string, number[]>(selected.map(([name]) => [name, []]));
  const cpuTimes = new Map<string, number[]>(selected.map(([name]) => [name, []]));
  const peaks = new Map<string, Peak>(selected.map(([name]) => [name, { rss: 0, heapUsed: 0 }]));

  // One warm-up round each, then alternate, switching which goes first every round.
  for (const [, task] of selected) await task();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? selected : [...selected].reverse();
    for (const [name, task] of order) {
      const { ms, cpuMs, peak, records } = await measure(task);
      if (records !== CONTACT_COUNT) throw new Error(`${name} returned ${records} records, expected ${CONTACT_COUNT}`);
      times.get(name)!.push(ms);
      cpuTimes.get(name)!.push(cpuMs);
      const best = peaks.get(name)!;
      best.rss = Math.max(best.rss, peak.rss);
      best.heapUsed = Math.max(best.heapUsed, peak.heapUsed);
    }
  }

  for (const [name] of selected) {
    const list = times.get(name)!;
    const peak = peaks.get(name)!;
    console.log(
      `${name.padEnd(24)} median ${median(list).toFixed(0)} ms (min ${Math.min(...list).toFixed(0)}, max ${Math.max(...list).toFixed(0)}), ` +
        `CPU median ${median(cpuTimes.get(name)!).toFixed(0)} ms, peak RSS ${mb(peak.rss)}, peak heap ${mb(peak.heapUsed)}`,
    );
  }
  if (selected.length === 2) {
    const [bareName, clientName] = [variants[0]![0], variants[1]![0]];
    const ratio = median(times.get(clientName)!) / median(times.get(bareName)!);
    const cpuRatio = median(cpuTimes.get(clientName)!) / median(cpuTimes.get(bareName)!);
    console.log(`ratio client / bare: ${ratio.toFixed(3)}x elapsed, ${cpuRatio.toFixed(3)}x CPU (target at most 1.10x)`);
  }

  server.send('stop');
  rmSync(folder, { recursive: true, force: true });
}

await main();
