import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packageJson = require('../package.json') as { version: string };

/** This package's version, read from its package.json. */
export const VERSION: string = packageJson.version;
