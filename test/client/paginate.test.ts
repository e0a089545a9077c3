import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { Client } from '../../src/client/client.js';
import { paginate } from '../../src/client/paginate.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `total` tenant contacts from /v1/contacts/tenants, honouring Offset and Limit. */
async function clientWithTenants(total: number): Promise<{ client: Client; local: LocalServer }> {
  const local = await startLocalServer((request, response) => {
    const offset = Number(request.query.get('Offset'));
    const limit = Number(request.query.get('Limit'));
    const end = Math.min(total, offset + limit);
    const page = [];
    for (let index = offset; index < end; index++) page.push({ ContactId: `c-${index}` });
    sendJson(response, 200, page);
  });
  server = local;
  return { client: new Client({ auth: staticToken('t'), baseUrl: local.url, retry: 0 }), local };
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

const offsets = (local: LocalServer) => local.requests.map((request) => request.query.get('Offset'));

describe('paginate', () => {
  test('stops on a short page', async () => {
    const { client, local } = await clientWithTenants(250);
    const tenants = await collect(client.contacts.tenants({ pageSize: 100 }));

    assert.equal(tenants.length, 250);
    assert.equal(local.requests.length, 3);
    assert.deepEqual(offsets(local), ['0', '100', '200']);
    assert.deepEqual(local.requests.map((request) => request.query.get('Limit')), ['100', '100', '100']);
    assert.equal(tenants[249]!.contactId, 'c-249');
  });

  test('exact multiple ends with an empty page', async () => {
    const { client, local } = await clientWithTenants(200);
    const tenants = await collect(client.contacts.tenants({ pageSize: 100 }));

    assert.equal(tenants.length, 200);
    assert.equal(local.requests.length, 3);
    assert.deepEqual(offsets(local), ['0', '100', '200']);
  });

  test('starts at the given offset', async () => {
    const { client, local } = await clientWithTenants(120);
    const tenants = await collect(client.contacts.tenants({ pageSize: 50, offset: 30 }));

    assert.equal(tenants.length, 90);
    assert.deepEqual(offsets(local), ['30', '80']);
    assert.equal(tenants[0]!.contactId, 'c-30');
  });

  test('default page size 100', async () => {
    const { client, local } = await clientWithTenants(5);
    await collect(client.contacts.tenants());

    assert.equal(local.requests[0]!.query.get('Limit'), '100');
  });

  test('breaking early sends no further request', async () => {
    const { client, local } = await clientWithTenants(1_000);
    for await (const tenant of client.contacts.tenants({ pageSize: 10 })) {
      if (tenant.contactId === 'c-5') break;
    }

    assert.equal(local.requests.length, 1);
  });

  test('invalid page size rejected', async () => {
    await assert.rejects(collect(paginate(async () => [], { pageSize: 0 })), TypeError);
    await assert.rejects(collect(paginate(async () => [], { pageSize: '10' as never })), { name: 'TypeError', message: 'pageSize must be a positive integer, not "10"' });
  });

  test('aborted signal stops paging', async () => {
    const controller = new AbortController();
    let calls = 0;
    const pages = paginate(
      async () => {
        calls++;
        controller.abort();
        return [1, 2];
      },
      { pageSize: 2, signal: controller.signal },
    );

    await assert.rejects(collect(pages), { name: 'AbortError' });
    assert.equal(calls, 1);
  });

  test('abort stops within a page', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const pages = paginate(async () => [1, 2, 3, 4], { pageSize: 4, signal: controller.signal });
    await assert.rejects(
      (async () => {
        for await (const item of pages) {
          seen.push(item);
          if (item === 2) controller.abort();
        }
      })(),
      { name: 'AbortError' },
    );
    assert.deepEqual(seen, [1, 2]);
  });
});
