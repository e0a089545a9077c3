import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { AuthProvider } from '../../src/api/auth-provider.js';
import { PropertyMeApi } from '../../src/api/generated/api.js';
import { HttpClient, type HttpClientOptions } from '../../src/api/http-client.js';
import { isHttpError } from '../../src/errors/http-error.js';
import { isNetworkError } from '../../src/errors/network-error.js';
import { isTimeoutError } from '../../src/errors/timeout-error.js';
import { sendJson, startLocalServer, type LocalServer, type RequestHandler } from '../helpers/local-server.js';

/** Short waits so that retries finish quickly. Retry-After is still honoured up to two seconds. */
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 };

interface CountingAuth extends AuthProvider {
  calls: Array<{ forceRefresh: boolean }>;
}

/** An auth provider that returns `token-1` until a forced refresh, then `token-2`, `token-3`, ... */
function countingAuth(): CountingAuth {
  let generation = 1;
  const calls: Array<{ forceRefresh: boolean }> = [];
  return {
    calls,
    async getAccessToken(options) {
      calls.push({ forceRefresh: options?.forceRefresh === true });
      if (options?.forceRefresh) generation++;
      return `token-${generation}`;
    },
  };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts a server that handles its n-th request (from 0) with `handlers[n]`, or with the last handler. */
async function serve(...handlers: RequestHandler[]): Promise<LocalServer> {
  server = await startLocalServer((request, response, raw) => {
    const handler = handlers[Math.min(server!.requests.length - 1, handlers.length - 1)]!;
    return handler(request, response, raw);
  });
  return server;
}

function apiFor(local: LocalServer, options: Partial<HttpClientOptions> = {}): { api: PropertyMeApi; http: HttpClient; auth: CountingAuth } {
  const auth = countingAuth();
  const http = new HttpClient({ auth, baseUrl: `${local.url}/api`, retry: FAST_RETRY, ...options });
  return { api: new PropertyMeApi(http), http, auth };
}

const ok: RequestHandler = (_request, response) => sendJson(response, 200, '[]');
const status =
  (code: number, headers: Record<string, string> = {}): RequestHandler =>
  (_request, response) =>
    sendJson(response, code, '{"ResponseStatus":{"Message":"failed"}}', headers);
const dropConnection: RequestHandler = (_request, _response, raw) => {
  raw.socket.destroy();
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('HttpClient retries of GET', () => {
  for (const code of [500, 503]) {
    test(`retries after ${code}`, async () => {
      const local = await serve(status(code), ok);
      const { api, http } = apiFor(local);

      assert.deepEqual(await api.changedContacts({ timestamp: 0n }), []);
      assert.equal(local.requests.length, 2);
      assert.equal(http.stats.retries, 1);
    });
  }

  test('retries after a dropped connection', async () => {
    const local = await serve(dropConnection, ok);
    const { api } = apiFor(local);

    assert.deepEqual(await api.changedContacts({ timestamp: 0n }), []);
    assert.equal(local.requests.length, 2);
  });

  test('retries 502 of an operation without a documented 502', async () => {
    const local = await serve(status(502), ok);
    const { api } = apiFor(local);

    assert.deepEqual(await api.changedContacts({ timestamp: 0n }), []);
    assert.equal(local.requests.length, 2);
  });

  test('honours Retry-After in seconds', async () => {
    const local = await serve(status(429, { 'Retry-After': '1' }), ok);
    const { api } = apiFor(local);

    await api.changedContacts({ timestamp: 0n });
    assert.equal(local.requests.length, 2);
    const waited = local.requests[1]!.receivedAt - local.requests[0]!.receivedAt;
    assert.ok(waited >= 950, `waited ${waited} ms, expected about 1000`);
  });

  test('honours Retry-After as an HTTP-date', async () => {
    // An HTTP-date has whole seconds, so two seconds ahead is at least one second ahead once rounded.
    const retryAt = new Date(Date.now() + 2_000).toUTCString();
    const local = await serve(status(429, { 'Retry-After': retryAt }), ok);
    const { api } = apiFor(local);

    await api.changedContacts({ timestamp: 0n });
    assert.equal(local.requests.length, 2);
    const waited = local.requests[1]!.receivedAt - local.requests[0]!.receivedAt;
    assert.ok(waited >= 900, `waited ${waited} ms, expected at least one second`);
  });

  test('caps Retry-After at maxRetryAfterMs', async () => {
    const local = await serve(status(503, { 'Retry-After': '3600' }), ok);
    const { api } = apiFor(local, { retry: { ...FAST_RETRY, maxRetryAfterMs: 50 } });

    await api.changedContacts({ timestamp: 0n });
    const waited = local.requests[1]!.receivedAt - local.requests[0]!.receivedAt;
    assert.ok(waited < 1_000, `waited ${waited} ms despite the 50 ms cap`);
  });

  test('stops after maxAttempts', async () => {
    const local = await serve(status(503));
    const { api, http } = apiFor(local);

    const error = await rejection(api.changedContacts({ timestamp: 0n }));
    assert.ok(isHttpError(error));
    assert.equal(error.status, 503);
    assert.equal(error.reason, 'server-error');
    assert.equal(local.requests.length, 3);
    assert.equal(http.stats.retries, 2);
  });

  test('stops when the wait exceeds the time budget', async () => {
    const local = await serve(status(429, { 'Retry-After': '1' }), ok);
    const { api } = apiFor(local, { retry: { ...FAST_RETRY, totalBudgetMs: 100 } });

    const error = await rejection(api.changedContacts({ timestamp: 0n }));
    assert.ok(isHttpError(error));
    assert.equal(error.reason, 'rate-limited');
    assert.equal(local.requests.length, 1);
  });

  test('retry 0 turns retrying off', async () => {
    const local = await serve(status(503), ok);
    const { api } = apiFor(local, { retry: 0 });

    await rejection(api.changedContacts({ timestamp: 0n }));
    assert.equal(local.requests.length, 1);
  });

  const notRetried: Array<[number, string]> = [
    [501, 'server-error'],
    [400, 'bad-request'],
    [404, 'not-found'],
  ];
  for (const [code, reason] of notRetried) {
    test(`does not retry ${code}`, async () => {
      const local = await serve(status(code), ok);
      const { api } = apiFor(local);

      const error = await rejection(api.changedContacts({ timestamp: 0n }));
      assert.ok(isHttpError(error));
      assert.equal(error.reason, reason);
      assert.equal(local.requests.length, 1);
    });
  }

  test('does not retry the documented 502 of GET /v1/lots', async () => {
    const local = await serve(status(502), ok);
    const { api } = apiFor(local);

    const error = await rejection(api.changedLot({ timestamp: 0n }));
    assert.ok(isHttpError(error));
    assert.equal(error.reason, 'missing-parameter');
    assert.equal(local.requests.length, 1);
  });
});

describe('HttpClient writes', () => {
  const writes: Array<[string, (api: PropertyMeApi) => Promise<unknown>]> = [
    ['POST', (api) => api.addTask({ summary: 'Fix the gate', description: 'Hinge broken' })],
    ['PUT', (api) => api.updateInspectionReport({ id: 'inspection-1' })],
    ['DELETE', (api) => api.deleteInspection({ id: 'inspection-1' })],
  ];

  for (const [method, call] of writes) {
    test(`${method} not retried after 500`, async () => {
      const local = await serve(status(500), ok);
      const { api } = apiFor(local);

      const error = await rejection(call(api));
      assert.ok(isHttpError(error));
      assert.equal(error.status, 500);
      assert.equal(local.requests.length, 1);
      assert.equal(local.requests[0]!.method, method);
    });

    test(`${method} not retried after a dropped connection`, async () => {
      const local = await serve(dropConnection, ok);
      const { api } = apiFor(local);

      const error = await rejection(call(api));
      assert.ok(isNetworkError(error));
      assert.equal(local.requests.length, 1);
    });
  }
});

describe('HttpClient after 401', () => {
  const acceptOnly = (token: string): RequestHandler => (request, response) =>
    request.headers.authorization === `Bearer ${token}` ? sendJson(response, 200, '[]') : sendJson(response, 401, '{}');

  test('refreshes once and replays once', async () => {
    const local = await serve(acceptOnly('token-2'));
    const { api, http, auth } = apiFor(local);

    assert.deepEqual(await api.changedContacts({ timestamp: 0n }), []);
    assert.equal(auth.calls.filter((call) => call.forceRefresh).length, 1);
    assert.equal(local.requests.length, 2);
    assert.equal(local.requests[0]!.headers.authorization, 'Bearer token-1');
    assert.equal(local.requests[1]!.headers.authorization, 'Bearer token-2');
    assert.equal(http.stats.refreshesAfter401, 1);
  });

  test('replays a POST once', async () => {
    const local = await serve(acceptOnly('token-2'));
    const { api } = apiFor(local);

    await api.addTask({ summary: 'Fix the gate', description: 'Hinge broken' });
    assert.equal(local.requests.length, 2);
    assert.equal(local.requests[1]!.method, 'POST');
  });

  test('second 401 surfaces as unauthorized', async () => {
    const local = await serve(acceptOnly('never-issued'));
    const { api, auth } = apiFor(local);

    const error = await rejection(api.changedContacts({ timestamp: 0n }));
    assert.ok(isHttpError(error));
    assert.equal(error.reason, 'unauthorized');
    assert.equal(error.status, 401);
    assert.equal(auth.calls.filter((call) => call.forceRefresh).length, 1);
    assert.equal(local.requests.length, 2);
  });
});

describe('HttpClient limits', () => {
  test('timeout raises TimeoutError', async () => {
    // The server never responds; closing it at the end of the test drops the connection.
    const local = await serve(() => undefined);
    const { api } = apiFor(local, { timeoutMs: 100, retry: 0 });

    const started = Date.now();
    const error = await rejection(api.changedContacts({ timestamp: 0n }));
    assert.ok(isTimeoutError(error), `expected a TimeoutError, got ${String(error)}`);
    assert.equal(error.code, 'E_TIMEOUT');
    assert.equal(error.message, 'GET /v1/contacts timed out after 100 ms');
    assert.equal(error.timeoutMs, 100);
    assert.ok(Date.now() - started < 5_000);
  });

  test('per-call timeoutMs wins over the client default', async () => {
    const local = await serve(() => undefined);
    const { api } = apiFor(local, { timeoutMs: 60_000, retry: 0 });

    const error = await rejection(api.changedContacts({ timestamp: 0n }, { timeoutMs: 50 }));
    assert.ok(isTimeoutError(error));
    assert.equal(error.timeoutMs, 50);
  });

  test('maxConcurrency bounds requests in flight', async () => {
    const slow: RequestHandler = async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      sendJson(response, 200, '[]');
    };
    const local = await serve(slow);
    const { api } = apiFor(local, { maxConcurrency: 3 });

    const results = await Promise.all(Array.from({ length: 10 }, () => api.changedContacts({ timestamp: 0n })));
    assert.equal(results.length, 10);
    assert.equal(local.requests.length, 10);
    assert.equal(local.maxInFlight, 3);
  });
});
