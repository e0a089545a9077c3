// Runs every benchmark in turn, each in its own process so that one's heap does not weigh on the
// next. Run: npm run bench. Each script prints its own table; bench/RESULTS.md keeps the figures.
import { spawnSync } from 'node:child_process';

const benchmarks: Array<{ script: string; args: string[] }> = [
  { script: 'bench/client.ts', args: ['--rounds', '5'] },
  { script: 'bench/sandbox.ts', args: [] },
  { script: 'bench/sync.ts', args: [] },
];

let failed = 0;
for (const { script, args } of benchmarks) {
  console.log(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', script, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`${script} exited with ${result.status ?? result.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
