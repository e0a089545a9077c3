// Checks the published shape of the package: the build output behind every exports-map entry, the
// packed file list, and that each entry point loads under plain Node without tsx. The build goes to a
// temporary package folder, so the checkout's dist/ is left alone while the tests run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>;
  engines: { node: string };
  exports: Record<string, string | { types: string; import: string }>;
  type: string;
};

let packageRoot: string;

before(() => {
  packageRoot = mkdtempSync(join(tmpdir(), 'propertyme-package-'));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(packageRoot, 'dist')], { stdio: 'pipe' });
  copyFileSync('package.json', join(packageRoot, 'package.json'));
  copyFileSync('README.md', join(packageRoot, 'README.md'));
  symlinkSync(resolve('node_modules'), join(packageRoot, 'node_modules'));
});

after(() => {
  rmSync(packageRoot, { recursive: true, force: true });
});

test('build writes every exports-map target', () => {
  for (const [subpath, target] of Object.entries(packageJson.exports)) {
    if (typeof target === 'string') continue;
    assert.ok(existsSync(join(packageRoot, target.import)), `${subpath}: ${target.import} is missing`);
    assert.ok(existsSync(join(packageRoot, target.types)), `${subpath}: ${target.types} is missing`);
  }
  assert.ok(existsSync(join(packageRoot, packageJson.bin.propertyme!)), 'the propertyme binary is missing');
});

test('packed tarball holds dist and no sources or tests', () => {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', cwd: packageRoot });
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
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: packageRoot },
    );
    assert.ok(Number(output.trim()) > 0, `${specifier} exports nothing`);
  }
});

test('binary prints its version', () => {
  const output = execFileSync(process.execPath, [join(packageRoot, packageJson.bin.propertyme!), '--version'], { encoding: 'utf8' });
  assert.equal(output.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
});
