import { readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { PortfolioSnapshot } from './data/portfolio.js';
import type { StoredArtifact } from './identity/memory-adapter.js';

const STATE_VERSION = 1;

/** Everything a sandbox needs to come back after a restart with the same data and credentials. */
export interface SandboxState {
  version: typeof STATE_VERSION;
  clientId: string;
  clientSecret: string;
  signingKey: Record<string, unknown>;
  cookieKeys: string[];
  portfolio: PortfolioSnapshot;
  /** Identity-server grants, sessions and tokens that had not expired when the state was saved. */
  artifacts: StoredArtifact[];
}

/** Reads a state file; resolves to undefined when the file does not exist. */
export async function readStateFile(path: string): Promise<SandboxState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new Error(`Invalid sandbox state file ${path}: it is a folder; give a file path to --state`, { cause: error });
    throw error;
  }
  let state: Partial<SandboxState>;
  try {
    state = JSON.parse(text) as Partial<SandboxState>;
  } catch {
    throw new Error(`Invalid sandbox state file ${path}: it is not JSON; delete the file to start from a fresh portfolio`);
  }
  if (state.version !== STATE_VERSION || typeof state.clientId !== 'string' || state.portfolio === undefined) {
    throw new Error(`Invalid sandbox state file ${path}: expected version ${STATE_VERSION}; delete the file to start from a fresh portfolio`);
  }
  return state as SandboxState;
}

/**
 * Writes the state atomically: to a temporary file beside the target, then renamed over it, so a
 * crash leaves either the old or the new file. Mode 0600 because it contains the client secret.
 */
export async function writeStateFile(path: string, state: SandboxState): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
