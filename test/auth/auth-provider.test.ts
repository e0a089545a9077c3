import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, test } from 'node:test';
import { PropertyMeAuthProvider, readTokenFile, writeTokenFile, type StoredToken } from '../../src/auth/index.js';
import { isOAuthError } from '../../src/errors/oauth-error.js';
import { isTokenError } from '../../src/errors/token-error.js';
import { startLocalTokenServer, type LocalTokenServer, type LocalTokenServerOptions } from './helpers/local-token-server.js';

const servers: LocalTokenServer[] = [];
const folders: string[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

async function tokenServer(options?: LocalTokenServerOptions): Promise<LocalTokenServer> {
  const server = await startLocalTokenServer(options);
  servers.push(server);
  return server;
}

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pm-provider-'));
  folders.push(folder);
  return folder;
}

const NOW_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
const fixedClock = { now: () => NOW_MS };

function expiredToken(server: LocalTokenServer, overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    access_token: 'at-expired-0001',
    refresh_token: server.issueRefreshToken(),
    token_type: 'Bearer',
    expires_at: NOW_MS / 1000 - 10,
    expires_in: 3600,
    scope: 'contact:read offline_access',
    ...overrides,
  };
}

function provider(server: LocalTokenServer, token: StoredToken, extra: Partial<ConstructorParameters<typeof PropertyMeAuthProvider>[0]> = {}) {
  return new PropertyMeAuthProvider({
    token,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    authUrl: server.url,
    transportSecurity: 'allow-http-on-loopback',
    clock: fixedClock,
    ...extra,
  });
}

describe('PropertyMeAuthProvider', () => {
  test('valid token used without refresh', async () => {
    const server = await tokenServer();
    const auth = provider(server, expiredToken(server, { access_token: 'at-valid', expires_at: NOW_MS / 1000 + 600 }));

    assert.equal(await auth.getAccessToken(), 'at-valid');
    assert.equal(server.tokenRequests.size, 0);
  });

  test('refreshes within 60 s margin', async () => {
    const server = await tokenServer();
    const auth = provider(server, expiredToken(server, { access_token: 'at-soon', expires_at: NOW_MS / 1000 + 59 }));

    const accessToken = await auth.getAccessToken();
    assert.notEqual(accessToken, 'at-soon');
    assert.equal(server.tokenRequests.get('refresh_token'), 1);
    assert.equal(auth.expiresIn(), 3600);
  });

  test('50 concurrent calls share one refresh', async () => {
    const server = await tokenServer({ refreshDelayMs: 100 });
    const auth = provider(server, expiredToken(server));

    const tokens = await Promise.all(Array.from({ length: 50 }, () => auth.getAccessToken()));

    assert.equal(server.tokenRequests.get('refresh_token'), 1);
    assert.equal(new Set(tokens).size, 1);
    assert.notEqual(tokens[0], 'at-expired-0001');
  });

  test('keeps refresh token when none returned', async () => {
    const server = await tokenServer({ rotateRefreshTokens: false });
    const original = expiredToken(server);
    const saved: StoredToken[] = [];
    const auth = provider(server, original, { tokenSaver: (token) => void saved.push(token) });

    await auth.getAccessToken();

    assert.equal(saved.length, 1);
    assert.equal(saved[0]?.refresh_token, original.refresh_token);
    assert.equal(saved[0]?.expires_at, NOW_MS / 1000 + 3600);
    assert.equal(saved[0]?.token_type, 'Bearer');
  });

  test('stores rotated refresh token', async () => {
    const server = await tokenServer({ rotateRefreshTokens: true });
    const original = expiredToken(server);
    const saved: StoredToken[] = [];
    const auth = provider(server, original, { tokenSaver: (token) => void saved.push(token) });

    await auth.getAccessToken();
    await auth.getAccessToken({ forceRefresh: true });

    assert.equal(server.tokenRequests.get('refresh_token'), 2);
    assert.notEqual(saved[0]?.refresh_token, original.refresh_token);
    assert.notEqual(saved[1]?.refresh_token, saved[0]?.refresh_token);
  });

  test('forceRefresh refreshes a valid token', async () => {
    const server = await tokenServer();
    const auth = provider(server, expiredToken(server, { expires_at: NOW_MS / 1000 + 3000 }));

    const accessToken = await auth.getAccessToken({ forceRefresh: true });
    assert.notEqual(accessToken, 'at-expired-0001');
    assert.equal(server.tokenRequests.get('refresh_token'), 1);
  });

  test('invalid_grant says sign in again', async () => {
    const server = await tokenServer();
    const auth = provider(server, expiredToken(server, { refresh_token: 'rt-revoked-by-user' }));

    await assert.rejects(auth.getAccessToken(), (error: unknown) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.code, 'E_OAUTH');
      assert.equal(error.error, 'invalid_grant');
      assert.match(error.message, /^The sign-in expired or was revoked \(invalid_grant: .*\)\. Run 'propertyme auth' again\.$/);
      return true;
    });
  });

  test('falls back to client_secret_post', async () => {
    const server = await tokenServer({ acceptedClientAuth: 'post' });
    const auth = provider(server, expiredToken(server));

    await auth.getAccessToken();
    await auth.getAccessToken({ forceRefresh: true });

    assert.deepEqual(server.clientAuthSeen, ['basic', 'post', 'post']);
  });

  test('invalid_client with both methods', async () => {
    const server = await tokenServer();
    const token = expiredToken(server);
    const auth = new PropertyMeAuthProvider({
      token,
      clientId: server.clientId,
      clientSecret: 'wrong-secret-value-xyz',
      authUrl: server.url,
      transportSecurity: 'allow-http-on-loopback',
      clock: fixedClock,
    });

    await assert.rejects(auth.getAccessToken(), (error: unknown) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.error, 'invalid_client');
      assert.match(error.message, /rejected the application's client id or secret/);
      assert.match(error.message, /tried client_secret_basic and client_secret_post/);
      assert.match(error.message, /every account that uses this application/);
      const printed = inspect(error, { depth: 10, showHidden: true });
      assert.ok(!printed.includes('wrong-secret-value-xyz'), 'secret in the printed error');
      assert.ok(!printed.includes(token.refresh_token as string), 'refresh token in the printed error');
      return true;
    });
    assert.deepEqual(server.clientAuthSeen, ['basic', 'post']);
  });

  test('no refresh token gives TokenError', async () => {
    const server = await tokenServer();
    const { refresh_token: _unused, ...withoutRefresh } = expiredToken(server);
    const auth = provider(server, withoutRefresh);

    await assert.rejects(auth.getAccessToken(), (error: unknown) => {
      assert.ok(isTokenError(error));
      assert.equal(error.problem, 'not_refreshable');
      assert.match(error.message, /offline_access/);
      return true;
    });
  });

  test('rejected token without refresh token', async () => {
    const server = await tokenServer();
    const { refresh_token: _unused, ...withoutRefresh } = expiredToken(server, { expires_at: NOW_MS / 1000 + 3600 });
    const auth = provider(server, withoutRefresh);

    await assert.rejects(auth.getAccessToken({ forceRefresh: true }), (error: unknown) => {
      assert.ok(isTokenError(error));
      assert.equal(error.problem, 'not_refreshable');
      assert.match(error.message, /^The access token was rejected by PropertyMe \(HTTP 401\) before its expiry and there is no refresh token/);
      return true;
    });
  });

  test('secrets not enumerable or printed', async () => {
    const server = await tokenServer();
    const token = expiredToken(server, { access_token: 'at-visible-check-123' });
    const auth = provider(server, token);

    const printed = `${inspect(auth, { depth: 5 })} ${JSON.stringify(auth)} ${Object.keys(auth).join(',')}`;
    assert.ok(!printed.includes('at-visible-check-123'));
    assert.ok(!printed.includes(server.clientSecret));
    assert.ok(!printed.includes(token.refresh_token as string));
  });

  test('refuses plain http without option', async () => {
    const server = await tokenServer();
    const auth = new PropertyMeAuthProvider({
      token: expiredToken(server),
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      authUrl: server.url,
      clock: fixedClock,
    });

    await assert.rejects(auth.getAccessToken(), /does not use https: set transportSecurity: 'allow-http-on-loopback'/);
    assert.equal(server.tokenRequests.size, 0);
  });

  test('signal stops waiting only', async () => {
    const server = await tokenServer({ refreshDelayMs: 200 });
    const auth = provider(server, expiredToken(server));
    const controller = new AbortController();

    const abandoned = auth.getAccessToken({ signal: controller.signal });
    const patient = auth.getAccessToken();
    controller.abort(new Error('caller gave up'));

    await assert.rejects(abandoned, /caller gave up/);
    assert.match(await patient, /^at-/);
    assert.equal(server.tokenRequests.get('refresh_token'), 1);
  });
});

describe('PropertyMeAuthProvider with a token file', () => {
  test('writes refreshed token to file', async () => {
    const server = await tokenServer({ rotateRefreshTokens: true });
    const tokenFile = join(tempFolder(), 'tokens.json');
    const token = expiredToken(server);
    await writeTokenFile(tokenFile, token);

    const accessToken = await provider(server, token, { tokenFile }).getAccessToken();
    const onDisk = await readTokenFile(tokenFile);

    assert.equal(onDisk.access_token, accessToken);
    assert.notEqual(onDisk.refresh_token, token.refresh_token);
  });

  test('uses token another process saved', async () => {
    const server = await tokenServer({ rotateRefreshTokens: true });
    const tokenFile = join(tempFolder(), 'tokens.json');
    const token = expiredToken(server);
    await writeTokenFile(tokenFile, token);

    // Two providers that both loaded the expired token, as two processes would.
    const first = provider(server, token, { tokenFile });
    const second = provider(server, token, { tokenFile });
    const [a, b] = await Promise.all([first.getAccessToken(), second.getAccessToken()]);

    assert.equal(a, b);
    assert.equal(server.tokenRequests.get('refresh_token'), 1);
  });

  test('missing file during refresh', async () => {
    const server = await tokenServer();
    const tokenFile = join(tempFolder(), 'tokens.json');
    const auth = provider(server, expiredToken(server), { tokenFile });

    await assert.rejects(auth.getAccessToken(), (error: unknown) => {
      assert.ok(isTokenError(error));
      assert.equal(error.problem, 'missing');
      assert.match(error.message, /^No token found\. Please run 'propertyme auth' first/);
      return true;
    });
  });
});
