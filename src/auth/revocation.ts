import { identityServerOptions, IdentityServer, type FetchFunction, type TransportSecurity } from './identity-server.js';
import type { StoredToken } from './stored-token.js';

export interface RevokeTokenOptions {
  token: StoredToken;
  clientId: string;
  clientSecret: string;
  /** Issuer URL of the identity server. Default: `https://login.propertyme.com`. */
  authUrl?: string;
  /** Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Default: `https-only`. */
  transportSecurity?: TransportSecurity;
  /** Time limit of each request, in seconds. Default: 30. */
  requestTimeoutSeconds?: number;
}

/** Result of {@link revokeToken}: `revoked`, or `unsupported` when the server has no revocation endpoint. */
export type RevocationOutcome = 'revoked' | 'unsupported';

/**
 * Revokes the refresh token and then the access token (RFC 7009 section 2.1). The refresh token goes
 * first: revoking it stops new access tokens even if the second request fails.
 *
 * @throws {NetworkError | TimeoutError} when the identity server cannot be reached.
 * @throws {OAuthError} when it rejects a revocation request.
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<RevocationOutcome> {
  const identityServer = await IdentityServer.discover(identityServerOptions(options));
  if (!identityServer.supportsRevocation) return 'unsupported';

  if (options.token.refresh_token !== undefined) await identityServer.revoke(options.token.refresh_token, 'refresh_token');
  await identityServer.revoke(options.token.access_token, 'access_token');
  return 'revoked';
}
