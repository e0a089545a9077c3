import { ConfigurationError } from '../errors/configuration-error.js';
import { SETTINGS, type Settings } from './settings.js';

/**
 * The application's credentials at the identity server (RFC 6749 section 2.3.1). The secret is a
 * non-enumerable property.
 */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Returns the client id and secret, which every exchange with the identity server needs: sign-in,
 * refresh (also in commands that only read a token file), device authorization and revocation.
 *
 * @throws {ConfigurationError} naming the first missing variable and an example.
 */
export function requireClientCredentials(settings: Settings): ClientCredentials {
  for (const name of ['clientId', 'clientSecret'] as const) {
    if (settings[name] === undefined) {
      const spec = SETTINGS[name];
      throw new ConfigurationError(
        `${spec.variable} is missing: set it in the environment or in .env to the value PropertyMe issued. Example: ${spec.example}`,
        { setting: spec.variable },
      );
    }
  }

  const credentials = { clientId: settings.clientId as string };
  Object.defineProperty(credentials, 'clientSecret', { value: settings.clientSecret, enumerable: false });
  return Object.freeze(credentials) as ClientCredentials;
}
