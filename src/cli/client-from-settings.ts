// Builds the API client that the read commands share, from the settings and the saved sign-in.
import type { AuthProvider } from '../api/auth-provider.js';
import { loadAuthProviderFromSettings, readTokenFile } from '../auth/index.js';
import { Client } from '../client/client.js';
import { loadSettings } from '../config/index.js';

/** The API base URL and the auth provider that signs each request. */
export interface ApiAccess {
  baseUrl: string;
  auth: AuthProvider;
}

/**
 * Reads the settings and the token file. The auth provider signs requests with the saved access
 * token and refreshes it in the token file when it expires.
 *
 * @throws {TokenError} when the token file is missing: the message names `propertyme auth` as the fix.
 * @throws {ConfigurationError} for an invalid setting or a missing client id or secret.
 */
export async function loadApiAccess(env: NodeJS.ProcessEnv = process.env): Promise<ApiAccess> {
  const settings = loadSettings({ env });

  // The token file is read first so that a missing sign-in is reported as such, pointing to
  // `propertyme auth`, even when the client credentials are missing as well.
  await readTokenFile(settings.tokenFile);
  const auth = await loadAuthProviderFromSettings(settings);

  return { baseUrl: settings.apiUrl, auth };
}

/** Creates a client for the configured API URL; throws as {@link loadApiAccess} does. */
export async function createClientFromSettings(env: NodeJS.ProcessEnv = process.env): Promise<Client> {
  const { baseUrl, auth } = await loadApiAccess(env);
  return new Client({ auth, baseUrl });
}
