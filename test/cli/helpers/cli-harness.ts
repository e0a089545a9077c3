// Runs the real `propertyme` binary against a sandbox started by the test, with a temporary token
// file and a working folder of its own, so no `.env`, home folder or real PropertyMe is involved.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticToken } from '../../../src/api/auth-provider.js';
import { Client } from '../../../src/client/client.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';

const BIN = fileURLToPath(new URL('../../../src/cli/bin.ts', import.meta.url));
// The tsx loader by absolute URL, so the child can run in a temporary folder outside the project.
const TSX_LOADER = import.meta.resolve('tsx');
const RSS_REPORTER = new URL('./report-max-rss.mjs', import.meta.url).href;

export const READ_SCOPES = ['contact:read', 'property:read', 'activity:read', 'communication:read', 'transaction:read'];

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stderr without the lines that dependencies print on start-up, such as runtime warnings. */
  errorLines: string[];
}

export interface CliSandbox {
  sandbox: Sandbox;
  /** Temporary folder: the child's working and home folder, and where the token file lives. */
  folder: string;
  /** Environment for the child: the sandbox's URLs and credentials and the token file. */
  env: NodeJS.ProcessEnv;
  /** A library client with the same token, to compute what the CLI should print. */
  client: Client;
  close(): Promise<void>;
}

/** Writes a token file in the shape `propertyme auth` saves. */
export function writeTokenFile(path: string, accessToken: string, scopes: readonly string[]): void {
  const expiresIn = 3600;
  const token = {
    access_token: accessToken,
    refresh_token: 'unused-in-these-tests',
    token_type: 'Bearer',
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    expires_in: expiresIn,
    scope: scopes.join(' '),
  };
  writeFileSync(path, JSON.stringify(token), { mode: 0o600 });
}

/** Starts a sandbox and signs a token file in to it with `scopes`. */
export async function startCliSandbox(options: SandboxOptions = {}, scopes: readonly string[] = READ_SCOPES): Promise<CliSandbox> {
  const sandbox = await startSandbox({ port: 0, ...options });
  const folder = mkdtempSync(join(tmpdir(), 'pm-cli-'));
  const accessToken = await sandbox.issueAccessToken(scopes);
  const tokenFile = join(folder, 'tokens.json');
  writeTokenFile(tokenFile, accessToken, scopes);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: folder,
    PROPERTYME_API_URL: sandbox.apiUrl,
    PROPERTYME_AUTH_URL: sandbox.authUrl,
    PROPERTYME_CLIENT_ID: sandbox.clientId,
    PROPERTYME_CLIENT_SECRET: sandbox.clientSecret,
    PROPERTYME_TOKEN_FILE: tokenFile,
  };
  const client = new Client({ auth: staticToken(accessToken), baseUrl: sandbox.apiUrl });

  return {
    sandbox,
    folder,
    env,
    client,
    close: async () => {
      await sandbox.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin?: string;
  /** Options for the child's `node`, such as `--max-old-space-size=192`. */
  nodeOptions?: readonly string[];
}

/**
 * Returns the command line that runs the CLI in a child process, for `spawn` or a shell. With
 * `PROPERTYME_TEST_RSS_FILE` set in its environment, the child writes its peak RSS there on exit.
 */
export function cliCommand(args: readonly string[], nodeOptions: readonly string[] = []): [string, string[]] {
  return [process.execPath, [...nodeOptions, '--import', TSX_LOADER, '--import', RSS_REPORTER, BIN, ...args]];
}

/** Runs `propertyme ...args` with its stdout and stderr connected to pipes. */
export function runCli(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const [command, commandArgs] = cliCommand(args, options.nodeOptions);
  return runProcess(command, commandArgs, options);
}

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const errorText = Buffer.concat(stderr).toString('utf8');
      resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: errorText, errorLines: significantLines(errorText) });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

// oidc-provider, loaded for the `sandbox` command, warns on start-up about the Node version.
function significantLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('oidc-provider WARNING'));
}

/** Parses CSV as RFC 4180 writes it, quoted fields with line breaks included. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += character;
  }
  if (field !== '' || row.length > 0) throw new Error(`CSV does not end in CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}
