// Runs every test file under test/ with Node's built-in test runner, loading TypeScript through tsx.
// Node 20's runner does not expand glob patterns itself, so this script lists the files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function listTestFiles(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return listTestFiles(path);
      return entry.name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

const filter = process.argv.slice(2);
const files = listTestFiles('test').filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)));
if (files.length === 0) {
  console.error(`No test files under test/ match ${filter.join(' ') || '*.test.ts'}.`);
  process.exit(1);
}

// A test that hangs fails after five minutes instead of holding up the whole run.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
