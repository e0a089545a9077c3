#!/usr/bin/env node
import { runCli } from './program.js';

// A reader that stops early, such as `| head`, closes the pipe: that ends the output, not the program
// with an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv);
