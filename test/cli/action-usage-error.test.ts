// A usage error raised inside a command's action, after Commander parsed the line, still gets one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
