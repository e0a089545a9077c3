// End-to-end sign-in against the sandbox identity server: the real command line in a child process
// and a real headless Chromium that logs in and consents.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readTokenFile } from '../../src/auth/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { childEnv } from './helpers/child-process.js';
import { launchChromium, type HeadlessChromium } from './helpers/chromium.js';
import { capturedOutputs, runCli, startCli } from './helpers/cli-process.js';
import { freePort } from './helpers/free-port.js';

let sandbox: Sandbox;
let browser: HeadlessChromium;
const folders: string[] = [];
const tokenFiles: string[] = [];

before(async () => {
  sandbox = await startSandbox({ seed: 4 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await sandbox?.close();
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

interface SignInSetup {
  env: NodeJS.ProcessEnv;
  cwd: string;
  tokenFile: string;
  port: number;
}

async function setup(extra: Record<string, string> = {}): Promise<SignInSetup> {
  // Each test signs in from scratch, without the identity server's session cookie of an earlier one.
  await browser.context.clearCookies();
  const cwd = mkdtempSync(join(tmpdir(), 'pm-sign-in-'));
  folders.push(cwd);
  const tokenFile = join(cwd, 'home', '.propertyme', 'tokens.json');
  tokenFiles.push(tokenFile);
  const port = await freePort();
  const env = childEnv({
    PROPERTYME_CLIENT_ID: sandbox.clientId,
    PROPERTYME_CLIENT_SECRET: sandbox.clientSecret,
    PROPERTYME_AUTH_URL: sandbox.authUrl,
    PROPERTYME_API_URL: sandbox.apiUrl,
    PROPERTYME_TOKEN_FILE: tokenFile,
    PROPERTYME_REDIRECT_URI: `http://localhost:${port}/home/callback`,
    ...extra,
  });
  return { env, cwd, tokenFile, port };
}

async function getMembers(accessToken: string): Promise<number> {
  const response = await fetch(`${sandbox.apiUrl}/v1/members`, { headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` } });
  await response.arrayBuffer();
  return response.status;
}

describe('propertyme auth with the sandbox', () => {
  test('browser sign-in saves working token', async () => {
    const { env, cwd, tokenFile, port } = await setup();
    const cli = startCli(['auth', '--no-browser'], env, cwd);
    const url = (await cli.waitForLine(/^\s+http:\/\/127\.0\.0\.1:\d+\/connect\/authorize\?/)).trim();

    const authorizationUrl = new URL(url);
    assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorizationUrl.searchParams.get('redirect_uri'), `http://localhost:${port}/home/callback`);
    assert.ok((authorizationUrl.searchParams.get('state') ?? '').length >= 32);

    // Browsers request /favicon.ico; the callback server returns 404 and keeps waiting.
    const favicon = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
    assert.equal(favicon.status, 404);
    await favicon.arrayBuffer();

    const page = await browser.context.newPage();
    await page.goto(url);
    const scopes = await page.locator('#requested-scopes li').allTextContents();
    assert.deepEqual(scopes, ['activity:read', 'communication:read', 'contact:read', 'property:read', 'transaction:read', 'offline_access']);
    await page.click('#approve');
    await page.waitForURL(/localhost:\d+\/home\/callback\?/);
    assert.match(await page.locator('h1').textContent() ?? '', /Signed in to PropertyMe/);
    await page.close();

    const result = await cli.result;
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Scopes granted: .*contact:read.*offline_access/);
    assert.match(result.stdout, /Access token expires: \d{4}-\d\d-\d\dT.*Z \(in 60 min\)/);
    assert.match(result.stdout, new RegExp(`Tokens saved to ${tokenFile.replaceAll('.', '\\.')}`));

    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.equal(statSync(join(tokenFile, '..')).mode & 0o777, 0o700);
    const token = await readTokenFile(tokenFile);
    assert.equal(token.token_type, 'Bearer');
    assert.equal(typeof token.refresh_token, 'string');
    assert.equal(token.expires_in, 3600);
    assert.ok(Math.abs((token.expires_at ?? 0) - (Date.now() / 1000 + 3600)) < 30);
    assert.equal(await getMembers(token.access_token), 200);

    const status = await runCli(['auth', 'status', '--json'], env, cwd);
    assert.equal(status.exitCode, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as Record<string, unknown>;
    assert.equal(parsed.signedIn, true);
    assert.equal(parsed.refreshable, true);
    assert.equal(parsed.expired, false);
    assert.ok((parsed.scopes as string[]).includes('contact:read'));

    const text = await runCli(['auth', 'status'], env, cwd);
    assert.match(text.stdout, /Access token: valid, expires at .* \(in 60 min\)/);
    assert.match(text.stdout, /Refresh: possible/);
  });

  test('wrong state: no exchange, exit 1', async () => {
    const { env, cwd, tokenFile, port } = await setup();
    const cli = startCli(['auth', '--no-browser'], env, cwd);
    const url = (await cli.waitForLine(/^\s+http:\/\/127\.0\.0\.1/)).trim();

    // A login CSRF attempt: the same authorization request with another state, approved for real,
    // so the identity server redirects to the callback with a valid code and the wrong state.
    const forged = new URL(url);
    forged.searchParams.set('state', 'forged-state');
    const page = await browser.context.newPage();
    await page.goto(forged.href);
    await page.click('#approve');
    await page.waitForURL(new RegExp(`localhost:${port}/home/callback\\?`));
    const callback = new URL(page.url());
    assert.equal(callback.searchParams.get('state'), 'forged-state');
    assert.ok(callback.searchParams.get('code'), 'the identity server issued a code');
    assert.match(await page.content(), /did not match this sign-in/);
    await page.close();

    const result = await cli.result;
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /^propertyme: The authorization response at \/home\/callback has a state parameter that does not match this sign-in; no token was requested\.$/m);
    assert.equal(existsSync(tokenFile), false);
  });

  test('access denied: clear message', async () => {
    const { env, cwd, tokenFile } = await setup();
    const cli = startCli(['auth', '--no-browser'], env, cwd);
    const url = (await cli.waitForLine(/^\s+http:\/\/127\.0\.0\.1/)).trim();

    const page = await browser.context.newPage();
    await page.goto(url);
    await page.click('#deny');
    await page.waitForURL(/\/home\/callback\?/);
    assert.match(await page.content(), /Sign-in failed/);
    await page.close();

    const result = await cli.result;
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /^propertyme: The sign-in was denied or cancelled in the browser \(access_denied/m);
    assert.equal(existsSync(tokenFile), false);
  });

  test('port in use names port', async () => {
    const { env, cwd, port } = await setup();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runCli(['auth', '--no-browser'], env, cwd);
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, new RegExp(`^propertyme: Port ${port} is already in use.*PROPERTYME_REDIRECT_URI`, 'm'));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test('timeout ends the wait', async () => {
    const { env, cwd, port } = await setup();
    const started = Date.now();
    const result = await runCli(['auth', '--no-browser', '--timeout', '1'], env, cwd);

    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, new RegExp(`No authorization response reached http://localhost:${port}/home/callback within 1 s\\. Run 'propertyme auth' again; --timeout SECONDS allows more time\\.`));
    assert.ok(Date.now() - started < 20_000);
    // The server is closed afterwards.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/favicon.ico`));
  });

  test('invalid setting exits 2', async () => {
    const { env, cwd } = await setup({ PROPERTYME_SCOPES: 'contact:read' });
    const result = await runCli(['auth', '--no-browser'], env, cwd);

    assert.equal(result.exitCode, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /^propertyme: PROPERTYME_SCOPES is invalid: expected a JSON array of strings, got "contact:read"\. Example: PROPERTYME_SCOPES=/);
  });

  test('missing secret exits 2', async () => {
    const { env, cwd } = await setup();
    delete env.PROPERTYME_CLIENT_SECRET;
    const result = await runCli(['auth', '--no-browser'], env, cwd);

    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^propertyme: PROPERTYME_CLIENT_SECRET is missing/);
  });

  test('wrong secret is invalid_client', async () => {
    const { env, cwd } = await setup({ PROPERTYME_CLIENT_SECRET: 'not-the-sandbox-secret' });
    const cli = startCli(['auth', '--no-browser'], env, cwd);
    const url = (await cli.waitForLine(/^\s+http:\/\/127\.0\.0\.1/)).trim();

    const page = await browser.context.newPage();
    await page.goto(url);
    await page.click('#approve');
    await page.waitForURL(/\/home\/callback\?/);
    await page.close();

    const result = await cli.result;
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /rejected the application's client id or secret \(invalid_client.*tried client_secret_basic and client_secret_post\)/);
    assert.match(result.stderr, /every account that uses this application/);
    assert.ok(!result.stderr.includes('not-the-sandbox-secret'));
  });

  test('device flow signs in', async () => {
    const { env, cwd, tokenFile } = await setup();
    const cli = startCli(['auth', '--device'], env, cwd);
    const verificationUri = (await cli.waitForLine(/^To sign in, open /)).match(/open (\S+) on any device/)?.[1];
    const userCode = (await cli.waitForLine(/^\s+[A-Z0-9-]{6,}$/)).trim();
    assert.ok(verificationUri);

    const page = await browser.context.newPage();
    await page.goto(verificationUri);
    await page.fill('input[name=user_code]', userCode);
    await page.click('#device-continue');
    await page.click('#device-confirm');
    await page.click('#approve');
    await page.waitForSelector('#device-success');
    await page.close();

    const result = await cli.result;
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Signed in to PropertyMe\./);
    const token = await readTokenFile(tokenFile);
    assert.equal(await getMembers(token.access_token), 200);
  });

  test('device flow denied', async () => {
    const { env, cwd, tokenFile } = await setup();
    const cli = startCli(['auth', '--device'], env, cwd);
    const verificationUri = (await cli.waitForLine(/^To sign in, open /)).match(/open (\S+) on any device/)?.[1];
    const userCode = (await cli.waitForLine(/^\s+[A-Z0-9-]{6,}$/)).trim();
    assert.ok(verificationUri);

    const page = await browser.context.newPage();
    await page.goto(verificationUri);
    await page.fill('input[name=user_code]', userCode);
    await page.click('#device-continue');
    // Closing the page as soon as the click returns could cancel the form's POST; wait for its response.
    await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.click('#device-abort')]);
    await page.close();

    const result = await cli.result;
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /denied or cancelled \(access_denied/);
    assert.equal(existsSync(tokenFile), false);
  });

  test('logout revokes and deletes', async () => {
    const { env, cwd, tokenFile } = await setup();
    const cli = startCli(['auth', '--no-browser'], env, cwd);
    const url = (await cli.waitForLine(/^\s+http:\/\/127\.0\.0\.1/)).trim();
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.click('#approve');
    await page.waitForURL(/\/home\/callback\?/);
    await page.close();
    assert.equal((await cli.result).exitCode, 0);
    const token = await readTokenFile(tokenFile);
    assert.equal(await getMembers(token.access_token), 200);

    const result = await runCli(['logout'], env, cwd);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Revoked the refresh token and the access token\./);
    assert.equal(existsSync(tokenFile), false);
    assert.equal(await getMembers(token.access_token), 401);

    const again = await runCli(['logout'], env, cwd);
    assert.match(again.stdout, /Not signed in/);
  });

  test('logout offline deletes with warning', async () => {
    const { env, cwd, tokenFile } = await setup();
    const { writeTokenFile } = await import('../../src/auth/index.js');
    await writeTokenFile(tokenFile, { access_token: 'at-offline-test', refresh_token: 'rt-offline-test', token_type: 'Bearer', expires_at: 2_000_000_000 });
    const closedPort = await freePort();

    const result = await runCli(['logout'], { ...env, PROPERTYME_AUTH_URL: `http://127.0.0.1:${closedPort}` }, cwd);
    assert.equal(result.exitCode, 0);
    assert.match(result.stderr, /warning: the tokens were not revoked \(.*\); they stay valid until they expire\./);
    assert.equal(existsSync(tokenFile), false);
  });

  test('no output contains a secret', async () => {
    const secrets = new Set<string>([sandbox.clientSecret]);
    for (const output of capturedOutputs) assert.ok(output !== undefined);
    // Token files that still exist hold tokens the command line had in memory.
    for (const file of tokenFiles) {
      if (!existsSync(file)) continue;
      const token = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      secrets.add(token.access_token as string);
      if (token.refresh_token) secrets.add(token.refresh_token);
    }

    assert.ok(capturedOutputs.length >= 20, `only ${capturedOutputs.length} outputs captured`);
    assert.ok(secrets.size >= 3, 'at least the secret and one token pair to look for');
    for (const output of capturedOutputs) {
      for (const secret of secrets) {
        assert.ok(!output.includes(secret), `an output contains a secret: ${output.slice(0, 200)}`);
      }
    }
  });
});
