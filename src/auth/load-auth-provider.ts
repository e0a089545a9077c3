import { requireClientCredentials } from '../config/client-credentials.js';
import { isLoopbackHostname } from '../config/loopback-host.js';
import type { Settings } from '../config/settings.js';
import { PropertyMeAuthProvider, type PropertyMeAuthProviderOptions } from './auth-provider.js';
import type { TransportSecurity } from './identity-server.js';
import { readTokenFile } from './token-file.js';

/** Options for {@link loadAuthProviderFromSettings} beyond what the settings hold. */
export type LoadAuthProviderOptions = Pick<
  PropertyMeAuthProviderOptions,
  'fetch' | 'clock' | 'tokenSaver' | 'refreshMarginSeconds' | 'requestTimeoutSeconds' | 'lock'
>;

/**
 * Creates the auth provider that commands such as `sync` use: the token comes from the settings'
 * token file, refreshed tokens go back to it, and the client credentials come from the settings
 * because a refresh needs them.
 *
 * @throws {ConfigurationError} when the client id or secret is missing.
 * @throws {TokenError} when the token file is missing ("No token found. Please run 'propertyme auth'
 *   first.") or corrupt.
 */
export async function loadAuthProviderFromSettings(settings: Settings, options: LoadAuthProviderOptions = {}): Promise<PropertyMeAuthProvider> {
  const credentials = requireClientCredentials(settings);
  const token = await readTokenFile(settings.tokenFile);

  return new PropertyMeAuthProvider({
    ...options,
    token,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    authUrl: settings.authUrl,
    tokenFile: settings.tokenFile,
    transportSecurity: transportSecurityFor(settings.authUrl),
  });
}

/**
 * Returns the transport security for a configured identity server URL. Settings accept plain http
 * only for loopback hosts (see `parseServiceUrl`), so a user who configured such a URL chose it.
 */
export function transportSecurityFor(authUrl: string): TransportSecurity {
  const url = new URL(authUrl);
  return url.protocol === 'http:' && isLoopbackHostname(url.hostname) ? 'allow-http-on-loopback' : 'https-only';
}
