// Token refresh against the sandbox identity server: expiry with a short token lifetime, one
// refresh for many concurrent callers, and five processes sharing a token file. Refresh token
// rotation is on, so a second refresh with a used refresh token would fail with invalid_grant.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PropertyMeAuthenticator, PropertyMeAuthProvider, readTokenFile, writeTokenFile, type StoredToken } from '../../src/auth/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { childEnv, collectOutput, helperPath, spawnTypeScript } from './helpers/child-process.js';
import { launchChromium, type HeadlessChromium } from './helpers/chromium.js';
import { freePort } from './helpers/free-port.js';

let shortLived: Sandbox;
let longLived: Sandbox;
let browser: HeadlessChromium;
const folders: string[] = [];

before(async () => {
  shortLived = await startSandbox({ seed: 5, accessTokenTtlSeconds: 3, rotateRefreshTokens: true, autoApprove: true });
  longLived = await startSandbox({ seed: 6, rotateRefreshTokens: true, autoApprove: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await shortLived?.close();
  await longLived?.close();
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

/** Wraps fetch to count refresh_token grant requests to the token endpoint. */
function countingFetch(): { fetch: typeof fetch; refreshRequests: () => number } {
  let count = 0;
  const counted: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith('/connect/token') && String(init?.body ?? '').includes('grant_type=refresh_token')) count += 1;
    return fetch(input, init);
  };
  return { fetch: counted, refreshRequests: () => count };
}

/** Signs in with the library and a real Chromium; the sandbox approves at once. */
async function signIn(sandbox: Sandbox): Promise<StoredToken> {
  await browser.context.clearCookies();
  const authenticator = new PropertyMeAuthenticator({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    redirectUrl: `http://localhost:${await freePort()}/home/callback`,
    scopes: ['contact:read', 'offline_access'],
    authUrl: sandbox.authUrl,
    transportSecurity: 'allow-http-on-loopback',
    openBrowser: async (url) => {
      const page = await browser.context.newPage();
      void page.goto(url).finally(() => page.close());
    },
  });
  return authenticator.authenticate({ timeoutMs: 30_000 });
}

async function getMembers(sandbox: Sandbox, accessToken: string): Promise<number> {
  const response = await fetch(`${sandbox.apiUrl}/v1/members`, { headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` } });
  await response.arrayBuffer();
  return response.status;
}

function provider(sandbox: Sandbox, token: StoredToken, extra: Partial<ConstructorParameters<typeof PropertyMeAuthProvider>[0]> = {}): PropertyMeAuthProvider {
  return new PropertyMeAuthProvider({
    token,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    authUrl: sandbox.authUrl,
    transportSecurity: 'allow-http-on-loopback',
    ...extra,
  });
}

describe('refresh with the sandbox', () => {
  test('refreshes after expiry', async () => {
    const token = await signIn(shortLived);
    assert.equal(token.expires_in, 3);
    const counter = countingFetch();
    const auth = provider(shortLived, token, { fetch: counter.fetch, refreshMarginSeconds: 1 });

    assert.equal(await auth.getAccessToken(), token.access_token);
    assert.equal(counter.refreshRequests(), 0);

    await new Promise((resolve) => setTimeout(resolve, 3_200));
    assert.equal(await getMembers(shortLived, token.access_token), 401, 'the sandbox rejects the expired token');

    const refreshed = await auth.getAccessToken();
    assert.notEqual(refreshed, token.access_token);
    assert.equal(counter.refreshRequests(), 1);
    assert.equal(await getMembers(shortLived, refreshed), 200);
  });

  test('50 concurrent calls, one refresh', async () => {
    const token = await signIn(shortLived);
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    const counter = countingFetch();
    const auth = provider(shortLived, token, { fetch: counter.fetch, refreshMarginSeconds: 1 });

    const tokens = await Promise.all(Array.from({ length: 50 }, () => auth.getAccessToken()));

    assert.equal(counter.refreshRequests(), 1);
    assert.equal(new Set(tokens).size, 1);
    assert.equal(await getMembers(shortLived, tokens[0] as string), 200);
  });

  test('rotation: used refresh token rejected', async () => {
    const token = await signIn(longLived);
    const first = provider(longLived, token);
    await first.getAccessToken({ forceRefresh: true });

    // A second holder of the same, now used, refresh token: this is what the file lock prevents.
    await assert.rejects(provider(longLived, token).getAccessToken({ forceRefresh: true }), /The sign-in expired or was revoked \(invalid_grant/);
  });

  test('5 processes share one refresh', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pm-refresh-processes-'));
    folders.push(folder);
    const tokenFile = join(folder, 'tokens.json');
    const token = await signIn(longLived);
    // The access token is still valid at the sandbox, but the file records it as expired, so every
    // process wants to refresh at once.
    await writeTokenFile(tokenFile, { ...token, expires_at: Math.floor(Date.now() / 1000) - 5 });

    let reads = 0;
    const broken: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          const value = JSON.parse(readFileSync(tokenFile, 'utf8')) as Record<string, unknown>;
          if (typeof value.access_token !== 'string' || typeof value.refresh_token !== 'string') broken.push('fields missing');
        } catch (error) {
          broken.push((error as Error).message.slice(0, 80));
        }
        reads += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const env = childEnv({
      PROPERTYME_CLIENT_ID: longLived.clientId,
      PROPERTYME_CLIENT_SECRET: longLived.clientSecret,
      PROPERTYME_AUTH_URL: longLived.authUrl,
      PROPERTYME_API_URL: longLived.apiUrl,
      PROPERTYME_TOKEN_FILE: tokenFile,
    });
    const startAt = Date.now() + 3_000;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => collectOutput(spawnTypeScript(helperPath('refresh-child.ts'), [String(startAt)], env))),
    );
    watching = false;
    await watcher;

    const outcomes = results.map((result) => JSON.parse(result.stdout.trim() || '{}') as { ok?: boolean; tokenHash?: string; refreshed?: boolean; message?: string });
    for (const [index, outcome] of outcomes.entries()) {
      assert.equal(outcome.ok, true, `process ${index} failed: ${outcome.message ?? results[index]?.stderr}`);
    }
    assert.equal(outcomes.filter((outcome) => outcome.refreshed).length, 1, 'exactly one process refreshed');
    assert.equal(new Set(outcomes.map((outcome) => outcome.tokenHash)).size, 1);
    assert.deepEqual(broken, []);
    assert.ok(reads > 50, `the watcher read the file only ${reads} times`);

    const saved = await readTokenFile(tokenFile);
    assert.equal(createHash('sha256').update(saved.access_token).digest('hex'), outcomes[0]?.tokenHash);
    assert.notEqual(saved.refresh_token, token.refresh_token, 'the refresh token was rotated');
    assert.equal(await getMembers(longLived, saved.access_token), 200);
    // The grant survived: oidc-provider revokes it when a used refresh token comes back.
    assert.match(await provider(longLived, saved).getAccessToken({ forceRefresh: true }), /\S/);
  });
});
