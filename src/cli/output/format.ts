// The `--format` option shared by `list`, `get` and `export`.
import { Option } from 'commander';
import type { TerminalInfo } from './terminal.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Builds `--format <format>` restricted to `choices`; commander lists the choices on a bad value. */
export function formatOption(choices: readonly OutputFormat[], description: string): Option {
  return new Option('--format <format>', description).choices(choices);
}

/**
 * Returns the format used when `--format` is not given: a table for a person at a terminal, JSON for a pipe or a
 * file, because every tool can read one JSON document and a table's cut columns lose data.
 */
export function defaultFormat(stdout: TerminalInfo): OutputFormat {
  return stdout.isTTY ? 'table' : 'json';
}
