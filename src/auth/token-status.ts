import { systemClock, type Clock } from './clock.js';
import { secondsUntilExpiry, splitScope } from './stored-token.js';
import { readTokenFile } from './token-file.js';

/** Summary of a token file, without the tokens themselves. */
export interface TokenStatus {
  path: string;
  tokenType: string;
  /** When the access token expires; `undefined` when the file records no expiry. */
  expiresAt: Date | undefined;
  /** Seconds until expiry at the time of reading (negative once expired); `undefined` without expiry. */
  expiresInSeconds: number | undefined;
  expired: boolean;
  /** Granted scopes; empty when the file does not record them, as in PyPropertyMe files. */
  scopes: string[];
  /** Whether the file has a refresh token, so the access token can be renewed without signing in. */
  refreshable: boolean;
}

/**
 * Reads a token file and describes it without returning any token.
 *
 * @throws {TokenError} when the file is missing or corrupt.
 */
export async function readTokenStatus(path: string, clock: Clock = systemClock): Promise<TokenStatus> {
  const token = await readTokenFile(path);
  const remaining = secondsUntilExpiry(token, clock.now());

  return {
    path,
    tokenType: token.token_type,
    expiresAt: token.expires_at === undefined ? undefined : new Date(token.expires_at * 1000),
    expiresInSeconds: remaining === undefined ? undefined : Math.floor(remaining),
    expired: remaining !== undefined && remaining <= 0,
    scopes: splitScope(token.scope),
    refreshable: token.refresh_token !== undefined,
  };
}
