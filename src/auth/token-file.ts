import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readlink, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeJsonSyntaxError } from '../config/json-syntax-error.js';
import { TokenError } from '../errors/token-error.js';
import { parseStoredToken, type StoredToken } from './stored-token.js';

/** Permissions of a token folder that this module creates: owner only. */
const FOLDER_MODE = 0o700;
/** Permissions of a token file: owner read and write only. */
const FILE_MODE = 0o600;
/** How many symbolic links in a row are followed before giving up, as Linux's own limit (40). */
const MAX_LINK_HOPS = 40;

/**
 * Reads and checks a token file.
 *
 * @throws {TokenError} `missing` when the file does not exist ("No token found. Please run
 *   'propertyme auth' first."), `corrupt` when it is not a valid token, naming the path and the problem.
 */
export async function readTokenFile(path: string): Promise<StoredToken> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TokenError(`No token found. Please run 'propertyme auth' first (no file at ${path}).`, {
        problem: 'missing',
        path,
        cause: error,
      });
    }
    throw new TokenError(`Cannot read the token file ${path}: ${(error as Error).message}.`, { problem: 'corrupt', path, cause: error });
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    // The SyntaxError is not kept as the cause, because its message quotes part of the file, which
    // may be a token.
    const reason = describeJsonSyntaxError(content, error);
    throw new TokenError(`The token file ${path} is corrupt: it is not valid JSON (${reason}). Run 'propertyme auth' to replace it.`, {
      problem: 'corrupt',
      path,
    });
  }
  return parseStoredToken(parsed, path);
}

/**
 * Returns the file that a token file path finally names: the target of a symbolic link, followed link
 * by link, or else the path itself. The file need not exist yet, so a link to a file that is still to
 * be written resolves to that file.
 *
 * @throws the file system error, such as `ELOOP` for links that form a loop.
 */
export async function resolveTokenFilePath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  // Nothing exists at the end of the path. Follow any links by hand to find where the file belongs.
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    let target: string;
    try {
      target = await readlink(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EINVAL' || code === 'ENOTDIR') return current;
      throw error;
    }
    current = resolve(dirname(current), target);
  }
  throw Object.assign(new Error(`too many symbolic links from ${path}`), { code: 'ELOOP' });
}

/**
 * Writes a token file so that readers only ever see the old or the new content. The JSON goes to a
 * temporary file in the same folder (mode 0600), which is flushed with fsync and then renamed over
 * the token file. A missing folder is created with mode 0700; an existing folder keeps its mode.
 * When the path is a symbolic link, the link stays and its final target is replaced in the same way,
 * with the temporary file in the target's folder. A file shared through the link (with PyPropertyMe,
 * say) thus receives the new tokens.
 *
 * NOTE: a process killed between creating and renaming the temporary file leaves a `.<name>.*.tmp`
 * file behind in the folder; the token file itself stays intact.
 *
 * @throws {TokenError} with problem `write_failed`, naming the path.
 */
export async function writeTokenFile(path: string, token: StoredToken): Promise<void> {
  let temporaryPath: string | undefined;
  try {
    const target = await resolveTokenFilePath(path);
    const folder = dirname(target);
    temporaryPath = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await mkdir(folder, { recursive: true, mode: FOLDER_MODE });

    const handle = await open(temporaryPath, 'wx', FILE_MODE);
    try {
      await handle.writeFile(`${JSON.stringify(token, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }

    await rename(temporaryPath, target);
    await syncFolder(folder);
  } catch (error) {
    if (temporaryPath !== undefined) await unlink(temporaryPath).catch(() => undefined);
    throw new TokenError(`Cannot save the token file ${path}: ${(error as Error).message}.`, {
      problem: 'write_failed',
      path,
      cause: error,
    });
  }
}

/**
 * Deletes a token file. Returns `false` when there was no file.
 *
 * @throws {TokenError} with problem `write_failed` when the file exists but cannot be deleted.
 */
export async function deleteTokenFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new TokenError(`Cannot delete the token file ${path}: ${(error as Error).message}.`, {
      problem: 'write_failed',
      path,
      cause: error,
    });
  }
}

// Makes the rename durable across a power cut. Some file systems do not support fsync on a folder;
// the rename has still happened there, so that error is ignored.
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // See above: durability is best effort on such file systems.
  } finally {
    await handle.close();
  }
}
