import lockfile from 'proper-lockfile';
import { TokenError } from '../errors/token-error.js';
import { resolveTokenFilePath } from './token-file.js';

/** How long to wait for another process's lock, and when to treat an abandoned lock as stale. */
export interface TokenFileLockOptions {
  /**
   * A lock whose holder has not touched it for this long is taken over: its process probably died.
   * The holder touches it every `staleMs / 2` while it runs. Default: 10 000 ms; minimum 2 000 ms.
   */
  staleMs?: number;
  /** How long to wait for the lock before giving up. Default: 60 000 ms. */
  waitMs?: number;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_WAIT_MS = 60_000;
const RETRY_MIN_MS = 25;
const RETRY_MAX_MS = 250;

/**
 * Returns the path of the lock next to a token file: `<token file>.lock`, a folder while held. For a
 * token file that is a symbolic link, pass the link's target, as {@link withTokenFileLock} does.
 */
export function tokenFileLockPath(tokenFile: string): string {
  return `${tokenFile}.lock`;
}

/**
 * Runs `action` while holding the lock next to a token file, so that only one process at a time
 * refreshes and rewrites the token. The lock is a folder created with `mkdir` (atomic on local file
 * systems) by proper-lockfile, and is released even when `action` throws. When the token file is a
 * symbolic link, the lock sits next to the link's target, so processes that reach one file through
 * different paths still take the same lock.
 *
 * NOTE: `mkdir` is not reliably atomic on some network file systems, so on NFS two processes can
 * still refresh at once.
 *
 * @throws {TokenError} with problem `lock_failed` when the lock cannot be taken within `waitMs`.
 */
export async function withTokenFileLock<T>(tokenFile: string, action: () => Promise<T>, options: TokenFileLockOptions = {}): Promise<T> {
  let lockPath: string;
  try {
    lockPath = tokenFileLockPath(await resolveTokenFilePath(tokenFile));
  } catch (error) {
    throw new TokenError(`Cannot lock the token file ${tokenFile}: ${(error as Error).message}.`, { problem: 'lock_failed', path: tokenFile, cause: error });
  }
  const staleMs = Math.max(options.staleMs ?? DEFAULT_STALE_MS, 2_000);
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;

  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(tokenFile, {
      lockfilePath: lockPath,
      realpath: false,
      stale: staleMs,
      retries: { retries: Math.ceil(waitMs / RETRY_MIN_MS), minTimeout: RETRY_MIN_MS, maxTimeout: RETRY_MAX_MS, factor: 1.5, maxRetryTime: waitMs },
      // The default handler throws from a timer and would crash the process. A compromised lock only
      // means another process may refresh at the same time, which the refresh itself survives unless
      // the identity server rotates refresh tokens.
      // NOTE: that case is not reported to the caller.
      onCompromised: () => undefined,
    });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ELOCKED'
      ? `another process held it for more than ${Math.round(waitMs / 1000)} s; if no propertyme process is running, delete ${lockPath}`
      : (error as Error).message;
    throw new TokenError(`Cannot lock the token file ${tokenFile}: ${reason}.`, { problem: 'lock_failed', path: tokenFile, cause: error });
  }

  try {
    return await action();
  } finally {
    await release().catch(() => undefined);
  }
}
