import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, test } from 'node:test';
import { startCallbackServer } from '../../src/auth/index.js';
import { isCallbackError } from '../../src/errors/callback-error.js';
import { isOAuthError } from '../../src/errors/oauth-error.js';
import { freePort } from './helpers/free-port.js';

const STATE = 'expected-state-value';

async function startServer(overrides: { timeoutMs?: number; onCallback?: (url: URL) => Promise<string>; signal?: AbortSignal } = {}) {
  const port = await freePort();
  const redirectUri = `http://localhost:${port}/home/callback`;
  const exchanged: URL[] = [];
  const server = await startCallbackServer({
    redirectUri,
    expectedState: STATE,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    signal: overrides.signal,
    onCallback:
      overrides.onCallback ??
      (async (url) => {
        exchanged.push(url);
        return 'tokens';
      }),
  });
  return { server, exchanged, base: `http://127.0.0.1:${port}`, port, redirectUri };
}

describe('startCallbackServer', () => {
  test('accepts matching state', async () => {
    const { server, exchanged, base } = await startServer();

    const response = await fetch(`${base}/home/callback?code=abc&state=${STATE}&iss=x`);

    assert.equal(response.status, 200);
    assert.match(await response.text(), /Signed in to PropertyMe/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(await server.result, 'tokens');
    assert.equal(exchanged.length, 1);
    assert.equal(exchanged[0]?.href, `http://localhost:${new URL(base).port}/home/callback?code=abc&state=${STATE}&iss=x`);
  });

  test('favicon gets 404 and wait continues', async () => {
    const { server, base } = await startServer();

    const favicon = await fetch(`${base}/favicon.ico`);
    assert.equal(favicon.status, 404);
    await favicon.text();
    const other = await fetch(`${base}/home/callbackx?code=abc&state=${STATE}`);
    assert.equal(other.status, 404);
    await other.text();

    const callback = await fetch(`${base}/home/callback?code=abc&state=${STATE}`);
    assert.equal(callback.status, 200);
    assert.equal(await server.result, 'tokens');
  });

  const stateCases = [
    { name: 'wrong state', query: 'code=abc&state=attacker' },
    { name: 'missing state', query: 'code=abc' },
    { name: 'wrong state with error', query: 'error=access_denied&state=attacker' },
  ];
  for (const { name, query } of stateCases) {
    test(`${name} ends without exchange`, async () => {
      const { server, exchanged, base } = await startServer();

      const response = await fetch(`${base}/home/callback?${query}`);
      assert.equal(response.status, 400);
      assert.match(await response.text(), /did not match this sign-in/);

      await assert.rejects(server.result, (error: unknown) => {
        assert.ok(isCallbackError(error));
        assert.equal(error.code, 'E_CALLBACK');
        assert.equal(error.reason, 'state_mismatch');
        assert.match(error.message, /no token was requested/);
        return true;
      });
      assert.equal(exchanged.length, 0);
    });
  }

  test('access_denied is an OAuthError', async () => {
    const { server, exchanged, base } = await startServer();

    const response = await fetch(`${base}/home/callback?error=access_denied&error_description=%3Cscript%3E&state=${STATE}`);
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.ok(!page.includes('<script>'), 'description is escaped or omitted');

    await assert.rejects(server.result, (error: unknown) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.error, 'access_denied');
      assert.match(error.message, /^The sign-in was denied or cancelled in the browser \(access_denied/);
      return true;
    });
    assert.equal(exchanged.length, 0);
  });

  test('other OAuth error named', async () => {
    const { server, base } = await startServer();
    await (await fetch(`${base}/home/callback?error=invalid_scope&state=${STATE}`)).text();

    await assert.rejects(server.result, /returned an error to the redirect URI \(invalid_scope\)/);
  });

  test('missing code', async () => {
    const { server, base } = await startServer();
    await (await fetch(`${base}/home/callback?state=${STATE}`)).text();

    await assert.rejects(server.result, (error: unknown) => isCallbackError(error) && error.reason === 'missing_code');
  });

  test('times out', async () => {
    const { server } = await startServer({ timeoutMs: 150 });

    await assert.rejects(server.result, (error: unknown) => {
      assert.ok(isCallbackError(error));
      assert.equal(error.reason, 'timeout');
      assert.match(error.message, /^No authorization response reached http:\/\/localhost:\d+\/home\/callback within 0 s\.$/);
      return true;
    });
  });

  test('failed exchange shows error page', async () => {
    const { server, base } = await startServer({
      onCallback: async () => {
        throw new Error('exchange failed');
      },
    });

    const response = await fetch(`${base}/home/callback?code=abc&state=${STATE}`);
    assert.equal(response.status, 500);
    assert.match(await response.text(), /Sign-in failed/);
    await assert.rejects(server.result, /exchange failed/);
  });

  test('port in use names port and variable', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await assert.rejects(
        startCallbackServer({ redirectUri: `http://localhost:${port}/cb`, expectedState: STATE, onCallback: async () => 'x' }),
        (error: unknown) => {
          assert.ok(isCallbackError(error));
          assert.equal(error.reason, 'port_in_use');
          assert.match(error.message, new RegExp(`^Port ${port} is already in use`));
          assert.match(error.message, /PROPERTYME_REDIRECT_URI/);
          return true;
        },
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test('listens on 127.0.0.1 only', async (t) => {
    const { server, port } = await startServer();
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined && entry.address !== '127.0.0.1' && !entry.address.startsWith('fe80'))
      .map((entry) => entry!.address);
    let checked = 0;
    try {
      for (const address of others) {
        // A control server on the same address proves that it is reachable at all.
        const control: Server = createServer((socket) => socket.end());
        const listening = await new Promise<boolean>((resolve) => {
          control.once('error', () => resolve(false));
          control.listen(0, address, () => resolve(true));
        });
        if (!listening) continue;
        const controlPort = (control.address() as AddressInfo).port;
        const host = address.includes(':') ? `[${address}]` : address;
        const controlReachable = await canConnect(host, controlPort);
        await new Promise<void>((resolve) => control.close(() => resolve()));
        if (!controlReachable) continue;

        assert.equal(await canConnect(host, port), false, `callback server reachable on ${address}`);
        checked += 1;
      }
    } finally {
      await server.close();
    }
    if (checked === 0) t.skip('no address other than 127.0.0.1 is reachable on this machine');
  });

  test('close stops the server', async () => {
    const { server, base } = await startServer();
    await server.close();

    await assert.rejects(server.result, (error: unknown) => isCallbackError(error) && error.reason === 'aborted');
    await assert.rejects(fetch(`${base}/favicon.ico`));
  });
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
