// Preloaded into a CLI child process by the tests: on exit, writes the process's peak resident set
// size in kilobytes (process.resourceUsage().maxRSS) to the file named by PROPERTYME_TEST_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.PROPERTYME_TEST_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
