// Killing `propertyme sync` with SIGKILL in the middle of a run, then running it again, gives the
// same database as a run that was never interrupted.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { syncPortfolio } from '../../src/sync/index.js';
import { tables } from '../../src/sync/schema.js';
import { readSqliteMirror, runCli, startTestSandbox, type TestSandbox } from './helpers.js';

let setup: TestSandbox;
let clean: string;

before(async () => {
  // Big enough that a run takes a second or more, so the kill lands between commits.
  setup = await startTestSandbox({ seed: 31, scale: { lots: 1500, contacts: 5000, jobs: 8000, inspections: 3000, tasks: 3000 } });
  clean = join(setup.dir, 'clean.db');
  assert.equal((await syncPortfolio({ client: setup.client, target: `sqlite:${clean}` })).ok, true);
});
after(async () => setup.close());

/** Returns how many entities have committed so far, or 0 while the file or its tables are missing. */
function committedEntities(path: string): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, timeout: 1000 });
  try {
    return (db.prepare('SELECT COUNT(*) FROM sync_cursors').pluck().get() as number) ?? 0;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** Runs the CLI and kills it once `committed` entities are in the file. */
async function killAfterCommits(path: string, committed: number): Promise<number> {
  let seen = 0;
  const run = await runCli(['sync', '--to', `sqlite:${path}`], setup.env, setup.dir, (child) => {
    const poll = async () => {
      while (child.exitCode === null && child.signalCode === null) {
        seen = committedEntities(path);
        if (seen >= committed) {
          child.kill('SIGKILL');
          return;
        }
        await sleep(5);
      }
    };
    void poll();
  });
  assert.equal(run.signal, 'SIGKILL', `the sync was killed (stderr: ${run.stderr})`);
  return seen;
}

function assertNoDuplicates(path: string): void {
  const db = new Database(path, { readonly: true });
  try {
    for (const { table } of Object.values(tables)) {
      const counts = db.prepare(`SELECT COUNT(*) AS rows, COUNT(DISTINCT id) AS ids FROM ${table}`).get() as { rows: number; ids: number };
      assert.equal(counts.rows, counts.ids, `${table} has no duplicate ids`);
    }
  } finally {
    db.close();
  }
}

for (const committed of [1, 4]) {
  test(`kill after ${committed} commits, then rerun`, async () => {
    const path = join(setup.dir, `killed-${committed}.db`);
    const seen = await killAfterCommits(path, committed);
    assert.ok(seen >= committed, `killed after ${seen} commits`);
    assert.ok(seen < 8, `killed before the last of 8 entities committed (${seen})`);

    const rerun = await runCli(['sync', '--to', `sqlite:${path}`], setup.env, setup.dir);
    assert.equal(rerun.code, 0, rerun.stderr);
    assertNoDuplicates(path);
    assert.deepEqual(readSqliteMirror(path), readSqliteMirror(clean));
  });
}
