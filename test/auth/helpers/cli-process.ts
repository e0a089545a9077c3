// Runs the real `propertyme` command line in a child process and records every output, so a test
// can check that no token or secret was ever printed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child-process.js';

// Resolved here so children find tsx whatever their working directory.
const TSX_LOADER = import.meta.resolve('tsx');
const BIN = fileURLToPath(new URL('../../../src/cli/bin.ts', import.meta.url));

/** Every stdout and stderr text of the command lines run so far in this process. */
export const capturedOutputs: string[] = [];

export interface RunningCli {
  /** Resolves with the first stdout line that matches, or rejects when the command ends first. */
  waitForLine(pattern: RegExp): Promise<string>;
  result: Promise<ChildResult>;
  kill(): void;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): RunningCli {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];

  const checkWaiters = (): void => {
    for (const waiter of [...waiters]) {
      const line = stdout.split('\n').find((candidate) => waiter.pattern.test(candidate));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    checkWaiters();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const result = new Promise<ChildResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => {
      capturedOutputs.push(stdout, stderr);
      resolve({ stdout, stderr, exitCode, signal });
    });
  });

  return {
    waitForLine: (pattern) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ pattern, resolve });
        checkWaiters();
        result.then(
          (finished) => reject(new Error(`the command ended (exit ${finished.exitCode}) before printing ${pattern}: ${finished.stdout} ${finished.stderr}`)),
          reject,
        );
      }),
    result,
    kill: () => child.kill('SIGKILL'),
  };
}

/** Runs a command line to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ChildResult> {
  return startCli(args, env, cwd).result;
}
