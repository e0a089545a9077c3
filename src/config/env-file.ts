import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Reads `.env` from a folder with Node's own parser (`util.parseEnv`, Node 20.12 and later). Returns an
 * empty record when the file does not exist.
 *
 * @throws {ConfigurationError} when the file exists but cannot be read.
 */
export function readEnvFile(folder: string): Record<string, string> {
  const path = join(folder, '.env');
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigurationError(`Cannot read ${path}: ${(error as Error).message}. Fix its permissions or remove it.`, {
      setting: '.env',
      cause: error,
    });
  }

  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (value !== undefined) values[name] = value;
  }
  return values;
}
