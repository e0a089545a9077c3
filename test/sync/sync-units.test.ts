// Target URLs, cursors and row conversion, without a sandbox.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTargetUrl } from '../../src/sync/open-target.js';
import { highestTimestamp, latestDate } from '../../src/sync/read-entity.js';
import { recordJson, toRow } from '../../src/sync/row.js';
import { tables } from '../../src/sync/schema.js';
import { isSyncError } from '../../src/sync/index.js';

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

test('highestTimestamp compares as bigint', () => {
  // Both differ only past 2^53, where JS numbers would call them equal.
  const records = [{ timestamp: 638_600_000_000_000_001n }, { timestamp: 638_600_000_000_000_003n }, { timestamp: 638_600_000_000_000_002n }];
  assert.equal(highestTimestamp(records, '638600000000000000'), '638600000000000003');
  assert.equal(highestTimestamp(records, '638600000000000009'), '638600000000000009');
  assert.equal(highestTimestamp([], null), '0');
});

test('latestDate compares instants, not text', () => {
  // 19:00 at +10:00 is 09:00 UTC, an hour before the first record, though it sorts after it as text.
  const records = [{ updatedOn: '2025-06-01T10:00:00Z' }, { updatedOn: '2025-06-01T19:00:00+10:00' }, { updatedOn: null }];
  assert.equal(latestDate(records, 'updatedOn', null), '2025-06-01T10:00:00Z');
  assert.equal(latestDate(records, 'updatedOn', '2025-07-01T00:00:00Z'), '2025-07-01T00:00:00Z');
  assert.equal(latestDate([], 'updatedOn', null), null);
});

test('recordJson keeps int64 digits', () => {
  const json = recordJson({ id: 'a', timestamp: 638_600_000_000_000_123n, nested: { value: 9_007_199_254_740_993n } });
  assert.equal(json, '{"id":"a","timestamp":"638600000000000123","nested":{"value":"9007199254740993"}}');
});

test('toRow fills typed columns', () => {
  const row = toRow(tables.contacts, {
    id: 'c1',
    nameText: 'Ada Lovelace',
    isOwner: true,
    isTenant: false,
    archivedOn: '2025-01-01T00:00:00Z',
    timestamp: 638_600_000_000_000_123n,
  });
  const byName = Object.fromEntries(tables.contacts.columns.map((column, index) => [column.name, row.values[index]]));
  assert.equal(byName.name, 'Ada Lovelace');
  assert.equal(byName.is_owner, true);
  assert.equal(byName.is_tenant, false);
  assert.equal(byName.email, null);
  assert.equal(byName.timestamp, '638600000000000123');
  assert.equal(row.retired, true);
  assert.throws(() => toRow(tables.contacts, { nameText: 'no id' }), TypeError);
});
