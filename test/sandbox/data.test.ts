import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { churnPortfolio } from '../../src/sandbox/churn.js';
import { generatePortfolio, SCALE_PRESETS } from '../../src/sandbox/data/generate.js';
import type { Portfolio } from '../../src/sandbox/data/portfolio.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { apiGet, rawTimestamps } from './helpers.js';

function checkReferences(portfolio: Portfolio): void {
  const contact = (id: string | null, where: string) => {
    if (id !== null) assert.ok(portfolio.contacts.has(id), `${where} refers to missing contact ${id}`);
  };
  for (const lot of portfolio.lots.values()) {
    assert.ok(portfolio.members.has(lot.ManagerMemberId), `lot ${lot.Id} manager`);
    const ownership = portfolio.ownerships.get(lot.OwnershipId);
    assert.ok(ownership !== undefined, `lot ${lot.Id} ownership`);
    contact(ownership.ContactId, `ownership ${ownership.Id}`);
    assert.equal(portfolio.contacts.get(ownership.ContactId)?.IsOwner, true, `owner of lot ${lot.Id} has IsOwner`);
    if (lot.ActiveTenancyId !== null) {
      const tenancy = portfolio.tenancies.get(lot.ActiveTenancyId);
      assert.ok(tenancy !== undefined, `lot ${lot.Id} active tenancy exists`);
      assert.equal(tenancy.ClosedOn, null, `lot ${lot.Id} active tenancy is open`);
      assert.equal(tenancy.LotId, lot.Id, `lot ${lot.Id} active tenancy belongs to it`);
    }
  }
  for (const tenancy of portfolio.tenancies.values()) {
    assert.ok(portfolio.lots.has(tenancy.LotId), `tenancy ${tenancy.Id} lot`);
    contact(tenancy.ContactId, `tenancy ${tenancy.Id}`);
  }
  for (const job of portfolio.jobs.values()) {
    assert.ok(portfolio.lots.has(job.LotId), `job ${job.Id} lot`);
    assert.ok(portfolio.members.has(job.ManagerMemberId), `job ${job.Id} manager`);
    for (const id of [job.OwnerContactId, job.TenantContactId, job.SupplierContactId]) contact(id, `job ${job.Id}`);
  }
  for (const inspection of portfolio.inspections.values()) {
    assert.ok(portfolio.lots.has(inspection.LotId), `inspection ${inspection.Id} lot`);
    contact(inspection.OwnerContactId, `inspection ${inspection.Id}`);
    contact(inspection.TenantContactId, `inspection ${inspection.Id}`);
  }
  for (const task of portfolio.tasks.values()) {
    if (task.LotId !== null) assert.ok(portfolio.lots.has(task.LotId), `task ${task.Id} lot`);
    contact(task.ContactId, `task ${task.Id}`);
  }
}

describe('generated portfolio', () => {
  test('same seed gives the same data', () => {
    const first = generatePortfolio(42, SCALE_PRESETS.small).toSnapshot();
    const second = generatePortfolio(42, SCALE_PRESETS.small).toSnapshot();
    assert.deepEqual(second, first);
    assert.notDeepEqual(generatePortfolio(43, SCALE_PRESETS.small).toSnapshot().contacts, first.contacts);
  });

  test('small preset has the documented counts and shapes', () => {
    const portfolio = generatePortfolio(1, SCALE_PRESETS.small);
    assert.equal(portfolio.lots.size, 50);
    assert.equal(portfolio.contacts.size, 150);
    assert.equal(portfolio.jobs.size, 120);
    const tenancies = [...portfolio.tenancies.values()];
    assert.ok(tenancies.some((tenancy) => tenancy.ClosedOn !== null), 'some tenancies are closed');
    assert.ok(tenancies.some((tenancy) => tenancy.RentArrears > 0), 'some tenancies are in arrears');
    assert.ok([...portfolio.lots.values()].some((lot) => lot.ArchivedOn !== null), 'some lots are archived');
    assert.ok([...portfolio.contacts.values()].some((contact) => contact.ArchivedOn !== null), 'some contacts are archived');
    for (const contact of portfolio.contacts.values()) {
      assert.match(contact.Email, /@([a-z-]+\.)?example\.com$/);
      assert.match(contact.CellPhone, /^04\d{2} \d{3} \d{3}$/);
      assert.match(contact.Id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(contact.Timestamp.toString().length, 18);
    }
    checkReferences(portfolio);
  });

  test('explicit counts are honoured', () => {
    const portfolio = generatePortfolio(5, { lots: 10, contacts: 40, members: 2, jobs: 7, inspections: 3, tasks: 4 });
    assert.equal(portfolio.lots.size, 10);
    assert.equal(portfolio.contacts.size, 40);
    assert.equal(portfolio.members.size, 2);
    assert.equal(portfolio.jobs.size, 7);
    assert.equal(portfolio.inspections.size, 3);
    assert.equal(portfolio.tasks.size, 4);
    checkReferences(portfolio);
  });
});

describe('sandbox start-up', () => {
  test('small portfolio starts within 5 s', async () => {
    const started = performance.now();
    const sandbox = await startSandbox();
    const elapsed = performance.now() - started;
    await sandbox.close();
    assert.ok(elapsed < 5000, `start-up took ${Math.round(elapsed)} ms`);
  });
});

describe('churn', () => {
  test('moves Timestamps forward and reports what changed', async () => {
    const sandbox = await startSandbox();
    try {
      const token = await sandbox.issueAccessToken(['contact:read', 'property:read', 'activity:read']);
      const before = sandbox.portfolio.lastTimestamp;
      const summary = sandbox.churn({ seed: 7, count: 60 });
      assert.equal(summary.changes, 60);
      assert.ok(summary.lastTimestamp > before);
      checkReferences(sandbox.portfolio);

      const changedContacts = rawTimestamps((await apiGet(sandbox, token, `/v1/contacts?Timestamp=${before}&IncludeArchived=true`)).text);
      assert.ok(changedContacts.every((value) => value > before && value <= summary.lastTimestamp));
      for (const id of [...summary.editContact, ...summary.archiveContact, ...summary.newContact]) {
        assert.ok((sandbox.portfolio.contacts.get(id)?.Timestamp ?? 0n) > before, `contact ${id}`);
      }
      for (const id of summary.archiveLot) assert.notEqual(sandbox.portfolio.lots.get(id)?.ArchivedOn, null);
      for (const id of summary.closeTenancy) assert.notEqual(sandbox.portfolio.tenancies.get(id)?.ClosedOn, null);
      for (const id of summary.deleteJob) {
        assert.equal((await apiGet(sandbox, token, `/v1/jobtasks/${id}`)).status, 404);
      }
      const lots = (await apiGet(sandbox, token, `/v1/lots?Timestamp=${before}`)).body as Array<{ Id: string }>;
      for (const id of summary.archiveLot) assert.ok(!lots.some((lot) => lot.Id === id), `archived lot ${id} left /v1/lots`);
    } finally {
      await sandbox.close();
    }
  });

  test('same seed churns the same records', () => {
    const first = generatePortfolio(3, SCALE_PRESETS.small);
    const second = generatePortfolio(3, SCALE_PRESETS.small);
    const now = new Date('2026-01-01T00:00:00Z');
    const a = churnSummary(first, now);
    const b = churnSummary(second, now);
    assert.deepEqual(b, a);
  });

  test('POST /sandbox/churn applies changes', async () => {
    const sandbox = await startSandbox();
    try {
      const before = sandbox.portfolio.lastTimestamp;
      const response = await fetch(`${sandbox.url}/sandbox/churn`, { method: 'POST', body: JSON.stringify({ count: 5, kinds: ['editJob', 'newTask'], seed: 1 }) });
      assert.equal(response.status, 200);
      const text = await response.text();
      const summary = JSON.parse(text) as { changes: number; editJob: string[]; newTask: string[] };
      assert.equal(summary.changes, 5);
      assert.equal(summary.editJob.length + summary.newTask.length, 5);
      assert.match(text, /"lastTimestamp":\d{18}/);
      assert.ok(sandbox.portfolio.lastTimestamp > before);
      const invalid = await fetch(`${sandbox.url}/sandbox/churn`, { method: 'POST', body: JSON.stringify({ kinds: ['explode'] }) });
      assert.equal(invalid.status, 400);
    } finally {
      await sandbox.close();
    }
  });
});

function churnSummary(portfolio: Portfolio, now: Date) {
  const summary = churnPortfolio(portfolio, { seed: 9, count: 30 }, now);
  return { ...summary, snapshot: portfolio.toSnapshot() };
}

describe('state file', () => {
  test('restart serves the same data and credentials', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
    const stateFile = join(folder, 'state.json');
    try {
      const first = await startSandbox({ stateFile, seed: 11 });
      const token = await first.issueAccessToken(['contact:read']);
      first.churn({ seed: 2, count: 10 });
      const snapshot = first.portfolio.toSnapshot();
      const credentials = [first.clientId, first.clientSecret];
      await first.close();
      assert.equal(((await stat(stateFile)).mode & 0o777).toString(8), '600');

      const second = await startSandbox({ stateFile, seed: 99 });
      try {
        assert.deepEqual(second.portfolio.toSnapshot(), snapshot);
        assert.deepEqual([second.clientId, second.clientSecret], credentials);
        assert.equal((await apiGet(second, token, '/v1/members')).status, 200, 'tokens survive the restart');
      } finally {
        await second.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
