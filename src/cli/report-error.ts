import { isConfigurationError } from '../errors/configuration-error.js';

/**
 * Prints one line for a failure and returns the exit code: 2 for configuration and usage problems,
 * 1 for everything else. Set `PROPERTYME_DEBUG=1` to print the stack and the `cause` chain as well.
 */
export function reportCliError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`propertyme: ${message}\n`);

  if (process.env.PROPERTYME_DEBUG && error instanceof Error) {
    let current: unknown = error;
    while (current instanceof Error) {
      stderr.write(`${current.stack ?? current.message}\n`);
      current = current.cause;
    }
  }

  return isConfigurationError(error) ? 2 : 1;
}
