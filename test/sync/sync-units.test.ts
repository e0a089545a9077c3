// Target URLs, cursors and row conversion, without a sandbox.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { Client } from '../../src/client/client.js';
import { parseTargetUrl } from '../../src/sync/open-target.js';
import { parseItem, RowBuilder, toRow } from '../../src/sync/row.js';
import { tables } from '../../src/sync/schema.js';
import { findEntity } from '../../src/client/entities.js';
import { isSyncError, syncPortfolio } from '../../src/sync/index.js';

test('parseTargetUrl accepted forms', () => {
  const cases = [
    ['sqlite:./propertyme.db', { kind: 'sqlite', path: './propertyme.db' }],
    ['sqlite:/var/lib/mirror.db', { kind: 'sqlite', path: '/var/lib/mirror.db' }],
    ['sqlite:///var/lib/mirror.db', { kind: 'sqlite', path: '/var/lib/mirror.db' }],
    ['postgres://u:p@localhost:5432/db', { kind: 'postgres', connectionString: 'postgres://u:p@localhost:5432/db' }],
    ['postgresql://localhost/db', { kind: 'postgres', connectionString: 'postgresql://localhost/db' }],
  ] as const;
  for (const [value, expected] of cases) assert.deepEqual(parseTargetUrl(value), expected, value);
});

test('parseTargetUrl rejected forms', () => {
  for (const value of ['sqlite:', 'postgres://', 'postgres://u:secret@[bad/db', 'mysql://localhost/db', './propertyme.db']) {
    assert.throws(() => parseTargetUrl(value), (error: unknown) => isSyncError(error) && error.reason === 'invalid-target' && !error.message.includes('secret'), value);
  }
});

const BALANCES = tables['tenancy-balances'];

test('RowBuilder keeps the highest Timestamp, compared as bigint', () => {
  // The three differ only past 2^53, where JS numbers would call them equal.
  const builder = new RowBuilder(tables.jobs, 'timestamp', { cursor: '638600000000000000', archivedSince: null });
  const items = ['{"Id":"a","Timestamp":638600000000000001}', '{"Id":"b","Timestamp":638600000000000003}', '{"Id":"c","Timestamp":638600000000000002}'];
  for (const item of items) builder.build(item, 'list');
  assert.equal(builder.cursor, '638600000000000003');
  assert.deepEqual([...builder.seen], ['a', 'b', 'c']);

  const ahead = new RowBuilder(tables.jobs, 'timestamp', { cursor: '638600000000000009', archivedSince: null });
  for (const item of items) ahead.build(item, 'list');
  assert.equal(ahead.cursor, '638600000000000009');
  assert.equal(new RowBuilder(tables.jobs, 'timestamp', { cursor: null, archivedSince: null }).cursor, '0');

  ahead.reset();
  assert.equal(ahead.cursor, '638600000000000009');
  assert.equal(ahead.seen.size, 0);
});

test('RowBuilder compares dates as instants, not text', () => {
  // 19:00 at +10:00 is 09:00 UTC, an hour before the first record, though it sorts after it as text.
  const builder = new RowBuilder(BALANCES, 'last-updated', { cursor: null, archivedSince: null });
  for (const item of ['{"Id":"a","UpdatedOn":"2025-06-01T10:00:00Z"}', '{"Id":"b","UpdatedOn":"2025-06-01T19:00:00+10:00"}', '{"Id":"c","UpdatedOn":null}']) {
    builder.build(item, 'list');
  }
  assert.equal(builder.cursor, '2025-06-01T10:00:00Z');
  const later = new RowBuilder(BALANCES, 'last-updated', { cursor: '2025-07-01T00:00:00Z', archivedSince: null });
  later.build('{"Id":"a","UpdatedOn":"2025-06-01T10:00:00Z"}', 'list');
  assert.equal(later.cursor, '2025-07-01T00:00:00Z');
  assert.equal(new RowBuilder(BALANCES, 'last-updated', { cursor: null, archivedSince: null }).cursor, null);
});

test('RowBuilder takes the archive date from archived lots only', () => {
  const builder = new RowBuilder(tables.properties, 'timestamp', { cursor: null, archivedSince: '2025-01-01T00:00:00Z' });
  builder.build('{"Id":"active","Timestamp":5,"ArchivedOn":"2026-01-01T00:00:00Z"}', 'list');
  builder.build('{"Id":"old","Timestamp":9,"ArchivedOn":"2025-03-01T00:00:00Z"}', 'archived');
  assert.equal(builder.archivedSince, '2025-03-01T00:00:00Z');
  // Archived lots are not part of /v1/lots' Timestamp order, so they leave the cursor alone.
  assert.equal(builder.cursor, '5');
});

test('toRow fills typed columns and keeps the item as sent', () => {
  const item = '{"Id":"c1","NameText":"Ada Lovelace","IsOwner":true,"IsTenant":false,"ArchivedOn":"2025-01-01T00:00:00Z","Timestamp":638600000000000123}';
  const row = toRow(tables.contacts, item);
  const byName = Object.fromEntries(tables.contacts.columns.map((column, index) => [column.name, row.values[index]]));
  assert.equal(byName.name, 'Ada Lovelace');
  assert.equal(byName.is_owner, true);
  assert.equal(byName.is_tenant, false);
  assert.equal(byName.email, null);
  assert.equal(byName.timestamp, '638600000000000123');
  assert.equal(row.retired, true);
  assert.equal(row.data, item);
});

test('toRow takes the record\'s own Timestamp when nested records have one too', () => {
  const nested = '{"Id":"c1","Children":[{"Timestamp":638600000000000999}],"Timestamp":638600000000000123}';
  assert.equal(parseItem(tables.contacts, nested).Timestamp, '638600000000000123');
  // Two digit strings that JSON.parse reads as the same number: the record's own one still wins.
  const twins = '{"Id":"c1","Children":[{"Timestamp":638600000000000124}],"Timestamp":638600000000000123}';
  assert.equal(parseItem(tables.contacts, twins).Timestamp, '638600000000000123');
});

test('toRow rejects items that are not records with an Id', () => {
  assert.throws(() => toRow(tables.contacts, '{"NameText":"no id"}'), { name: 'ItemError', message: 'a record without a string Id: {"NameText":"no id"}' });
  assert.throws(() => toRow(tables.contacts, '{"Id":7}'), { name: 'ItemError', message: /^a record without a string Id/ });
  assert.throws(() => toRow(tables.contacts, '[1]'), { name: 'ItemError', message: 'an item that is not a JSON object: [1]' });
  assert.throws(() => toRow(tables.contacts, '{"Id":"a",'), { name: 'ItemError', message: /^an item that is not valid JSON \(.+\): \{"Id":"a",$/ });
  // Quoted on one line, without the control characters that a terminal would act on.
  assert.throws(() => toRow(tables.contacts, '{\n  "Timestamp": 3\n}'), { name: 'ItemError', message: 'a record without a string Id: { "Timestamp": 3 }' });
  assert.throws(() => toRow(tables.contacts, '{"Id":"\u001b[31mred\r"}'), { name: 'ItemError', message: /^an item that is not valid JSON \(.+\): \{"Id":" \[31mred "\}$/ });
});

test('int64 values outside int64 stay out of columns and cursor', () => {
  const builder = new RowBuilder(tables.contacts, 'timestamp', { cursor: '638600000000000001', archivedSince: null });
  const timestampOf = (item: string) => builder.build(item, 'list').values[tables.contacts.columns.findIndex((column) => column.name === 'timestamp')];
  assert.equal(timestampOf('{"Id":"a","Timestamp":1234567890123456789012345}'), null);
  assert.equal(timestampOf('{"Id":"b","Timestamp":9223372036854775808}'), null);
  assert.equal(timestampOf('{"Id":"c","Timestamp":1e300}'), null);
  assert.equal(timestampOf('{"Id":"d","Timestamp":-5}'), '-5');
  assert.equal(builder.cursor, '638600000000000001');
  assert.equal(timestampOf('{"Id":"e","Timestamp":9223372036854775807}'), '9223372036854775807');
  assert.equal(builder.cursor, '9223372036854775807');
});

test('UpdatedOn far ahead of the clock does not move the cursor', () => {
  const builder = new RowBuilder(BALANCES, 'last-updated', { cursor: '2025-06-01T00:00:00Z', archivedSince: null });
  builder.build('{"Id":"a","UpdatedOn":"9999-12-31T00:00:00Z"}', 'list');
  assert.equal(builder.cursor, '2025-06-01T00:00:00Z');
});

test('spaced top-level Timestamp beats a compact nested one', () => {
  // The two differ by 62, so JSON.parse reads them as the same number.
  const item = '{"Id":"c1","Children":[{"Timestamp":638600000000000063}],"Timestamp" : 638600000000000001}';
  assert.equal(parseItem(tables.contacts, item).Timestamp, '638600000000000001');
});

test('toRow reads a Timestamp written with spaces or in exponent form', () => {
  assert.equal(parseItem(tables.jobs, '{"Id":"j1","Timestamp" : 638600000000000123}').Timestamp, '638600000000000123');
  // Exponent form has no exact digits to keep, so the column stays empty rather than hold a rounded value.
  const row = toRow(tables.jobs, '{"Id":"j1","Timestamp":6.38600000000000123e17}');
  assert.equal(row.values[tables.jobs.columns.findIndex((column) => column.name === 'timestamp')], null);
});

test('entity names from Object.prototype are unknown', async () => {
  for (const name of ['constructor', '__proto__', 'toString']) {
    assert.equal(findEntity(name), undefined, name);
    await assert.rejects(syncPortfolio({ client: {} as never, target: 'sqlite:/nonexistent/never-opened.db', entities: [name as never] }), {
      name: 'TypeError',
      message: new RegExp(`^Unknown entity '${name}'`),
    });
  }
});

test('unreachable API stops the run after one entity', async () => {
  // A port that was free a moment ago refuses connections.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const client = new Client({ auth: staticToken('token'), baseUrl: `http://127.0.0.1:${port}/api`, retry: 1 });
  // A dry run into a file that does not exist creates nothing.
  const result = await syncPortfolio({ client, target: `sqlite:${join(tmpdir(), 'propertyme-never-created.db')}`, dryRun: true, concurrency: 1 });
  assert.equal(result.entities[0]!.status, 'failed');
  assert.match(String(result.entities[0]!.error), /connection refused \(ECONNREFUSED\)/);
  for (const entity of result.entities.slice(1)) assert.equal(entity.status, 'skipped', entity.entity);
});

test('target that is neither a URL nor a target is a TypeError', async () => {
  await assert.rejects(syncPortfolio({ client: {} as never, target: 42 as never }), { name: 'TypeError', message: /^target must be a target URL such as sqlite:\.\/propertyme\.db, or an open SyncTarget, not 42$/ });
});
