import { stat } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { PropertyMeAuthenticator } from '../auth/authenticator.js';
import type { BrowserOpener } from '../auth/browser-opener.js';
import type { FetchFunction } from '../auth/identity-server.js';
import { transportSecurityFor } from '../auth/load-auth-provider.js';
import { secondsUntilExpiry, splitScope, type StoredToken } from '../auth/stored-token.js';
import { writeTokenFile } from '../auth/token-file.js';
import { readTokenStatus, type TokenStatus } from '../auth/token-status.js';
import { requireClientCredentials } from '../config/client-credentials.js';
import { loadSettings, type Settings } from '../config/settings.js';
import { CallbackError, isCallbackError } from '../errors/callback-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isTokenError } from '../errors/token-error.js';
import { registerLogoutCommand } from './logout.js';

/** Streams, environment and network access of the sign-in commands, replaceable in tests. */
export interface AuthCommandContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  fetch?: FetchFunction;
  openBrowser?: BrowserOpener;
}

interface AuthFlags {
  browser: boolean;
  timeout: number;
  tokenFile?: string;
  device?: boolean;
}

/**
 * Registers `propertyme auth` (browser or `--device` sign-in), `propertyme auth status` and
 * `propertyme logout` on the program.
 */
export function registerAuthCommands(program: Command, context: Partial<AuthCommandContext> = {}): void {
  const io: AuthCommandContext = { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, ...context };

  const auth = program
    .command('auth')
    .description('Sign in to PropertyMe in the browser and save the tokens to the token file.')
    .addHelpText(
      'after',
      `
Settings come from the environment or .env: PROPERTYME_CLIENT_ID and PROPERTYME_CLIENT_SECRET
(required), PROPERTYME_REDIRECT_URI, PROPERTYME_SCOPES (a JSON array), PROPERTYME_AUTH_URL and
PROPERTYME_TOKEN_FILE. The authorization URL is always printed, in case the browser does not open.

Examples:
  $ propertyme auth
  $ propertyme auth --no-browser --timeout 600
  $ propertyme auth --device          # on a machine without a browser, such as over SSH
  $ PROPERTYME_SCOPES='["contact:read","activity:write","offline_access"]' propertyme auth`,
    )
    .option('--no-browser', 'print the sign-in URL without opening a browser')
    .option('--timeout <seconds>', 'seconds to wait for the browser to return', parseTimeout, 300)
    .option('--token-file <path>', 'where to save the tokens (default: PROPERTYME_TOKEN_FILE or ~/.propertyme/tokens.json)')
    .option('--device', 'sign in on another device with a code (device authorization), for SSH sessions and containers')
    .action(async (flags: AuthFlags) => {
      const settings = settingsFor(io, flags.tokenFile);
      await checkTokenFilePath(settings.tokenFile);
      const authenticator = createAuthenticator(settings, io);
      const saveToken = (token: StoredToken): Promise<void> => writeTokenFile(settings.tokenFile, token);

      const token = flags.device
        ? await signInWithDevice(authenticator, saveToken, io)
        : await signInWithBrowser(authenticator, saveToken, flags, io);
      reportSignedIn(token, settings.tokenFile, io);
    });

  auth
    .command('status')
    .description('Show the token file, when the access token expires, its scopes and whether it can be refreshed.')
    .addHelpText('after', '\nExamples:\n  $ propertyme auth status\n  $ propertyme auth status --json | jq .expiresAt')
    .option('--json', 'print the status as JSON')
    .option('--token-file <path>', 'the token file to inspect (default: PROPERTYME_TOKEN_FILE or ~/.propertyme/tokens.json)')
    .action(async (flags: { json?: boolean; tokenFile?: string }) => {
      const settings = settingsFor(io, flags.tokenFile ?? auth.opts<AuthFlags>().tokenFile);
      await showStatus(settings.tokenFile, flags.json === true, io);
    });

  registerLogoutCommand(program, io);
}

/** Loads the settings with `--token-file` as the strongest source for the token file. */
/**
 * Rejects a token file path that is a folder before the sign-in starts, so that the user does not
 * sign in only to have the tokens fail to save.
 */
async function checkTokenFilePath(tokenFile: string): Promise<void> {
  const found = await stat(tokenFile).catch(() => undefined);
  if (found?.isDirectory()) {
    throw new ConfigurationError(`The token file ${tokenFile} is a folder. Give a file path with --token-file or PROPERTYME_TOKEN_FILE.`, {
      setting: 'PROPERTYME_TOKEN_FILE',
    });
  }
}

export function settingsFor(io: Pick<AuthCommandContext, 'env' | 'cwd'>, tokenFile: string | undefined): Settings {
  return loadSettings({
    env: io.env,
    cwd: io.cwd,
    overrides: { tokenFile: tokenFile === undefined ? undefined : { value: tokenFile, flag: '--token-file' } },
  });
}

function createAuthenticator(settings: Settings, io: AuthCommandContext): PropertyMeAuthenticator {
  const credentials = requireClientCredentials(settings);
  return new PropertyMeAuthenticator({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    redirectUrl: settings.redirectUri,
    scopes: settings.scopes,
    authUrl: settings.authUrl,
    transportSecurity: transportSecurityFor(settings.authUrl),
    fetch: io.fetch,
    openBrowser: io.openBrowser,
  });
}

async function signInWithBrowser(
  authenticator: PropertyMeAuthenticator,
  saveToken: (token: StoredToken) => Promise<void>,
  flags: AuthFlags,
  io: AuthCommandContext,
): Promise<StoredToken> {
  try {
    return await authenticator.authenticate({
      openBrowser: flags.browser,
      timeoutMs: flags.timeout * 1000,
      tokenSaver: saveToken,
      onAuthorizationUrl: (url) => {
        // A browser opener can succeed without any window appearing (no display, SSH), so the hint is
        // always printed.
        const hint = flags.browser ? " (opening it now; if no browser appears, open it yourself, or use 'propertyme auth --device')" : '';
        io.stdout.write(`Open this URL in a browser to sign in to PropertyMe${hint}:\n\n  ${url}\n\n`);
        io.stdout.write(`Waiting up to ${flags.timeout} s for the browser to return to ${authenticator.redirectUrl} ...\n`);
      },
      onBrowserError: (error) => {
        io.stderr.write(`propertyme: could not open a browser (${(error as Error).message}); open the URL above yourself.\n`);
      },
    });
  } catch (error) {
    if (isCallbackError(error) && error.reason === 'timeout') {
      throw new CallbackError(`${error.message} Run 'propertyme auth' again; --timeout SECONDS allows more time.`, { reason: 'timeout', cause: error });
    }
    throw error;
  }
}

async function signInWithDevice(
  authenticator: PropertyMeAuthenticator,
  saveToken: (token: StoredToken) => Promise<void>,
  io: AuthCommandContext,
): Promise<StoredToken> {
  return authenticator.authenticateWithDevice({
    tokenSaver: saveToken,
    onUserPrompt: (prompt) => {
      io.stdout.write(`To sign in, open ${prompt.verificationUri} on any device and enter the code:\n\n  ${prompt.userCode}\n\n`);
      if (prompt.verificationUriComplete !== undefined) io.stdout.write(`Or open this URL, which has the code filled in:\n  ${prompt.verificationUriComplete}\n\n`);
      io.stdout.write(`The code expires in ${formatDuration(prompt.expiresInSeconds)}. Waiting for approval ...\n`);
    },
  });
}

function reportSignedIn(token: StoredToken, tokenFile: string, io: AuthCommandContext): void {
  const scopes = splitScope(token.scope);
  io.stdout.write('Signed in to PropertyMe.\n');
  io.stdout.write(`Scopes granted: ${scopes.length === 0 ? '(not reported)' : scopes.join(' ')}\n`);
  io.stdout.write(`Access token expires: ${describeExpiry(token)}\n`);
  io.stdout.write(
    token.refresh_token === undefined
      ? "No refresh token was issued (request the offline_access scope), so run 'propertyme auth' again when the access token expires.\n"
      : 'A refresh token was saved, so the access token is renewed automatically.\n',
  );
  io.stdout.write(`Tokens saved to ${tokenFile}\n`);
}

async function showStatus(tokenFile: string, json: boolean, io: AuthCommandContext): Promise<void> {
  let status: TokenStatus;
  try {
    status = await readTokenStatus(tokenFile);
  } catch (error) {
    if (json && isTokenError(error) && error.problem === 'missing') {
      io.stdout.write(`${JSON.stringify({ path: tokenFile, signedIn: false }, null, 2)}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }

  if (json) {
    const { expiresAt, ...rest } = status;
    io.stdout.write(`${JSON.stringify({ ...rest, signedIn: true, expiresAt: expiresAt?.toISOString() ?? null }, null, 2)}\n`);
    return;
  }

  io.stdout.write(`Token file: ${status.path}\n`);
  io.stdout.write(`Access token: ${status.expired ? 'expired' : 'valid'}, ${describeStatusExpiry(status)}\n`);
  io.stdout.write(`Scopes: ${status.scopes.length === 0 ? '(not recorded in the file)' : status.scopes.join(' ')}\n`);
  io.stdout.write(
    status.refreshable
      ? 'Refresh: possible (a refresh token is stored)\n'
      : "Refresh: not possible (no refresh token); run 'propertyme auth' when the access token expires\n",
  );
}

function describeExpiry(token: StoredToken): string {
  const remaining = secondsUntilExpiry(token, Date.now());
  if (token.expires_at === undefined || remaining === undefined) return 'not reported by the identity server';
  return `${new Date(token.expires_at * 1000).toISOString()} (in ${formatDuration(remaining)})`;
}

function describeStatusExpiry(status: TokenStatus): string {
  if (status.expiresAt === undefined || status.expiresInSeconds === undefined) return 'no expiry recorded';
  const when = status.expiresAt.toISOString();
  return status.expired ? `expired at ${when} (${formatDuration(-status.expiresInSeconds)} ago)` : `expires at ${when} (in ${formatDuration(status.expiresInSeconds)})`;
}

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 120) return `${whole} s`;
  if (whole < 2 * 3600) return `${Math.round(whole / 60)} min`;
  return `${Math.round(whole / 3600)} h`;
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError('expected a positive number of seconds, such as --timeout 600.');
  }
  return seconds;
}
