// The SQLite target's writer thread, driven directly: counts, restarts, live ids and dry runs, each
// checked against the file afterwards.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { isSyncError, SqliteTarget, type Row } from '../../src/sync/index.js';
import { toRow } from '../../src/sync/row.js';
import { tables } from '../../src/sync/schema.js';

const END = { deletedIds: [], syncedAt: '2026-01-01T00:00:00Z', cursor: null, archivedSince: null };
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'propertyme-sqlite-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

function jobText(id: string, timestamp: string, status = 'Reported'): string {
  const closedOn = status === 'Closed' ? ',"ClosedOn":"2026-01-01T00:00:00Z"' : '';
  return `{"Id":"${id}","Status":"${status}"${closedOn},"Timestamp":${timestamp}}`;
}

function job(id: string, timestamp: string, status = 'Reported'): Row {
  return toRow(tables.jobs, jobText(id, timestamp, status));
}

function read(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

test('writer thread counts and stores the cursor', async () => {
  const path = join(dir, 'counts.db');
  const target = SqliteTarget.open(path);
  try {
    const first = await target.openWriter('jobs', {});
    await first.write([job('a', '638600000000000001'), job('b', '638600000000000003')]);
    // Every row of a table that was empty comes from this write.
    assert.deepEqual(await first.liveIds(), []);
    const written = await first.finish({ ...END, cursor: '638600000000000003' });
    assert.equal(written.inserted, 2);
    assert.equal(written.rowCount, 2);

    const second = await target.openWriter('jobs', {});
    await second.write([job('a', '638600000000000001'), job('c', '638600000000000002', 'Closed')]);
    assert.deepEqual((await second.liveIds()).sort(), ['a', 'b', 'c']);
    const again = await second.finish({ ...END, deletedIds: ['b'], syncedAt: '2026-01-02T00:00:00Z', cursor: '638600000000000003' });
    assert.equal(again.unchanged, 1);
    assert.equal(again.inserted, 1);
    assert.equal(again.archived, 1);
    assert.equal(again.deleted, 1);
    assert.equal(again.rowCount, 2);
  } finally {
    await target.close();
  }
  assert.deepEqual(read(path, 'SELECT id, status, timestamp, closed_on IS NOT NULL AS closed, deleted_at FROM jobs ORDER BY id'), [
    { id: 'a', status: 'Reported', timestamp: '638600000000000001', closed: 0, deleted_at: null },
    { id: 'b', status: 'Reported', timestamp: '638600000000000003', closed: 0, deleted_at: '2026-01-02T00:00:00Z' },
    { id: 'c', status: 'Closed', timestamp: '638600000000000002', closed: 1, deleted_at: null },
  ]);
  assert.deepEqual(read(path, 'SELECT data FROM jobs WHERE id = \'c\''), [{ data: jobText('c', '638600000000000002', 'Closed') }]);
  assert.deepEqual(read(path, 'SELECT cursor, last_sync_at, row_count FROM sync_cursors'), [
    { cursor: '638600000000000003', last_sync_at: '2026-01-02T00:00:00Z', row_count: 2 },
  ]);
});

test('restart discards taken rows', async () => {
  const path = join(dir, 'restart.db');
  const target = SqliteTarget.open(path);
  try {
    const writer = await target.openWriter('jobs', {});
    await writer.write([job('x', '638600000000000009')]);
    await writer.restart();
    await writer.write([job('y', '638600000000000005')]);
    const written = await writer.finish(END);
    assert.equal(written.inserted, 1);
  } finally {
    await target.close();
  }
  assert.deepEqual(read(path, 'SELECT id FROM jobs'), [{ id: 'y' }]);
});

test('failed write rolls back', async () => {
  const path = join(dir, 'failed.db');
  const target = SqliteTarget.open(path);
  try {
    const writer = await target.openWriter('jobs', {});
    await writer.write([job('a', '638600000000000001')]);
    // A value that SQLite cannot bind fails the batch in the thread.
    await writer.write([{ ...job('b', '638600000000000002'), values: tables.jobs.columns.map(() => ({}) as never) }]);
    await assert.rejects(writer.finish(END), /can only bind/);
    await writer.abort();
  } finally {
    await target.close();
  }
  assert.deepEqual(read(path, 'SELECT id FROM jobs'), []);
  assert.deepEqual(read(path, 'SELECT entity FROM sync_cursors'), []);
});

test('dry run of a missing file creates nothing', async () => {
  const path = join(dir, 'missing.db');
  const target = SqliteTarget.open(path, { dryRun: true });
  try {
    const writer = await target.openWriter('jobs', { dryRun: true });
    await writer.write([job('a', '638600000000000001')]);
    const written = await writer.finish(END);
    assert.equal(written.inserted, 1);
  } finally {
    await target.close();
  }
  assert.equal(existsSync(path), false);
});

test('dry run of an existing file changes nothing', async () => {
  const path = join(dir, 'existing.db');
  await SqliteTarget.open(path).close();
  const target = SqliteTarget.open(path, { dryRun: true });
  try {
    const writer = await target.openWriter('jobs', { dryRun: true });
    await writer.write([job('a', '638600000000000001')]);
    assert.equal((await writer.finish(END)).inserted, 1);
  } finally {
    await target.close();
  }
  assert.deepEqual(read(path, 'SELECT id FROM jobs'), []);
});

test('close twice is harmless', async () => {
  const target = SqliteTarget.open(join(dir, 'twice.db'));
  await target.close();
  await target.close();
});

test('mirror of another layout is rejected', () => {
  const path = join(dir, 'older.db');
  const db = new Database(path);
  db.exec('CREATE TABLE sync_cursors (entity TEXT PRIMARY KEY)');
  db.close();
  for (const dryRun of [false, true]) {
    assert.throws(
      () => SqliteTarget.open(path, { dryRun }),
      (error: unknown) => isSyncError(error) && error.reason === 'invalid-target' && /^The mirror at sqlite:.*older\.db has layout 1, but this version of propertyme writes layout 2; nothing was written\. Sync into a new file or database, or remove this mirror's tables and sync again\.$/.test(error.message),
    );
  }
  assert.deepEqual(read(path, 'SELECT name FROM sqlite_master'), [{ name: 'sync_cursors' }, { name: 'sqlite_autoindex_sync_cursors_1' }]);
});

test('missing folder is named', () => {
  const path = join(dir, 'no-such-folder', 'mirror.db');
  assert.throws(
    () => SqliteTarget.open(path),
    (error: unknown) =>
      isSyncError(error) &&
      error.reason === 'invalid-target' &&
      error.message === `Cannot create the SQLite file ${path}: the folder ${join(dir, 'no-such-folder')} does not exist. Create it or choose another --to path.`,
  );
});

test('unusable paths are named with a fix', () => {
  const cases: Array<[string, RegExp]> = [
    [':memory:', /^Invalid target sqlite::memory:: the mirror must be a file that stays after the run\./],
    [dir, /^Cannot open the SQLite file .+: it is a folder, or its folder is not writable\. Choose another --to path\.$/],
  ];
  for (const [path, message] of cases) {
    assert.throws(() => SqliteTarget.open(path), (error: unknown) => isSyncError(error) && error.reason === 'invalid-target' && message.test(error.message), path);
  }
});

test('dry run and status leave the file as it was', async () => {
  const path = join(dir, 'rollback-journal.db');
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.close();
  await SqliteTarget.open(path).close();
  const plain = new Database(path);
  plain.pragma('journal_mode = DELETE');
  plain.close();
  const before = readFileSync(path);

  const target = SqliteTarget.open(path, { dryRun: true });
  try {
    await target.readStates();
    const writer = await target.openWriter('jobs', { dryRun: true });
    await writer.write([job('a', '638600000000000001')]);
    await writer.finish(END);
  } finally {
    await target.close();
  }
  assert.deepEqual(readFileSync(path), before);
});
