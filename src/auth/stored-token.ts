import { TokenError } from '../errors/token-error.js';

/**
 * A token as saved on disk, in the shape PyPropertyMe writes, so either tool can read the other's
 * file. Field names follow the token response of RFC 6749 section 5.1.
 */
export interface StoredToken {
  access_token: string;
  /** Present when the `offline_access` scope was granted. */
  refresh_token?: string;
  /** Usually `Bearer`. */
  token_type: string;
  /**
   * When the access token expires, in seconds since the Unix epoch. Missing when the identity server
   * sent no `expires_in`: such a token is used until the API rejects it.
   */
  expires_at?: number;
  /** The lifetime in seconds that the identity server reported when the token was issued. */
  expires_in?: number;
  /** Space-separated scopes granted. PyPropertyMe files have none. */
  scope?: string;
}

/** The fields of a token endpoint response (RFC 6749 section 5.1) that a stored token keeps. */
export interface TokenResponseFields {
  access_token: string;
  refresh_token?: string | undefined;
  token_type: string;
  expires_in?: number | undefined;
  scope?: string | undefined;
}

/**
 * Builds the token to store from a token endpoint response received at `nowMs`. A response without a
 * refresh token keeps `previous.refresh_token`, because identity servers that do not rotate refresh
 * tokens omit it (RFC 6749 section 6). A response without `scope` means the requested scope was
 * granted unchanged (RFC 6749 section 5.1), so `fallbackScope` fills it.
 */
export function storedTokenFromResponse(
  response: TokenResponseFields,
  nowMs: number,
  previous?: { refresh_token?: string | undefined; scope?: string | undefined },
  fallbackScope?: string,
): StoredToken {
  const token: StoredToken = {
    access_token: response.access_token,
    token_type: normaliseTokenType(response.token_type),
  };

  const refreshToken = response.refresh_token ?? previous?.refresh_token;
  if (refreshToken !== undefined) token.refresh_token = refreshToken;

  if (typeof response.expires_in === 'number' && Number.isFinite(response.expires_in)) {
    token.expires_in = response.expires_in;
    token.expires_at = Math.floor(nowMs / 1000) + response.expires_in;
  }

  const scope = response.scope ?? previous?.scope ?? fallbackScope;
  if (scope !== undefined) token.scope = scope;
  return token;
}

// oauth4webapi lowercases token_type; PyPropertyMe and the identity server write `Bearer`.
function normaliseTokenType(tokenType: string): string {
  return tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType;
}

/**
 * Checks parsed JSON from a token file and returns it as a {@link StoredToken}. Unknown fields are
 * dropped.
 *
 * @throws {TokenError} with problem `corrupt`, naming `path` and the first field that is wrong.
 */
export function parseStoredToken(value: unknown, path: string): StoredToken {
  const fail = (problem: string): never => {
    throw new TokenError(`The token file ${path} is corrupt: ${problem}. Run 'propertyme auth' to replace it.`, {
      problem: 'corrupt',
      path,
    });
  };

  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected a JSON object');
  const record = value as Record<string, unknown>;

  const requireString = (field: string, optional: boolean): string | undefined => {
    const fieldValue = record[field];
    if (fieldValue === undefined || fieldValue === null) return optional ? undefined : fail(`"${field}" is missing`);
    if (typeof fieldValue !== 'string' || fieldValue === '') return fail(`"${field}" must be a non-empty string`);
    return fieldValue;
  };
  const requireNumber = (field: string): number | undefined => {
    const fieldValue = record[field];
    if (fieldValue === undefined || fieldValue === null) return undefined;
    if (typeof fieldValue !== 'number' || !Number.isFinite(fieldValue)) return fail(`"${field}" must be a number`);
    return fieldValue;
  };

  const token: StoredToken = {
    access_token: requireString('access_token', false) as string,
    token_type: requireString('token_type', true) ?? 'Bearer',
  };
  const refreshToken = requireString('refresh_token', true);
  if (refreshToken !== undefined) token.refresh_token = refreshToken;
  const expiresAt = requireNumber('expires_at');
  if (expiresAt !== undefined) token.expires_at = expiresAt;
  const expiresIn = requireNumber('expires_in');
  if (expiresIn !== undefined) token.expires_in = expiresIn;
  const scope = record.scope;
  if (typeof scope === 'string') token.scope = scope;
  else if (scope !== undefined && scope !== null) fail('"scope" must be a string');
  return token;
}

/**
 * Returns the seconds left until the access token expires at `nowMs` (negative once expired), or
 * `undefined` when the token has no expiry.
 */
export function secondsUntilExpiry(token: Pick<StoredToken, 'expires_at'>, nowMs: number): number | undefined {
  return token.expires_at === undefined ? undefined : token.expires_at - nowMs / 1000;
}

/** Splits a space-separated `scope` string (RFC 6749 section 3.3) into scopes. */
export function splitScope(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(' ').filter((part) => part !== '');
}
