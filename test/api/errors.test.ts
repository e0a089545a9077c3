import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { PropertyMeApi } from '../../src/api/generated/api.js';
import { HttpClient, type HttpClientOptions } from '../../src/api/http-client.js';
import { HttpError, isHttpError, MAX_ERROR_BODY_LENGTH } from '../../src/errors/http-error.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';

/** A token that cannot occur by chance, so that finding it anywhere means it leaked. */
const TOKEN = 'pm-secret-7Qx93KfZ2wLmN8vR';

// The first path segment, which takes the place of the real API's `/api`, picks the server's response: a
// status code, `drop` to close the connection, or `hang` to never respond.
let server: LocalServer;
let nextBody = '';
let nextHeaders: Record<string, string> = {};

before(async () => {
  server = await startLocalServer((request, response, raw) => {
    if (request.pathname.startsWith('/drop/')) {
      raw.socket.destroy();
      return;
    }
    if (request.pathname.startsWith('/hang/')) return;
    const status = Number(request.pathname.split('/')[1]);
    sendJson(response, status, nextBody, nextHeaders);
  });
});
after(() => server.close());

function apiAnswering(prefix: string, options: Partial<HttpClientOptions> = {}): PropertyMeApi {
  return new PropertyMeApi(new HttpClient({ auth: staticToken(TOKEN), baseUrl: `${server.url}/${prefix}`, retry: 0, ...options }));
}

async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

type Call = (api: PropertyMeApi) => Promise<unknown>;
const listContacts: Call = (api) => api.changedContacts({ timestamp: 0n });

async function httpFailure(status: number, body = '', headers: Record<string, string> = {}, call: Call = listContacts): Promise<HttpError> {
  nextBody = body;
  nextHeaders = headers;
  const error = await failure(call(apiAnswering(String(status))));
  assert.ok(isHttpError(error), `expected an HttpError, got ${String(error)}`);
  return error;
}

describe('HttpError messages', () => {
  test('400 bad request', async () => {
    const error = await httpFailure(400, '{"ResponseStatus":{"ErrorCode":"ArgumentException","Message":"Invalid timestamp value"}}');

    assert.equal(error.message, 'GET /v1/contacts was rejected as invalid (400): check the ids, dates and paging values sent. The server said: Invalid timestamp value');
    assert.equal(error.reason, 'bad-request');
    assert.equal(error.code, 'E_HTTP');
    assert.equal(error.status, 400);
    assert.equal(error.operationId, 'ChangedContactsRequestcontacts_Get');
    assert.equal(error.method, 'GET');
    assert.equal(error.path, '/v1/contacts');
    assert.equal(error.name, 'HttpError');
  });

  test('401 unauthorized', async () => {
    const error = await httpFailure(401, '{}');

    assert.equal(error.message, 'GET /v1/contacts was refused (401 Unauthorized): the access token is missing, expired or revoked. Sign in again.');
    assert.equal(error.reason, 'unauthorized');
    assert.equal(error.status, 401);
  });

  test('403 names the scope', async () => {
    const error = await httpFailure(403, '{}');

    assert.equal(
      error.message,
      'GET /v1/contacts was refused (403 Forbidden): the access token does not grant the contact:read scope this operation needs. Sign in again with contact:read among the requested scopes (for \'propertyme auth\', add it to PROPERTYME_SCOPES).',
    );
    assert.equal(error.reason, 'forbidden');
    assert.equal(error.status, 403);
  });

  test('403 names a capitalised scope in lower case', async () => {
    const error = await httpFailure(403, '{}', {}, (api) => api.addJobImages({ id: 'job-1' }));

    assert.match(error.message, /does not grant the activity:write scope/);
    assert.equal(error.method, 'POST');
    assert.equal(error.path, '/v1/jobtasks/job-1/images');
  });

  test('403 without a scope', async () => {
    const error = await httpFailure(403, '{}', {}, (api) => api.disconnectPortfolio());

    assert.equal(error.message, 'DELETE /v1/portfolios/disconnect was refused (403 Forbidden): the signed-in account may not use this operation.');
    assert.equal(error.operationId, 'DisconnectPortfolioRequestportfoliosdisconnect_Delete');
  });

  test('404 not found', async () => {
    const error = await httpFailure(404, '', {}, (api) => api.contact({ id: 'c-404' }));

    assert.equal(error.message, 'GET /v1/contacts/c-404 found nothing (404): no record has that id, or it was deleted.');
    assert.equal(error.reason, 'not-found');
    assert.equal(error.path, '/v1/contacts/c-404');
  });

  test('429 with Retry-After', async () => {
    const error = await httpFailure(429, '', { 'Retry-After': '7' });

    assert.equal(error.message, 'GET /v1/contacts was rate limited (429); the server asked to wait 7 s. Retry later or lower the request rate.');
    assert.equal(error.reason, 'rate-limited');
    assert.equal(error.retryAfterSeconds, 7);
  });

  test('429 without Retry-After', async () => {
    const error = await httpFailure(429);

    assert.equal(error.message, 'GET /v1/contacts was rate limited (429). Retry later or lower the request rate.');
    assert.equal(error.retryAfterSeconds, undefined);
  });

  test('502 of GET /v1/lots is a missing parameter', async () => {
    const error = await httpFailure(502, '[]', {}, (api) => api.changedLot({ timestamp: 0n }));

    assert.equal(
      error.message,
      "GET /v1/lots returned 502, which PropertyMe uses for a required parameter that was not supplied (required: Timestamp). Check the call's parameters.",
    );
    assert.equal(error.reason, 'missing-parameter');
    assert.equal(error.status, 502);
    assert.equal(error.operationId, 'ChangedLotRequestlots_Get');
  });

  test('502 elsewhere is a server error', async () => {
    const error = await httpFailure(502, '');

    assert.equal(error.message, 'GET /v1/contacts failed on the server (502 Bad Gateway).');
    assert.equal(error.reason, 'server-error');
  });

  test('500 quotes the server message', async () => {
    const error = await httpFailure(500, '{"ResponseStatus":{"Message":"Object reference not set"}}');

    assert.equal(error.message, 'GET /v1/contacts failed on the server (500 Internal Server Error). The server said: Object reference not set');
    assert.equal(error.reason, 'server-error');
  });

  test('unexpected status', async () => {
    const error = await httpFailure(409, '');

    assert.equal(error.message, 'GET /v1/contacts returned unexpected status 409 Conflict.');
    assert.equal(error.reason, 'unexpected-status');
  });

  test('200 with invalid JSON', async () => {
    const error = await httpFailure(200, '<html>maintenance</html>');

    assert.match(error.message, /^GET \/v1\/contacts returned 200 with a body that is not valid JSON: /);
    assert.match(error.message, / The body is HTML, so the API URL may name a web page rather than the API: check PROPERTYME_API_URL\.$/);
    assert.equal(error.reason, 'invalid-response');
    assert.ok(error.cause instanceof SyntaxError);
    assert.equal(error.body, '<html>maintenance</html>');
  });

  test('200 with an object for an array', async () => {
    const error = await httpFailure(200, '{"Id":"x"}');

    assert.equal(error.message, 'GET /v1/contacts returned 200 with a JSON object where the contract promises an array');
    assert.equal(error.reason, 'invalid-response');
  });

  test('body truncated', async () => {
    const body = `{"Detail":"${'x'.repeat(2_000)}"}`;
    const error = await httpFailure(500, body);

    assert.equal(error.body, `${body.slice(0, MAX_ERROR_BODY_LENGTH)}… (${body.length} characters)`);
  });

  test('short body kept whole', async () => {
    const error = await httpFailure(500, '{"Detail":"short"}');

    assert.equal(error.body, '{"Detail":"short"}');
  });
});

describe('error output', () => {
  /** Collects every text a person or a log could see of an error and of each error in its cause chain. */
  function visibleTexts(error: unknown): string[] {
    const texts: string[] = [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? ''];
    for (let current: unknown = error; current !== undefined && current !== null; current = (current as { cause?: unknown }).cause) {
      texts.push(String(current), inspect(current, { depth: 10, showHidden: true }));
      if (current instanceof Error) texts.push(current.message, current.stack ?? '');
    }
    return texts;
  }

  const logged: string[] = [];
  const logger = { debug: (message: string, fields?: Record<string, unknown>) => logged.push(message, inspect(fields, { depth: 10 })) };

  const scenarios: Array<[string, () => Promise<unknown>]> = [
    ['401', () => apiAnswering('401', { logger }).changedContacts({ timestamp: 0n })],
    ['403', () => apiAnswering('403', { logger }).changedContacts({ timestamp: 0n })],
    ['500', () => apiAnswering('500', { logger }).addTask({ summary: 's', description: 'd' })],
    ['invalid JSON', () => apiAnswering('200', { logger }).changedContacts({ timestamp: 0n })],
    ['dropped connection', () => apiAnswering('drop', { logger }).changedContacts({ timestamp: 0n })],
    ['timeout', () => apiAnswering('hang', { logger, timeoutMs: 50 }).changedContacts({ timestamp: 0n })],
    ['retried 503', () => apiAnswering('503', { logger, retry: { maxAttempts: 2, baseDelayMs: 1 } }).changedContacts({ timestamp: 0n })],
  ];

  for (const [name, call] of scenarios) {
    test(`no token after ${name}`, async () => {
      nextBody = name === 'invalid JSON' ? 'not json' : '{}';
      nextHeaders = {};
      const error = await failure(call());

      const texts = visibleTexts(error);
      assert.ok(texts.length >= 6);
      for (const text of texts) assert.ok(!text.includes(TOKEN), `the token appears in: ${text.slice(0, 300)}`);
      for (const line of logged) assert.ok(!line.includes(TOKEN), `the token appears in the log line: ${line}`);
    });
  }

  test('logger received lines', () => {
    assert.ok(logged.length > 0);
  });
});
