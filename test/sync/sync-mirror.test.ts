// The mirror against the sandbox's portfolio: after a full sync, after churn and an incremental
// sync, and after archive, close and delete churn.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { entityNames } from '../../src/client/entities.js';
import { syncPortfolio } from '../../src/sync/index.js';
import { liveRows, readApi, readSqliteMirror, startTestSandbox, type Mirror, type TestSandbox } from './helpers.js';

let setup: TestSandbox;
let path: string;

before(async () => {
  setup = await startTestSandbox({ seed: 7 });
  path = join(setup.dir, 'mirror.db');
});
after(async () => setup.close());

/** Asserts that every live row's `data` equals the API's record and that the id sets match. */
async function assertEqualsApi(mirror: Mirror): Promise<void> {
  const api = await readApi(setup);
  for (const [table, records] of Object.entries(api)) {
    const rows = liveRows(mirror, table);
    assert.deepEqual([...rows.keys()].sort(), [...records.keys()].sort(), `ids of ${table}`);
    for (const [id, record] of records) assert.deepEqual(rows.get(id)!.data, record, `${table} ${id}`);
  }
}

/**
 * Asserts that the mirror matches the sandbox's own records on the fields each entity's change
 * tracking covers: ids, life-cycle dates, status and the fields churn edits.
 */
function assertEqualsPortfolio(mirror: Mirror, options: { deletionsSeen: boolean }): void {
  const portfolio = setup.sandbox.portfolio;
  const check = <T extends { Id: string }>(table: string, records: Map<string, T>, fields: (row: Record<string, unknown>, record: T) => void) => {
    const rows = liveRows(mirror, table);
    if (options.deletionsSeen) assert.deepEqual([...rows.keys()].sort(), [...records.keys()].sort(), `ids of ${table}`);
    else for (const id of records.keys()) assert.ok(rows.has(id), `${table} ${id} is mirrored`);
    for (const [id, record] of records) fields(rows.get(id)!, record);
  };

  check('contacts', portfolio.contacts, (row, contact) => {
    assert.equal(row.archived_on, contact.ArchivedOn, `contact ${contact.Id} archived_on`);
    assert.equal(row.cell_phone, contact.CellPhone, `contact ${contact.Id} cell_phone`);
    assert.equal(row.timestamp, contact.Timestamp.toString(), `contact ${contact.Id} timestamp`);
  });
  check('properties', portfolio.lots, (row, lot) => {
    assert.equal(row.archived_on, lot.ArchivedOn, `lot ${lot.Id} archived_on`);
    assert.equal((row.data as { AdRentAmount: number }).AdRentAmount, lot.AdRentAmount, `lot ${lot.Id} AdRentAmount`);
  });
  check('members', portfolio.members, (row, member) => assert.equal(row.first_name, member.FirstName));
  check('tenancies', portfolio.tenancies, (row, tenancy) => {
    assert.equal(row.is_closed, tenancy.ClosedOn !== null, `tenancy ${tenancy.Id} is_closed`);
    assert.equal(row.closed_on !== null, tenancy.ClosedOn !== null, `tenancy ${tenancy.Id} closed_on`);
  });
  check('tenancy_balances', portfolio.tenancies, (row, tenancy) => {
    assert.equal(row.closed_on, tenancy.ClosedOn, `balance ${tenancy.Id} closed_on`);
    assert.equal(row.rent_arrears, tenancy.RentArrears, `balance ${tenancy.Id} rent_arrears`);
  });
  check('jobs', portfolio.jobs, (row, job) => {
    assert.equal(row.status, job.Status, `job ${job.Id} status`);
    assert.equal(row.closed_on, job.ClosedOn, `job ${job.Id} closed_on`);
    assert.equal(row.timestamp, job.Timestamp.toString(), `job ${job.Id} timestamp`);
  });
  check('tasks', portfolio.tasks, (row, task) => {
    assert.equal(row.status, task.TaskStatus, `task ${task.Id} status`);
    assert.equal(row.closed_on, task.ClosedOn, `task ${task.Id} closed_on`);
  });
  check('inspections', portfolio.inspections, (row, inspection) => {
    assert.equal(row.status, inspection.Status, `inspection ${inspection.Id} status`);
    assert.equal(row.closed_on, inspection.ClosedOn, `inspection ${inspection.Id} closed_on`);
  });
}

test('full sync mirrors every record', async () => {
  const result = await syncPortfolio({ client: setup.client, target: `sqlite:${path}` });

  assert.equal(result.ok, true);
  assert.ok(result.entities.every((entity) => entity.mode === 'full' && entity.status === 'committed'));
  // One list per entity and one page of archived lots; nothing needs re-reading on a first run.
  assert.equal(result.requests, entityNames.length + 1);
  const mirror = readSqliteMirror(path);
  await assertEqualsApi(mirror);
  assertEqualsPortfolio(mirror, { deletionsSeen: true });
});

test('incremental sync without changes reads little', async () => {
  const result = await syncPortfolio({ client: setup.client, target: `sqlite:${path}` });

  assert.equal(result.ok, true);
  // One request per entity, plus the archived-lots list that properties need.
  assert.equal(result.requests, entityNames.length + 1);
  for (const entity of result.entities) {
    assert.equal(entity.inserted, 0, `${entity.entity} inserted`);
    assert.equal(entity.updated, 0, `${entity.entity} updated`);
    assert.equal(entity.deleted, 0, `${entity.entity} deleted`);
  }
});

test('incremental sync picks up edits and new records', async () => {
  const summary = setup.sandbox.churn({ count: 40, seed: 11, kinds: ['editContact', 'newContact', 'editLot', 'editJob', 'newJob', 'editTask', 'newTask', 'editInspection', 'newInspection'] });
  const result = await syncPortfolio({ client: setup.client, target: `sqlite:${path}` });

  assert.equal(result.ok, true);
  const contacts = result.entities.find((entity) => entity.entity === 'contacts')!;
  assert.equal(contacts.mode, 'incremental');
  assert.equal(contacts.inserted, new Set(summary.newContact).size);
  assert.equal(contacts.updated, new Set(summary.editContact.filter((id) => !summary.newContact.includes(id))).size);
  assertEqualsPortfolio(readSqliteMirror(path), { deletionsSeen: true });
});

test('archived and closed records keep their rows', async () => {
  const summary = setup.sandbox.churn({ count: 12, seed: 12, kinds: ['archiveContact', 'archiveLot', 'closeTenancy'] });
  const result = await syncPortfolio({ client: setup.client, target: `sqlite:${path}` });

  assert.equal(result.ok, true);
  const mirror = readSqliteMirror(path);
  assertEqualsPortfolio(mirror, { deletionsSeen: true });
  for (const id of summary.archiveLot) assert.notEqual(liveRows(mirror, 'properties').get(id)?.archived_on ?? null, null, `lot ${id} archived`);
  for (const id of summary.archiveContact) assert.notEqual(liveRows(mirror, 'contacts').get(id)?.archived_on ?? null, null, `contact ${id} archived`);
  const properties = result.entities.find((entity) => entity.entity === 'properties')!;
  assert.equal(properties.archived, new Set(summary.archiveLot).size);
});

test('full sync flags deleted records', async () => {
  const summary = setup.sandbox.churn({ count: 12, seed: 13, kinds: ['deleteContact', 'deleteJob', 'deleteTask', 'deleteInspection'] });
  const deleted = [...summary.deleteContact, ...summary.deleteJob, ...summary.deleteTask, ...summary.deleteInspection];
  assert.ok(deleted.length > 0, 'churn deleted something');

  // An incremental read cannot see deletions: the rows stay until a full sync.
  const incremental = await syncPortfolio({ client: setup.client, target: `sqlite:${path}` });
  assert.equal(incremental.entities.reduce((sum, entity) => sum + entity.deleted, 0), 0);

  const full = await syncPortfolio({ client: setup.client, target: `sqlite:${path}`, full: true });
  assert.equal(full.ok, true);
  assert.equal(full.entities.reduce((sum, entity) => sum + entity.deleted, 0), deleted.length);
  // One list per entity, one archived page, and one single read per vanished record only.
  assert.equal(full.requests, entityNames.length + 1 + deleted.length);

  const mirror = readSqliteMirror(path);
  await assertEqualsApi(mirror);
  assertEqualsPortfolio(mirror, { deletionsSeen: true });
  const flagged = Object.values(mirror).flat().filter((row) => row.deleted === true).map((row) => row.id);
  assert.deepEqual(flagged.sort(), [...deleted].sort());
});

test('dry run writes nothing', async () => {
  const before = readSqliteMirror(path);
  setup.sandbox.churn({ count: 10, seed: 14 });
  const result = await syncPortfolio({ client: setup.client, target: `sqlite:${path}`, dryRun: true });

  assert.equal(result.ok, true);
  assert.ok(result.entities.every((entity) => entity.status === 'rolled-back'));
  assert.ok(result.entities.some((entity) => entity.inserted + entity.updated > 0), 'the dry run found changes');
  assert.deepEqual(readSqliteMirror(path), before);
});
