import type { Command } from 'commander';
import { transportSecurityFor } from '../auth/load-auth-provider.js';
import { revokeToken } from '../auth/revocation.js';
import type { StoredToken } from '../auth/stored-token.js';
import { deleteTokenFile, readTokenFile } from '../auth/token-file.js';
import { requireClientCredentials } from '../config/client-credentials.js';
import type { Settings } from '../config/settings.js';
import { isOAuthError } from '../errors/oauth-error.js';
import { isTokenError } from '../errors/token-error.js';
import { settingsFor, type AuthCommandContext } from './auth.js';

/**
 * Registers `propertyme logout`: revokes the refresh token and the access token at the identity
 * server (RFC 7009), then deletes the token file. When revocation fails, for example offline, the
 * file is deleted anyway, with a warning that the tokens stay valid until they expire.
 */
export function registerLogoutCommand(program: Command, io: AuthCommandContext): void {
  program
    .command('logout')
    .description('Revoke the saved tokens at PropertyMe and delete the token file.')
    .addHelpText(
      'after',
      '\nWhen the identity server cannot be reached, the file is still deleted and a warning says the tokens were not revoked.\n\nExamples:\n  $ propertyme logout\n  $ propertyme logout --token-file ./tokens.json',
    )
    .option('--token-file <path>', 'the token file to remove (default: PROPERTYME_TOKEN_FILE or ~/.propertyme/tokens.json)')
    .action(async (flags: { tokenFile?: string }) => {
      const settings = settingsFor(io, flags.tokenFile);

      let token: StoredToken | undefined;
      try {
        token = await readTokenFile(settings.tokenFile);
      } catch (error) {
        if (!isTokenError(error)) throw error;
        if (error.problem === 'missing') {
          io.stdout.write(`Not signed in: there is no token file at ${settings.tokenFile}.\n`);
          return;
        }
        io.stderr.write(`propertyme: warning: ${error.message} Its tokens cannot be revoked.\n`);
      }

      const credentialsRejected = token === undefined ? undefined : await revokeOrWarn(token, settings, io);

      await deleteTokenFile(settings.tokenFile);
      io.stdout.write(`Signed out: deleted ${settings.tokenFile}\n`);
      // The application's credentials were rejected: the file is gone, but every account is affected.
      if (credentialsRejected !== undefined) throw credentialsRejected;
    });
}

// Returns the invalid_client error, which must not end as a mere warning.
async function revokeOrWarn(token: StoredToken, settings: Settings, io: AuthCommandContext): Promise<Error | undefined> {
  const warn = (reason: string): void => {
    io.stderr.write(`propertyme: warning: the tokens were not revoked (${reason}); they stay valid until they expire.\n`);
  };

  let credentials;
  try {
    credentials = requireClientCredentials(settings);
  } catch (error) {
    warn((error as Error).message);
    return undefined;
  }

  try {
    const outcome = await revokeToken({
      token,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authUrl: settings.authUrl,
      transportSecurity: transportSecurityFor(settings.authUrl),
      fetch: io.fetch,
    });
    if (outcome === 'unsupported') warn('the identity server has no revocation endpoint');
    else io.stdout.write('Revoked the refresh token and the access token.\n');
  } catch (error) {
    if (isOAuthError(error) && error.error === 'invalid_client') return error;
    warn((error as Error).message);
  }
  return undefined;
}
