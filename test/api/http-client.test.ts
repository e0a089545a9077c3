import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { PropertyMeApi } from '../../src/api/generated/api.js';
import { HttpClient } from '../../src/api/http-client.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';

let server: LocalServer;
before(async () => {
  server = await startLocalServer((_request, response) => sendJson(response, 200, '[]'));
});
after(() => server.close());

describe('HttpClient headers', () => {
  test('extra headers cannot replace Accept or Authorization', async () => {
    const http = new HttpClient({
      auth: staticToken('real-token'),
      baseUrl: server.url,
      headers: { accept: 'text/html', authorization: 'Bearer other', 'x-proxy': 'one' },
    });

    await new PropertyMeApi(http).members();
    const request = server.requests.at(-1)!;
    assert.equal(request.headers.accept, 'application/json');
    assert.equal(request.headers.authorization, 'Bearer real-token');
    assert.equal(request.headers['x-proxy'], 'one');
  });

  test('per-call headers cannot replace Authorization', async () => {
    const http = new HttpClient({ auth: staticToken('real-token'), baseUrl: server.url });

    await new PropertyMeApi(http).members({ headers: { AUTHORIZATION: 'Bearer other', 'X-Request-Id': 'r-1' } });
    const request = server.requests.at(-1)!;
    assert.equal(request.headers.authorization, 'Bearer real-token');
    assert.equal(request.headers['x-request-id'], 'r-1');
  });

  test('extra headers may replace User-Agent', async () => {
    const http = new HttpClient({ auth: staticToken('real-token'), baseUrl: server.url, headers: { 'user-agent': 'my-app/2.0' } });

    await new PropertyMeApi(http).members();
    assert.equal(server.requests.at(-1)!.headers['user-agent'], 'my-app/2.0');
  });

  test('base URL path kept before the operation path', async () => {
    const http = new HttpClient({ auth: staticToken('real-token'), baseUrl: `${server.url}/api/` });

    await new PropertyMeApi(http).members();
    assert.equal(server.requests.at(-1)!.pathname, '/api/v1/members');
  });
});
