import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readTokenFile, writeTokenFile } from '../../src/auth/index.js';
import { childEnv, collectOutput, helperPath, spawnTypeScript } from './helpers/child-process.js';
import { startLocalTokenServer, type LocalTokenServer } from './helpers/local-token-server.js';

const folders: string[] = [];
const servers: LocalTokenServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pm-processes-'));
  folders.push(folder);
  return folder;
}

/**
 * Reads the file in a tight loop until `stop` is set, and returns how many reads saw something other
 * than a whole token (a parse failure or a mixed file). A missing file counts as broken too.
 */
function watchFile(path: string, isWhole: (value: Record<string, unknown>) => boolean): { stop: () => Promise<{ reads: number; broken: string[] }> } {
  let running = true;
  let reads = 0;
  const broken: string[] = [];
  const done = (async () => {
    while (running) {
      try {
        const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        if (!isWhole(value)) broken.push('mixed content');
      } catch (error) {
        broken.push((error as Error).message.slice(0, 80));
      }
      reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { reads, broken };
    },
  };
}

describe('token file across processes', () => {
  test('killed save leaves whole file', async () => {
    const path = join(tempFolder(), 'tokens.json');
    await writeTokenFile(path, { access_token: 'at-initial-0', refresh_token: '', token_type: 'Bearer' });
    const isWhole = (value: Record<string, unknown>): boolean =>
      value.access_token === 'at-initial-0' || value.access_token === `at-round-${String(value.access_token).split('-')[2]}-${String(value.refresh_token).length}`;
    const watcher = watchFile(path, isWhole);

    for (let kill = 0; kill < 8; kill += 1) {
      const child = spawnTypeScript(helperPath('save-loop-child.ts'), [path], childEnv({}));
      const finished = collectOutput(child);
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 150));
      child.kill('SIGKILL');
      const result = await finished;
      assert.equal(result.signal, 'SIGKILL');

      const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      assert.ok(isWhole(value), `file after kill ${kill} is not a whole token`);
    }

    const { reads, broken } = await watcher.stop();
    assert.ok(reads > 100, `watcher read the file only ${reads} times`);
    assert.deepEqual(broken, []);
  });
});

describe('refresh across processes', () => {
  test('5 processes make one refresh', async () => {
    const server = await startLocalTokenServer({ rotateRefreshTokens: true, refreshDelayMs: 150 });
    servers.push(server);
    const path = join(tempFolder(), 'tokens.json');
    await writeTokenFile(path, {
      access_token: 'at-expired-shared',
      refresh_token: server.issueRefreshToken(),
      token_type: 'Bearer',
      expires_at: Math.floor(Date.now() / 1000) - 5,
      expires_in: 3600,
    });
    const env = childEnv({
      PROPERTYME_CLIENT_ID: server.clientId,
      PROPERTYME_CLIENT_SECRET: server.clientSecret,
      PROPERTYME_AUTH_URL: server.url,
      PROPERTYME_API_URL: `${server.url}/api`,
      PROPERTYME_TOKEN_FILE: path,
    });
    const watcher = watchFile(path, (value) => typeof value.access_token === 'string' && typeof value.refresh_token === 'string');

    // Children start together once all have loaded, about 3 s from now.
    const startAt = Date.now() + 3_000;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => collectOutput(spawnTypeScript(helperPath('refresh-child.ts'), [String(startAt)], env))),
    );
    const { broken } = await watcher.stop();

    const outcomes = results.map((result) => JSON.parse(result.stdout.trim() || '{}') as { ok?: boolean; tokenHash?: string; error?: string; message?: string });
    for (const [index, outcome] of outcomes.entries()) {
      assert.equal(outcome.ok, true, `process ${index} failed: ${outcome.message ?? results[index]?.stderr}`);
    }
    assert.equal(new Set(outcomes.map((outcome) => outcome.tokenHash)).size, 1, 'all processes use the same access token');
    assert.equal(server.tokenRequests.get('refresh_token'), 1);
    assert.equal(outcomes.filter((outcome) => (outcome as { refreshed?: boolean }).refreshed).length, 1);
    assert.deepEqual(broken, []);
    assert.notEqual((await readTokenFile(path)).access_token, 'at-expired-shared');
  });
});
