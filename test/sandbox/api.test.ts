import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROPERTYME_SCOPES, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { apiGet, apiSend, contractErrors, rawTimestamps } from './helpers.js';

let sandbox: Sandbox;
let token: string;
before(async () => {
  sandbox = await startSandbox();
  token = await sandbox.issueAccessToken(PROPERTYME_SCOPES.filter((scope) => scope !== 'offline_access'));
});
after(() => sandbox.close());

function firstKey<T>(map: Map<string, T>, keep: (value: T) => boolean = () => true): string {
  for (const [key, value] of map) if (keep(value)) return key;
  throw new Error('No matching record in the sandbox portfolio');
}

/** Every read operation the sandbox implements, with a path that returns 200. */
function readCases(): Array<[operationId: string, path: string]> {
  const p = sandbox.portfolio;
  const contactId = firstKey(p.contacts);
  const lotId = firstKey(p.lots, (lot) => lot.ActiveTenancyId !== null);
  const tenancyId = firstKey(p.tenancies);
  return [
    ['ChangedContactsRequestcontacts_Get', '/v1/contacts?Timestamp=0&IncludeArchived=true'],
    ['ContactRequestcontactsId_Get', `/v1/contacts/${contactId}`],
    ['AgencyRequestcontactsagency_Get', '/v1/contacts/agency'],
    ['MembersRequestmembers_Get', '/v1/members'],
    ['ContactTenantsRequestcontactstenants_Get', '/v1/contacts/tenants?Offset=0&Limit=20'],
    ['QuerySuppliersRequestcontactssuppliers_Get', '/v1/contacts/suppliers?Offset=0&Limit=20'],
    ['ContactOwnershipsRequestcontactsownerships_Get', '/v1/contacts/ownerships?Offset=0&Limit=20'],
    ['ChangedLotRequestlots_Get', '/v1/lots?Timestamp=0'],
    ['LotRequestlotsId_Get', `/v1/lots/${lotId}`],
    ['LotDetailRequestlotsIddetail_Get', `/v1/lots/${lotId}/detail`],
    ['LotRentalsRequestlotsrentals_Get', '/v1/lots/rentals?Offset=0&Limit=20'],
    ['LotVacantSalesRequestlotsvacancy_Get', '/v1/lots/vacancy?Offset=0&Limit=20'],
    ['LotActiveSalesRequestlotssales_Get', '/v1/lots/sales?Offset=0&Limit=20'],
    ['LotArchivedRequestlotsarchived_Get', '/v1/lots/archived?Offset=0&Limit=20'],
    ['TenancyRequesttenancies_Get', '/v1/tenancies?IncludeClosed=true'],
    ['TenancyBalanceRequesttenanciesbalances_Get', '/v1/tenancies/balances'],
    ['SingleTenancyBalanceRequesttenanciesbalancesid_Get', `/v1/tenancies/balances/${tenancyId}`],
    ['ChangedJobTaskRequestjobtasks_Get', '/v1/jobtasks?Timestamp=0'],
    ['ChangedJobTaskV2Requestjobtasks_Get', '/v2/jobtasks?Timestamp=0'],
    ['JobTaskRequestjobtasksId_Get', `/v1/jobtasks/${firstKey(p.jobs)}`],
    ['JobTaskV2RequestjobtasksId_Get', `/v2/jobtasks/${firstKey(p.jobs)}`],
    ['SearchJobTaskRequestjobtaskssearch_Get', '/v1/jobtasks/search?Offset=0&Limit=20'],
    ['SearchJobTaskV2Requestjobtaskssearch_Get', '/v2/jobtasks/search?Offset=0&Limit=20&Priority=High'],
    ['ChangedTasksRequesttasks_Get', '/v1/tasks?Timestamp=0'],
    ['GetTaskRequesttasksId_Get', `/v1/tasks/${firstKey(p.tasks)}`],
    ['ChangedInspectionsRequestinspections_Get', '/v1/inspections?Timestamp=0'],
    ['GetInspectionRequestinspectionsId_Get', `/v1/inspections/${firstKey(p.inspections)}`],
    ['SearchInspectionsRequestinspectionssearch_Get', `/v1/inspections/search?Offset=0&Limit=20&LotId=${p.inspections.values().next().value?.LotId}`],
    ['QueryInspectionRequestinspectionsquery_Get', '/v1/inspections/query?Offset=0&Limit=20'],
    ['GetInspectionsRequestinspectionsstatusStatus_Get', '/v1/inspections/status/Closed?Offset=0&Limit=20'],
  ];
}

describe('read operations', () => {
  test('every response validates against the contract', async () => {
    for (const [operationId, path] of readCases()) {
      const response = await apiGet(sandbox, token, path);
      assert.equal(response.status, 200, `${path}: ${response.text.slice(0, 200)}`);
      assert.equal(contractErrors(operationId, 200, response.body), '', `${operationId} ${path}`);
      if (Array.isArray(response.body) && !path.includes('/sales')) assert.ok(response.body.length > 0, `${path} returned an empty list`);
    }
  });

  test('Timestamp values are 18-digit JSON integers', async () => {
    const { text } = await apiGet(sandbox, token, '/v1/contacts?Timestamp=0');
    const timestamps = rawTimestamps(text);
    assert.equal(timestamps.length, [...sandbox.portfolio.contacts.values()].filter((contact) => contact.ArchivedOn === null).length);
    for (const value of timestamps) assert.equal(value.toString().length, 18);
    assert.doesNotMatch(text, /"Timestamp":"/);
  });

  test('Timestamp filter is strictly greater than', async () => {
    const all = rawTimestamps((await apiGet(sandbox, token, '/v1/jobtasks?Timestamp=0')).text);
    all.sort((a, b) => Number(a - b));
    const middle = all[Math.floor(all.length / 2)] as bigint;
    const later = rawTimestamps((await apiGet(sandbox, token, `/v1/jobtasks?Timestamp=${middle}`)).text);
    assert.equal(later.length, all.filter((value) => value > middle).length);
    assert.ok(later.every((value) => value > middle));
    assert.ok(!later.includes(middle), 'the record at the cursor itself is not repeated');
    const latest = all[all.length - 1] as bigint;
    assert.deepEqual((await apiGet(sandbox, token, `/v2/jobtasks?Timestamp=${latest}`)).body, []);
  });

  test('archived lots and contacts are left out of change lists', async () => {
    const archivedLot = firstKey(sandbox.portfolio.lots, (lot) => lot.ArchivedOn !== null);
    const lots = (await apiGet(sandbox, token, '/v1/lots?Timestamp=0')).body as Array<{ Id: string }>;
    assert.ok(!lots.some((lot) => lot.Id === archivedLot));
    const archived = (await apiGet(sandbox, token, '/v1/lots/archived?Offset=0&Limit=1000')).body as Array<{ Id: string }>;
    assert.ok(archived.some((lot) => lot.Id === archivedLot));

    const archivedContact = firstKey(sandbox.portfolio.contacts, (contact) => contact.ArchivedOn !== null);
    const current = (await apiGet(sandbox, token, '/v1/contacts?Timestamp=0')).body as Array<{ Id: string }>;
    assert.ok(!current.some((contact) => contact.Id === archivedContact));
    const withArchived = (await apiGet(sandbox, token, '/v1/contacts?Timestamp=0&IncludeArchived=true')).body as Array<{ Id: string; IsArchived: boolean }>;
    assert.equal(withArchived.find((contact) => contact.Id === archivedContact)?.IsArchived, true);
  });

  test('Offset and Limit page until a short page', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = (await apiGet(sandbox, token, `/v1/contacts/tenants?Offset=${offset}&Limit=7`)).body as Array<{ Id: string }>;
      seen.push(...page.map((contact) => contact.Id));
      if (page.length < 7) break;
    }
    const tenants = [...sandbox.portfolio.contacts.values()].filter((contact) => contact.IsTenant && contact.ArchivedOn === null);
    assert.deepEqual(seen, tenants.map((contact) => contact.Id));
  });

  test('tenancy filters: IncludeClosed and LastUpdated', async () => {
    const open = (await apiGet(sandbox, token, '/v1/tenancies')).body as Array<{ IsClosed: boolean }>;
    const all = (await apiGet(sandbox, token, '/v1/tenancies?IncludeClosed=true')).body as unknown[];
    assert.ok(open.every((tenancy) => !tenancy.IsClosed));
    assert.ok(all.length > open.length, 'some tenancies are closed');
    const balances = (await apiGet(sandbox, token, '/v1/tenancies/balances')).body as Array<{ RentArrears: number; UpdatedOn: string }>;
    assert.ok(balances.some((balance) => balance.RentArrears > 0), 'some tenancies are in arrears');
    const since = '2025-06-20T00:00:00Z';
    const recent = (await apiGet(sandbox, token, `/v1/tenancies/balances?LastUpdated=${since}`)).body as Array<{ UpdatedOn: string }>;
    assert.equal(recent.length, balances.filter((balance) => Date.parse(balance.UpdatedOn) >= Date.parse(since)).length);
  });
});

describe('errors', () => {
  const cases: Array<[name: string, path: string, status: number, operationId?: string]> = [
    ['missing Timestamp on lots', '/v1/lots', 502, 'ChangedLotRequestlots_Get'],
    ['missing Timestamp on contacts', '/v1/contacts', 400, 'ChangedContactsRequestcontacts_Get'],
    ['invalid Timestamp', '/v1/tasks?Timestamp=abc', 400],
    ['Timestamp beyond int64', '/v1/jobtasks?Timestamp=9223372036854775808', 400, 'ChangedJobTaskRequestjobtasks_Get'],
    ['id that is not a GUID', '/v1/contacts/not-a-guid', 400, 'ContactRequestcontactsId_Get'],
    ['unknown id', '/v1/lots/00000000-0000-4000-8000-000000000000', 404],
    ['missing Limit', '/v1/lots/rentals?Offset=0', 400, 'LotRentalsRequestlotsrentals_Get'],
    ['unimplemented operation', '/v1/dashboards/lots/Summary', 501],
  ];
  for (const [name, path, status, operationId] of cases) {
    test(name, async () => {
      const response = await apiGet(sandbox, token, path);
      assert.equal(response.status, status, response.text);
      assert.equal(typeof response.body, 'object', 'errors have a JSON body');
      if (operationId !== undefined) assert.equal(contractErrors(operationId, status, response.body), '');
    });
  }

  test('missing token is 401 with WWW-Authenticate', async () => {
    const response = await apiGet(sandbox, undefined, '/v1/members');
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
  });

  test('unknown token is 401', async () => {
    assert.equal((await apiGet(sandbox, 'not-a-token', '/v1/members')).status, 401);
  });

  test('token without the scope is 403', async () => {
    const narrow = await sandbox.issueAccessToken(['contact:read']);
    assert.equal((await apiGet(sandbox, narrow, '/v1/contacts?Timestamp=0')).status, 200);
    const denied = await apiGet(sandbox, narrow, '/v1/lots?Timestamp=0');
    assert.equal(denied.status, 403);
    assert.match(denied.headers.get('www-authenticate') ?? '', /insufficient_scope.*property:read/);
    assert.equal((await apiGet(sandbox, narrow, '/v1/tasks?Timestamp=0')).status, 403);
  });

  test('expired token is 401', async () => {
    const shortLived = await sandbox.issueAccessToken(['contact:read'], { expiresInSeconds: 1 });
    assert.equal((await apiGet(sandbox, shortLived, '/v1/members')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal((await apiGet(sandbox, shortLived, '/v1/members')).status, 401);
  });
});

describe('write operations', () => {
  test('job add, update and comment bump the Timestamp', async () => {
    const lotId = firstKey(sandbox.portfolio.lots, (lot) => lot.ArchivedOn === null);
    const before = sandbox.portfolio.lastTimestamp;
    const added = await apiSend(sandbox, token, 'POST', '/v2/jobtasks', { LotId: lotId, Summary: 'Gate latch', Description: 'Gate latch broken', ReportedContactType: 'Tenant', Access: 'Tenant', Priority: 'Urgent' });
    assert.equal(added.status, 200, added.text);
    assert.equal(contractErrors('AddJobV2Requestjobtasks_Post', 200, added.body), '');
    const jobId = (added.body as { JobTaskId: string }).JobTaskId;
    const created = (await apiGet(sandbox, token, `/v2/jobtasks/${jobId}`)).body as { Priority: string; LotId: string };
    assert.equal(created.Priority, 'Urgent');
    assert.equal(created.LotId, lotId);
    assert.deepEqual(rawTimestamps((await apiGet(sandbox, token, `/v2/jobtasks?Timestamp=${before}`)).text).length, 1);

    const updated = await apiSend(sandbox, token, 'POST', `/v1/jobtasks/${jobId}`, { LotId: lotId, Summary: 'Gate latch fixed', Description: 'Done', Access: 'Agent' });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(sandbox.portfolio.jobs.get(jobId)?.Summary, 'Gate latch fixed');
    assert.ok((sandbox.portfolio.jobs.get(jobId)?.Timestamp ?? 0n) > before);

    assert.equal((await apiSend(sandbox, token, 'POST', `/v1/jobtasks/${jobId}/comments`, { Comment: 'Tenant home after 3pm' })).status, 200);
    assert.ok([...sandbox.portfolio.comments.values()].some((comment) => comment.ParentId === jobId));
  });

  test('missing required field is 400 in the response schema', async () => {
    const response = await apiSend(sandbox, token, 'POST', '/v1/tasks', { Description: 'No summary' });
    assert.equal(response.status, 400);
    assert.equal(contractErrors('AddTaskRequesttasks_Post', 400, response.body), '');
  });

  test('task add and update', async () => {
    const added = await apiSend(sandbox, token, 'POST', '/v1/tasks', { Summary: 'Call owner', Description: 'About the rent review' });
    assert.equal(added.status, 200, added.text);
    const taskId = (added.body as { TaskId: string }).TaskId;
    const updated = await apiSend(sandbox, token, 'POST', `/v1/tasks/${taskId}`, { Summary: 'Call owner today', Description: 'About the rent review' });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(((await apiGet(sandbox, token, `/v1/tasks/${taskId}`)).body as { Summary: string }).Summary, 'Call owner today');
  });

  test('inspection add, update, delete then 404', async () => {
    const lotId = firstKey(sandbox.portfolio.lots, (lot) => lot.ActiveTenancyId !== null);
    const schedule = { StartTime: '2026-03-02T10:00:00', DueDate: '2026-03-02T00:00:00', Duration: 30, Summary: 'Routine', Description: 'Routine inspection', Type: 'Routine' };
    const added = await apiSend(sandbox, token, 'POST', '/v1/inspections', { LotId: lotId, ...schedule });
    assert.equal(added.status, 200, added.text);
    assert.equal(contractErrors('AddInspectionRequestinspections_Post', 200, added.body), '');
    const [inspectionId] = (added.body as { Ids: string[] }).Ids;
    const updated = await apiSend(sandbox, token, 'POST', `/v1/inspections/${inspectionId}`, { ...schedule, Duration: 45 });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(sandbox.portfolio.inspections.get(String(inspectionId))?.Duration, 45);
    assert.equal((await apiSend(sandbox, token, 'POST', `/v1/inspections/${inspectionId}/comments`, { Comment: 'Keys at office' })).status, 200);
    assert.equal((await apiSend(sandbox, token, 'DELETE', `/v1/inspections/${inspectionId}`, undefined)).status, 200);
    assert.equal((await apiGet(sandbox, token, `/v1/inspections/${inspectionId}`)).status, 404);
  });

  test('write without the write scope is 403', async () => {
    const readOnly = await sandbox.issueAccessToken(['activity:read']);
    const response = await apiSend(sandbox, readOnly, 'POST', '/v1/tasks', { Summary: 'x', Description: 'y' });
    assert.equal(response.status, 403);
  });
});
