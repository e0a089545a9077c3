import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { Client } from '../../src/client/client.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';

let server: LocalServer;
let client: Client;

before(async () => {
  server = await startLocalServer((request, response) => {
    if (request.pathname === '/api/v1/contacts/c-1') {
      sendJson(response, 200, '{"Contact":{"Id":"c-1","IsOwner":true,"Timestamp":638712345678901234},"ContactPersons":[{"Id":"p-1"}]}');
    } else if (/^\/api\/v\d\/[a-z]+(\/balances)?$/.test(request.pathname)) {
      sendJson(response, 200, '[{"Id":"r-1","Timestamp":638712345678901234},{"Id":"r-2","Timestamp":638712345678901299}]');
    } else {
      sendJson(response, 200, '{"Id":"r-1"}');
    }
  });
  client = new Client({ auth: staticToken('t'), baseUrl: `${server.url}/api`, retry: 0 });
});
after(() => server.close());

function lastRequest(): { method: string; pathname: string; query: Record<string, string> } {
  const request = server.requests.at(-1)!;
  return { method: request.method, pathname: request.pathname, query: Object.fromEntries(request.query) };
}

describe('Client collections', () => {
  const cases: Array<[name: string, call: () => Promise<unknown>, pathname: string, query: Record<string, string>]> = [
    ['contacts.all', () => client.contacts.all(), '/api/v1/contacts', { Timestamp: '0' }],
    ['contacts.all archived', () => client.contacts.all({ includeArchived: true }), '/api/v1/contacts', { Timestamp: '0', IncludeArchived: 'true' }],
    ['contacts.changedSince', () => client.contacts.changedSince(638712345678901234n), '/api/v1/contacts', { Timestamp: '638712345678901234' }],
    ['contacts.get', () => client.contacts.get('c-1'), '/api/v1/contacts/c-1', {}],
    ['properties.all', () => client.properties.all(), '/api/v1/lots', { Timestamp: '0' }],
    ['properties.changedSince', () => client.properties.changedSince('17'), '/api/v1/lots', { Timestamp: '17' }],
    ['properties.get', () => client.properties.get('l-1'), '/api/v1/lots/l-1', {}],
    ['members.all', () => client.members.all(), '/api/v1/members', {}],
    ['members.get', () => client.members.get('r-2'), '/api/v1/members', {}],
    ['tenancies.all', () => client.tenancies.all(), '/api/v1/tenancies', {}],
    ['tenancies.get', () => client.tenancies.get('r-1'), '/api/v1/tenancies', { IncludeClosed: 'true' }],
    ['tenancyBalances.all', () => client.tenancyBalances.all(), '/api/v1/tenancies/balances', {}],
    [
      'tenancyBalances.changedSince',
      () => client.tenancyBalances.changedSince(new Date('2024-05-01T09:30:00Z')),
      '/api/v1/tenancies/balances',
      { LastUpdated: '2024-05-01T09:30:00.000Z' },
    ],
    ['tenancyBalances.get', () => client.tenancyBalances.get('t-1'), '/api/v1/tenancies/balances/t-1', {}],
    ['jobs.all', () => client.jobs.all(), '/api/v2/jobtasks', { Timestamp: '0' }],
    ['jobs.changedSince', () => client.jobs.changedSince(5), '/api/v2/jobtasks', { Timestamp: '5' }],
    ['jobs.get', () => client.jobs.get('j-1'), '/api/v2/jobtasks/j-1', {}],
    ['inspections.all', () => client.inspections.all(), '/api/v1/inspections', { Timestamp: '0' }],
    ['inspections.changedSince', () => client.inspections.changedSince(9n), '/api/v1/inspections', { Timestamp: '9' }],
    ['inspections.get', () => client.inspections.get('i-1'), '/api/v1/inspections/i-1', {}],
    ['tasks.all', () => client.tasks.all(), '/api/v1/tasks', { Timestamp: '0' }],
    ['tasks.changedSince', () => client.tasks.changedSince(3n), '/api/v1/tasks', { Timestamp: '3' }],
    ['tasks.get', () => client.tasks.get('k-1'), '/api/v1/tasks/k-1', {}],
  ];

  for (const [name, call, pathname, query] of cases) {
    test(`${name} endpoint`, async () => {
      await call();

      const request = lastRequest();
      assert.equal(request.method, 'GET');
      assert.equal(request.pathname, pathname);
      assert.deepEqual(request.query, query);
    });
  }

  test('contacts.get unwraps Contact', async () => {
    const contact = await client.contacts.get('c-1');

    assert.deepEqual(contact, { id: 'c-1', isOwner: true, timestamp: 638712345678901234n });
  });

  test('contacts.getWithDetails keeps the envelope', async () => {
    const details = await client.contacts.getWithDetails('c-1');

    assert.equal(details.contact?.id, 'c-1');
    assert.deepEqual(details.contactPersons, [{ id: 'p-1' }]);
  });

  test('contacts.all maps records', async () => {
    const contacts = await client.contacts.all();

    assert.deepEqual(contacts, [
      { id: 'r-1', timestamp: 638712345678901234n },
      { id: 'r-2', timestamp: 638712345678901299n },
    ]);
  });

  test('members.get picks by id', async () => {
    const member = await client.members.get('r-2');

    assert.equal(member?.id, 'r-2');
  });

  test('members.get returns undefined for an unknown id', async () => {
    assert.equal(await client.members.get('nobody'), undefined);
  });

  test('changedSince rejects an unsafe number', () => {
    assert.throws(() => client.contacts.changedSince(2 ** 60), TypeError);
  });

  test('baseUrl without trailing slash', () => {
    assert.equal(client.baseUrl, `${server.url}/api`);
  });
});
