// What the output stream is connected to, which decides the default format, colour and table width.

/** The parts of a stream that terminal detection reads; `process.stdout` and `process.stderr` fit. */
export interface OutputStream {
  isTTY?: boolean;
  columns?: number;
}

export interface TerminalInfo {
  /** Whether the stream is a terminal (TTY) rather than a pipe or a file. */
  isTTY: boolean;
  /** Width in character cells to fit tables into; undefined means no limit. */
  columns: number | undefined;
  /** Whether ANSI colours and styles may be written. */
  colour: boolean;
}

/**
 * Describes an output stream. Colour needs a terminal, and is off when `NO_COLOR` is set to any
 * non-empty value (https://no-color.org) or `TERM` is `dumb`. A positive integer in `COLUMNS` sets
 * the width, as in POSIX shells; otherwise a terminal's own width applies and a pipe has no limit.
 */
export function describeTerminal(stream: OutputStream, env: NodeJS.ProcessEnv = process.env): TerminalInfo {
  const isTTY = stream.isTTY === true;
  const colour = isTTY && !env.NO_COLOR && env.TERM !== 'dumb';

  const fromEnv = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  let columns: number | undefined;
  if (fromEnv > 0) columns = fromEnv;
  else if (isTTY && stream.columns !== undefined && stream.columns > 0) columns = stream.columns;

  return { isTTY, columns, colour };
}

/** Wraps text in ANSI bold when colour is enabled. */
export function bold(text: string, colour: boolean): string {
  return colour ? `\u001b[1m${text}\u001b[22m` : text;
}
