// A usage error raised inside a command's action, after Commander parsed the line, still gets one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

function runCli(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

test('sandbox bad scale prints one line', () => {
  const run = runCli(['sandbox', '--scale', 'huge', '--port', '0']);

  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^propertyme: --scale must be small, large or counts .*got "huge"\.\n$/);
});

test('unknown option is reported once', () => {
  const run = runCli(['--bogus']);

  assert.equal(run.status, 2);
  assert.equal(run.stderr.match(/unknown option '--bogus'/g)?.length, 1);
});

test('auth rejects a folder as token file before signing in', () => {
  const folder = mkdtempSync(join(tmpdir(), 'pm-token-folder-'));
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'auth', '--no-browser', '--token-file', folder], {
      encoding: 'utf8',
      // A closed loopback port: the check must fail before any request is made.
      env: { PATH: process.env.PATH, HOME: folder, PROPERTYME_CLIENT_ID: 'id', PROPERTYME_CLIENT_SECRET: 'secret', PROPERTYME_AUTH_URL: 'http://127.0.0.1:1' },
    });

    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `propertyme: The token file ${folder} is a folder. Give a file path with --token-file or PROPERTYME_TOKEN_FILE.\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
