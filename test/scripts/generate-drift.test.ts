import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTRACT_FILE = join(ROOT, '../shared/propertyme/openapi.json');
const COMMITTED = join(ROOT, 'src/api/generated');

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Runs the generator as `npm run generate` does, into a new temporary folder, and returns the folder. */
function generateInto(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pm-generate-'));
  folders.push(folder);
  const result = spawnSync('npx', ['tsx', 'scripts/generate.ts', '--spec', CONTRACT_FILE, '--out', folder], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `the generator failed: ${result.stderr}`);
  return folder;
}

function readFolder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder).sort()) files.set(name, readFileSync(join(folder, name), 'utf8'));
  return files;
}

function assertSameFiles(actual: Map<string, string>, expected: Map<string, string>, label: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${label}: different file names`);
  for (const [name, content] of expected) {
    // Compared one by one so that a failure names the stale file instead of printing a huge diff.
    assert.ok(actual.get(name) === content, `${label}: ${name} differs; run \`npm run generate\` and commit the result`);
  }
}

describe('generator', () => {
  test('committed output matches the contract', (t) => {
    if (!existsSync(CONTRACT_FILE)) {
      t.skip(`contract file not found at ${CONTRACT_FILE}; skipping the drift check`);
      return;
    }
    const generated = readFolder(generateInto());

    assert.equal(generated.size, 6);
    assertSameFiles(generated, readFolder(COMMITTED), 'src/api/generated');
  });

  test('second run is byte-identical', (t) => {
    if (!existsSync(CONTRACT_FILE)) {
      t.skip(`contract file not found at ${CONTRACT_FILE}; skipping the repeat check`);
      return;
    }
    const first = readFolder(generateInto());
    const second = readFolder(generateInto());

    assertSameFiles(second, first, 'second run');
  });
});
