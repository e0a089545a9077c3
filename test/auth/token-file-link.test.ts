import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readTokenFile, withTokenFileLock, writeTokenFile, type StoredToken } from '../../src/auth/index.js';
import { isTokenError } from '../../src/errors/token-error.js';

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pm-token-link-'));
  folders.push(folder);
  return folder;
}

function tokenWith(accessToken: string): StoredToken {
  return { access_token: accessToken, refresh_token: `rt-${accessToken}`, token_type: 'Bearer', expires_at: 1_800_000_000 };
}

/** Creates a folder with `real/tokens.json`, which contains the old token, and `link.json` linking to it. */
async function linkedTokenFile(): Promise<{ folder: string; link: string; target: string }> {
  const folder = tempFolder();
  mkdirSync(join(folder, 'real'));
  const target = join(folder, 'real', 'tokens.json');
  await writeTokenFile(target, tokenWith('old'));
  const link = join(folder, 'link.json');
  symlinkSync(join('real', 'tokens.json'), link);
  return { folder, link, target };
}

describe('token file behind a symbolic link', () => {
  test('write replaces the target, keeps the link', async () => {
    const { folder, link, target } = await linkedTokenFile();

    await writeTokenFile(link, tokenWith('new'));

    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal((await readTokenFile(target)).access_token, 'new');
    assert.equal((await readTokenFile(link)).access_token, 'new');
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(folder, 'real')), ['tokens.json'], 'no temporary file left beside the target');
    assert.deepEqual(readdirSync(folder).sort(), ['link.json', 'real'], 'no temporary file left beside the link');
  });

  test('chain of links and a dangling link', async () => {
    const folder = tempFolder();
    const target = join(folder, 'shared', 'tokens.json');
    symlinkSync(target, join(folder, 'middle.json'));
    symlinkSync(join(folder, 'middle.json'), join(folder, 'first.json'));

    await writeTokenFile(join(folder, 'first.json'), tokenWith('first-write'));

    assert.ok(lstatSync(join(folder, 'first.json')).isSymbolicLink());
    assert.ok(lstatSync(join(folder, 'middle.json')).isSymbolicLink());
    assert.equal(JSON.parse(readFileSync(target, 'utf8')).access_token, 'first-write');
  });

  test('link loop is a write failure', async () => {
    const folder = tempFolder();
    symlinkSync(join(folder, 'b.json'), join(folder, 'a.json'));
    symlinkSync(join(folder, 'a.json'), join(folder, 'b.json'));

    await assert.rejects(writeTokenFile(join(folder, 'a.json'), tokenWith('x')), (error: unknown) => {
      assert.ok(isTokenError(error));
      assert.equal(error.problem, 'write_failed');
      assert.match(error.message, /^Cannot save the token file .*a\.json: .*ELOOP/);
      return true;
    });
  });

  test('lock sits next to the target', async () => {
    const { link, target } = await linkedTokenFile();

    await withTokenFileLock(link, async () => {
      assert.ok(existsSync(`${target}.lock`), 'lock beside the target');
      assert.ok(!existsSync(`${link}.lock`), 'no lock beside the link');

      // A second process that names the target itself must wait for the same lock.
      await assert.rejects(
        withTokenFileLock(target, async () => undefined, { waitMs: 200 }),
        (error: unknown) => isTokenError(error) && error.problem === 'lock_failed',
      );
    });
    assert.ok(!existsSync(`${target}.lock`), 'lock released');
  });
});
