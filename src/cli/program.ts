import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerApiCommand } from './api.js';
import { registerAuthCommands } from './auth.js';
import { registerExportCommand } from './export.js';
import { registerGetCommand } from './get.js';
import { registerListCommand } from './list.js';
import { registerSandboxCommand } from './sandbox.js';
import { reportCliError } from './report-error.js';
import { registerSyncCommand } from './sync.js';

/**
 * Builds the `propertyme` command tree. Each command lives in its own file and registers itself on
 * the program it is given.
 */
export function createProgram(output: { printedError: boolean } = { printedError: false }): Command {
  const program = new Command('propertyme')
    .configureOutput({
      outputError: (text, write) => {
        output.printedError = true;
        write(text);
      },
    })
    .description('Sign in to PropertyMe, call its API and mirror a portfolio into SQLite or PostgreSQL.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  registerAuthCommands(program);
  registerListCommand(program);
  registerGetCommand(program);
  registerExportCommand(program);
  registerApiCommand(program);
  registerSandboxCommand(program);
  registerSyncCommand(program);
  return program;
}

/** Runs the command line and resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const output = { printedError: false };
  const program = createProgram(output);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander prints help, the version and its own usage errors before throwing; an
      // InvalidArgumentError that a command's action throws reaches here unprinted.
      if (error.exitCode !== 0 && !output.printedError) process.stderr.write(`propertyme: ${error.message.replace(/^error: /, '')}\n`);
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportCliError(error);
  }
}
