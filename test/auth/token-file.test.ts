import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { deleteTokenFile, readTokenFile, readTokenStatus, storedTokenFromResponse, writeTokenFile, type StoredToken } from '../../src/auth/index.js';
import { isTokenError } from '../../src/errors/token-error.js';

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pm-token-file-'));
  folders.push(folder);
  return folder;
}

const token: StoredToken = {
  access_token: 'at-file-test',
  refresh_token: 'rt-file-test',
  token_type: 'Bearer',
  expires_at: 1_800_000_000,
  expires_in: 3600,
  scope: 'contact:read offline_access',
};

async function expectTokenError(path: string, problem: string, message: RegExp): Promise<void> {
  await assert.rejects(readTokenFile(path), (error: unknown) => {
    assert.ok(isTokenError(error), `expected TokenError, got ${String(error)}`);
    assert.equal(error.code, 'E_TOKEN');
    assert.equal(error.problem, problem);
    assert.equal(error.path, path);
    assert.match(error.message, message);
    return true;
  });
}

describe('token file', () => {
  test('round trip with modes 0700 and 0600', async () => {
    const folder = join(tempFolder(), 'nested', '.propertyme');
    const path = join(folder, 'tokens.json');

    await writeTokenFile(path, token);

    assert.deepEqual(await readTokenFile(path), token);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(folder), ['tokens.json'], 'no temporary file left');
  });

  test('replacing keeps mode 0600', async () => {
    const path = join(tempFolder(), 'tokens.json');
    writeFileSync(path, '{}');
    chmodSync(path, 0o644);

    await writeTokenFile(path, token);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  test('reads a PyPropertyMe file', async () => {
    const path = join(tempFolder(), 'tokens.json');
    writeFileSync(path, JSON.stringify({ access_token: 'a', refresh_token: 'r', token_type: 'Bearer', expires_at: 1700000000.5, expires_in: 3600 }));

    const read = await readTokenFile(path);
    assert.equal(read.scope, undefined);
    assert.equal(read.expires_at, 1700000000.5);
    assert.equal(read.refresh_token, 'r');
  });

  test('missing file message', async () => {
    const path = join(tempFolder(), 'absent.json');
    await expectTokenError(path, 'missing', /^No token found\. Please run 'propertyme auth' first \(no file at .*absent\.json\)\.$/);
  });

  const corruptCases: Array<{ name: string; content: string; message: RegExp }> = [
    { name: 'truncated JSON', content: '{"access_token": "a", "tok', message: /is corrupt: it is not valid JSON/ },
    { name: 'an array', content: '[]', message: /is corrupt: expected a JSON object/ },
    { name: 'no access_token', content: '{"token_type":"Bearer"}', message: /is corrupt: "access_token" is missing/ },
    { name: 'numeric access_token', content: '{"access_token":5}', message: /"access_token" must be a non-empty string/ },
    { name: 'string expires_at', content: '{"access_token":"a","expires_at":"soon"}', message: /"expires_at" must be a number/ },
    { name: 'array scope', content: '{"access_token":"a","scope":["x"]}', message: /"scope" must be a string/ },
  ];
  for (const { name, content, message } of corruptCases) {
    test(`corrupt file: ${name}`, async () => {
      const path = join(tempFolder(), 'tokens.json');
      writeFileSync(path, content);
      await expectTokenError(path, 'corrupt', message);
      await assert.rejects(readTokenFile(path), (error: Error) => error.message.includes(path));
    });
  }

  const fragmentCases: Array<{ name: string; content: string; message: RegExp }> = [
    { name: 'unquoted token', content: '{"access_token": _qXOFbGi2Vsecret, "refresh_token": "r"}', message: /is not valid JSON \(unexpected character at line 1, column 18\)\./ },
    { name: 'text on two lines', content: 'not json{\n', message: /is not valid JSON \(unexpected character at line 1, column 2\)\./ },
    { name: 'missing colon', content: '{\n  "access_token" "qXOFbGi2Vsecret"\n}', message: /is not valid JSON \(Expected ':' after property name at line 2, column 18\)\./ },
  ];
  for (const { name, content, message } of fragmentCases) {
    test(`corrupt file hides content: ${name}`, async () => {
      const path = join(tempFolder(), 'tokens.json');
      writeFileSync(path, content);
      await expectTokenError(path, 'corrupt', message);
      await assert.rejects(readTokenFile(path), (error: Error) => {
        assert.ok(!error.message.includes('qXOF'), 'no token fragment in the message');
        assert.ok(!error.message.includes('json{'), 'no file content in the message');
        assert.ok(!error.message.includes('\n'), 'message is one line');
        assert.equal(error.cause, undefined, 'no SyntaxError quoting the file as the cause');
        return true;
      });
    });
  }

  test('delete reports whether it existed', async () => {
    const path = join(tempFolder(), 'tokens.json');
    await writeTokenFile(path, token);

    assert.equal(await deleteTokenFile(path), true);
    assert.equal(await deleteTokenFile(path), false);
  });

  test('write failure names the path', async () => {
    const folder = tempFolder();
    const blocker = join(folder, 'not-a-folder');
    writeFileSync(blocker, '');
    const path = join(blocker, 'tokens.json');

    await assert.rejects(writeTokenFile(path, token), (error: unknown) => {
      assert.ok(isTokenError(error));
      assert.equal(error.problem, 'write_failed');
      assert.match(error.message, /^Cannot save the token file .*not-a-folder\/tokens\.json/);
      return true;
    });
  });

  test('status has no token values', async () => {
    const path = join(tempFolder(), 'tokens.json');
    await writeTokenFile(path, token);

    const status = await readTokenStatus(path, { now: () => (1_800_000_000 - 90) * 1000 });
    assert.equal(status.expired, false);
    assert.equal(status.expiresInSeconds, 90);
    assert.deepEqual(status.scopes, ['contact:read', 'offline_access']);
    assert.equal(status.refreshable, true);
    assert.ok(!JSON.stringify(status).includes('at-file-test'));
    assert.ok(!JSON.stringify(status).includes('rt-file-test'));
  });
});

describe('storedTokenFromResponse', () => {
  test('computes expires_at in seconds', () => {
    const stored = storedTokenFromResponse({ access_token: 'a', token_type: 'bearer', expires_in: 1800 }, 1_000_000_500, undefined, 'contact:read');
    assert.deepEqual(stored, { access_token: 'a', token_type: 'Bearer', expires_in: 1800, expires_at: 1_000_000 + 1800, scope: 'contact:read' });
  });

  test('keeps previous refresh token and scope', () => {
    const stored = storedTokenFromResponse({ access_token: 'b', token_type: 'Bearer', expires_in: 60 }, 0, { refresh_token: 'old-rt', scope: 'x y' });
    assert.equal(stored.refresh_token, 'old-rt');
    assert.equal(stored.scope, 'x y');
  });

  test('new refresh token wins', () => {
    const stored = storedTokenFromResponse({ access_token: 'b', token_type: 'Bearer', refresh_token: 'new-rt' }, 0, { refresh_token: 'old-rt' });
    assert.equal(stored.refresh_token, 'new-rt');
    assert.equal(stored.expires_at, undefined);
  });
});

describe('token file folder', () => {
  test('existing folder keeps its mode', async () => {
    const folder = join(tempFolder(), 'shared');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);

    await writeTokenFile(join(folder, 'tokens.json'), token);
    assert.equal(statSync(folder).mode & 0o777, 0o755);
  });
});
