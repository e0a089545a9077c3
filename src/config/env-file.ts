import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError } from '../errors/configuration-error.js';

/** The prefix of every variable this package reads. */
const OWN_PREFIX = 'PROPERTYME_';

/** An assignment whose value opens with a quote: the name, the quote and the rest of the line. */
const QUOTED_ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(["'`])(.*)$/;

/** A line inside a value that looks like one of our assignments, taken in by an unclosed quote. */
const OWN_ASSIGNMENT_INSIDE = /^\s*(?:export\s+)?(PROPERTYME_[A-Za-z0-9_]*)\s*=/m;

/**
 * Reads `.env` from a folder with Node's own parser (`util.parseEnv`, Node 20.12 and later). Returns an
 * empty record when the file does not exist. A leading byte order mark, which Windows Notepad writes,
 * is removed first, because `parseEnv` would otherwise read it as part of the first name.
 *
 * `parseEnv` runs a quoted value on to the next matching quote, however many lines later, so one
 * missing quote can take in the lines below it, the client secret among them. Every `PROPERTYME_`
 * value therefore must fit on one line, and the error never shows the value.
 *
 * @throws {ConfigurationError} when the file exists but cannot be read, when a `PROPERTYME_` line
 *   opens a quote that it does not close, when a `PROPERTYME_` value contains a line break, or when
 *   another variable's unclosed quote takes in a `PROPERTYME_` line.
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
  if (content.startsWith('\uFEFF')) content = content.slice(1);

  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (value !== undefined) values[name] = value;
  }

  rejectUnclosedQuotes(content, values);
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(OWN_PREFIX) && /[\r\n]/.test(value)) {
      throw new ConfigurationError(
        `${name} (in .env) is invalid: it contains a line break (value not shown). Write the value on one line without \\n escapes.`,
        { setting: name },
      );
    }
  }
  return values;
}

// Finds the first line that opens a quote without closing it, where that matters: the variable is
// one of ours, or the quoted value runs on over one of our lines.
function rejectUnclosedQuotes(content: string, values: Record<string, string>): void {
  const lines = content.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const match = QUOTED_ASSIGNMENT.exec(line);
    if (match === null) continue;
    const [, name, quote, rest] = match as unknown as [string, string, string, string];
    if (rest.includes(quote)) continue;

    const lineNumber = index + 1;
    const fix = `Add the closing ${quote} on line ${lineNumber} of .env.`;
    if (name.startsWith(OWN_PREFIX)) {
      throw new ConfigurationError(
        `${name} (in .env, line ${lineNumber}) is invalid: it has a quote that is not closed on its line, so the value may take in the lines below (value not shown). ${fix}`,
        { setting: name },
      );
    }

    const takenIn = OWN_ASSIGNMENT_INSIDE.exec(values[name] ?? '');
    if (takenIn !== null) {
      throw new ConfigurationError(
        `${name} (in .env, line ${lineNumber}) has a quote that is not closed on its line, so its value takes in the ${takenIn[1]} line below it. ${fix}`,
        { setting: name },
      );
    }
  }
}
