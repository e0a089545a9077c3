import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Resolved here so children find tsx whatever their working directory.
const TSX_LOADER = import.meta.resolve('tsx');

/** Absolute path of a helper script in this folder. */
export function helperPath(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** Output and exit status of a finished child process. */
export interface ChildResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts a TypeScript script with tsx in a child process. */
export function spawnTypeScript(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', TSX_LOADER, script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a child's output until it exits. */
export function collectOutput(child: ChildProcess): Promise<ChildResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve({ stdout, stderr, exitCode, signal }));
  });
}

/** Environment for a child: the parent's PATH and HOME plus the given variables, nothing else from PROPERTYME_*. */
export function childEnv(variables: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...variables };
}
