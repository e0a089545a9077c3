// Checks the published shape of the package: the build output behind every exports-map entry, the
// packed file list, and that each entry point loads under plain Node without tsx.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>;
  engines: { node: string };
  exports: Record<string, string | { types: string; import: string }>;
  type: string;
};

test('build writes every exports-map target', () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'pipe' });
  for (const [subpath, target] of Object.entries(packageJson.exports)) {
    if (typeof target === 'string') continue;
    assert.ok(existsSync(target.import), `${subpath}: ${target.import} is missing`);
    assert.ok(existsSync(target.types), `${subpath}: ${target.types} is missing`);
  }
  assert.ok(existsSync(packageJson.bin.propertyme!), 'the propertyme binary is missing');
});

test('packed tarball holds dist and no sources or tests', () => {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
  const files = (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);

  assert.ok(files.includes('dist/index.js'));
  assert.ok(files.includes('dist/cli/bin.js'));
  assert.ok(files.includes('README.md'));
  assert.deepEqual(files.filter((file) => /^(src|test|scripts|bench)\//.test(file)), []);
});

test('package is ESM for Node 20 and later', () => {
  assert.equal(packageJson.type, 'module');
  assert.equal(packageJson.engines.node, '>=20');
});

test('each entry point loads under plain node', () => {
  for (const subpath of Object.keys(packageJson.exports)) {
    if (subpath === './package.json') continue;
    const specifier = subpath === '.' ? 'propertyme' : `propertyme/${subpath.slice(2)}`;
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length)`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.ok(Number(output.trim()) > 0, `${specifier} exports nothing`);
  }
});

test('binary prints its version', () => {
  const output = execFileSync(process.execPath, [packageJson.bin.propertyme!, '--version'], { encoding: 'utf8' });
  assert.equal(output.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
});
