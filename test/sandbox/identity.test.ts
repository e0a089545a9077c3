import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { apiGet, authorizeUrl, Browser, hiddenInputs, pkcePair, postForm, signIn } from './helpers.js';

const DISCOVERY_FILE = fileURLToPath(new URL('../../../shared/propertyme/openid-configuration.json', import.meta.url));

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ autoApprove: true });
});
after(() => sandbox.close());

describe('discovery', () => {
  test('matches the PropertyMe document rebased to the sandbox', async (context) => {
    if (!existsSync(DISCOVERY_FILE)) {
      context.skip('PropertyMe discovery document not found beside the repository');
      return;
    }
    const reference = JSON.parse(readFileSync(DISCOVERY_FILE, 'utf8')) as Record<string, unknown>;
    const response = await fetch(`${sandbox.authUrl}/.well-known/openid-configuration`);
    const document = (await response.json()) as Record<string, unknown>;
    const rebase = (value: unknown) => String(value).replace(String(reference['issuer']), sandbox.url);

    assert.equal(document['issuer'], sandbox.url);
    for (const field of ['jwks_uri', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'end_session_endpoint', 'revocation_endpoint', 'introspection_endpoint', 'device_authorization_endpoint', 'pushed_authorization_request_endpoint']) {
      assert.equal(document[field], rebase(reference[field]), field);
    }
    assert.deepEqual(new Set(document['scopes_supported'] as string[]), new Set(reference['scopes_supported'] as string[]));
    assert.deepEqual(new Set(document['token_endpoint_auth_methods_supported'] as string[]), new Set(reference['token_endpoint_auth_methods_supported'] as string[]));
    assert.deepEqual(new Set(document['code_challenge_methods_supported'] as string[]), new Set(reference['code_challenge_methods_supported'] as string[]));
    for (const grant of ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code']) {
      assert.ok((document['grant_types_supported'] as string[]).includes(grant), grant);
    }
    assert.equal(document['authorization_response_iss_parameter_supported'], true);
  });

  test('serves the signing keys at jwks_uri', async () => {
    const response = await fetch(`${sandbox.authUrl}/.well-known/openid-configuration/jwks`);
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.['kty'], 'RSA');
    assert.equal(jwks.keys[0]?.['d'], undefined, 'the private exponent must not be published');
  });
});

describe('authorization code flow', () => {
  test('S256 PKCE with client_secret_basic returns a working token', async () => {
    const { status, body } = await signIn(sandbox, 'openid contact:read');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body['token_type'], 'Bearer');
    assert.equal(body['expires_in'], 3600);
    assert.equal(typeof body['id_token'], 'string');
    assert.equal(body['refresh_token'], undefined, 'no refresh token without offline_access');
    const members = await apiGet(sandbox, String(body['access_token']), '/v1/members');
    assert.equal(members.status, 200);
  });

  test('plain PKCE with client_secret_post is accepted', async () => {
    const { status, body } = await signIn(sandbox, 'openid property:read', 'plain', 'post');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body['scope'], 'openid property:read');
  });

  test('wrong PKCE verifier is rejected with invalid_grant', async () => {
    const pkce = pkcePair();
    const browser = new Browser(sandbox.url);
    const { external } = await browser.navigate(authorizeUrl(sandbox, { scope: 'openid', state: 's1', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const code = external?.searchParams.get('code') ?? '';
    const { status, body } = await postForm(sandbox, '/connect/token', { grant_type: 'authorization_code', code, redirect_uri: sandbox.redirectUri, code_verifier: pkcePair().verifier });
    assert.equal(status, 400);
    assert.equal(body['error'], 'invalid_grant');
  });

  test('any loopback redirect URI is accepted, others are not', async () => {
    const browser = new Browser(sandbox.url);
    const loopback = await browser.navigate(authorizeUrl(sandbox, { scope: 'openid', redirect_uri: 'http://127.0.0.1:49152/callback', state: 'x' }));
    assert.equal(loopback.external?.origin, 'http://127.0.0.1:49152');
    assert.ok(loopback.external?.searchParams.has('code'));

    const remote = await browser.navigate(authorizeUrl(sandbox, { scope: 'openid', redirect_uri: 'http://example.com/callback', state: 'x' }));
    assert.equal(remote.external, undefined, 'must not redirect to a non-loopback URI');
    assert.equal(remote.response.status, 400);
    assert.match(remote.html, /redirect_uri/);
  });

  test('wrong client secret is rejected with invalid_client', async () => {
    const response = await fetch(`${sandbox.authUrl}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', redirect_uri: sandbox.redirectUri, client_id: sandbox.clientId, client_secret: 'wrong' }).toString(),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as Record<string, unknown>)['error'], 'invalid_client');
  });
});

describe('consent page', () => {
  test('lists users and Deny returns access_denied', async () => {
    sandbox.setAutoApprove(false);
    try {
      const browser = new Browser(sandbox.url);
      const page = await browser.navigate(authorizeUrl(sandbox, { scope: 'openid contact:read', state: 'deny-state' }));
      assert.equal(page.response.status, 200);
      for (const [index, user] of sandbox.users.entries()) {
        assert.ok(page.html.includes(`id="user-${index}"`), `user-${index}`);
        assert.ok(page.html.includes(user.email), user.email);
      }
      assert.match(page.html, /<li>contact:read<\/li>/);
      const action = /<form id="consent-form" method="post" action="([^"]+)"/.exec(page.html)?.[1];
      assert.ok(action !== undefined);
      const denied = await browser.navigate(action, { method: 'POST', form: { decision: 'deny', accountId: sandbox.users[0]?.accountId ?? '' } });
      assert.equal(denied.external?.searchParams.get('error'), 'access_denied');
      assert.equal(denied.external?.searchParams.get('state'), 'deny-state');
    } finally {
      sandbox.setAutoApprove(true);
    }
  });

  test('Approve signs in as the chosen user', async () => {
    sandbox.setAutoApprove(false);
    try {
      const browser = new Browser(sandbox.url);
      const page = await browser.navigate(authorizeUrl(sandbox, { scope: 'openid profile', state: 'ok' }));
      const action = /<form id="consent-form" method="post" action="([^"]+)"/.exec(page.html)?.[1] ?? '';
      const chosen = sandbox.users[1];
      assert.ok(chosen !== undefined);
      const approved = await browser.navigate(action, { method: 'POST', form: { decision: 'approve', accountId: chosen.accountId } });
      const code = approved.external?.searchParams.get('code');
      assert.ok(code, approved.external?.href);
      const { body } = await postForm(sandbox, '/connect/token', { grant_type: 'authorization_code', code, redirect_uri: sandbox.redirectUri });
      const userinfo = await fetch(`${sandbox.authUrl}/connect/userinfo`, { headers: { authorization: `Bearer ${String(body['access_token'])}` } });
      const claims = (await userinfo.json()) as Record<string, unknown>;
      assert.equal(claims['sub'], chosen.accountId);
      assert.equal(claims['name'], chosen.name);
    } finally {
      sandbox.setAutoApprove(true);
    }
  });
});

describe('refresh, revocation and introspection', () => {
  test('refresh token only with offline_access, not rotated by default', async () => {
    const { body } = await signIn(sandbox, 'openid contact:read offline_access');
    const refreshToken = body['refresh_token'];
    assert.equal(typeof refreshToken, 'string', JSON.stringify(body));
    const refreshed = await postForm(sandbox, '/connect/token', { grant_type: 'refresh_token', refresh_token: String(refreshToken) });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.notEqual(refreshed.body['access_token'], body['access_token']);
    assert.equal(refreshed.body['refresh_token'], refreshToken, 'rotation is off by default');
    const members = await apiGet(sandbox, String(refreshed.body['access_token']), '/v1/members');
    assert.equal(members.status, 200);
  });

  test('revoked access token is rejected by the API and introspection', async () => {
    const token = await sandbox.issueAccessToken(['contact:read']);
    const active = await postForm(sandbox, '/connect/introspect', { token });
    assert.equal(active.body['active'], true);
    assert.equal(active.body['scope'], 'contact:read');

    const revoked = await postForm(sandbox, '/connect/revocation', { token, token_type_hint: 'access_token' });
    assert.equal(revoked.status, 200);
    assert.equal((await apiGet(sandbox, token, '/v1/members')).status, 401);
    assert.equal((await postForm(sandbox, '/connect/introspect', { token })).body['active'], false);
  });

  test('revoked refresh token gives invalid_grant', async () => {
    const { body } = await signIn(sandbox, 'openid offline_access');
    const refreshToken = String(body['refresh_token']);
    await postForm(sandbox, '/connect/revocation', { token: refreshToken, token_type_hint: 'refresh_token' }, 'post');
    const refreshed = await postForm(sandbox, '/connect/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
    assert.equal(refreshed.status, 400);
    assert.equal(refreshed.body['error'], 'invalid_grant');
  });
});

describe('device authorization grant', () => {
  test('user code confirmed in the browser yields tokens', async () => {
    const started = await postForm(sandbox, '/connect/deviceauthorization', { scope: 'openid activity:read offline_access' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const deviceCode = String(started.body['device_code']);
    const pending = await postForm(sandbox, '/connect/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode });
    assert.equal(pending.body['error'], 'authorization_pending');

    const browser = new Browser(sandbox.url);
    const inputPage = await browser.navigate(String(started.body['verification_uri']));
    assert.match(inputPage.html, /id="device-continue"/);
    // verification_uri_complete returns a self-submitting form that carries the user code.
    const complete = await browser.navigate(String(started.body['verification_uri_complete']));
    const confirmPage = await browser.navigate('/connect/device', { method: 'POST', form: hiddenInputs(complete.html) });
    assert.match(confirmPage.html, /id="device-confirm"/);
    const done = await browser.navigate('/connect/device', { method: 'POST', form: hiddenInputs(confirmPage.html, 'op.deviceConfirmForm') });
    assert.match(done.html, /id="device-success"/);

    const tokens = await postForm(sandbox, '/connect/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(typeof tokens.body['refresh_token'], 'string');
    assert.equal((await apiGet(sandbox, String(tokens.body['access_token']), '/v1/tasks?Timestamp=0')).status, 200);
  });
});

describe('refresh token rotation', () => {
  test('rotateRefreshTokens issues a new refresh token each time', async () => {
    const rotating = await startSandbox({ autoApprove: true, rotateRefreshTokens: true });
    try {
      const { body } = await signIn(rotating, 'openid offline_access');
      const first = String(body['refresh_token']);
      const refreshed = await postForm(rotating, '/connect/token', { grant_type: 'refresh_token', refresh_token: first });
      assert.equal(refreshed.status, 200);
      assert.notEqual(refreshed.body['refresh_token'], first);
      const reused = await postForm(rotating, '/connect/token', { grant_type: 'refresh_token', refresh_token: first });
      assert.equal(reused.body['error'], 'invalid_grant');
    } finally {
      await rotating.close();
    }
  });
});
