/**
 * Supplies bearer tokens to the HTTP layer. The sign-in module's `PropertyMeAuthProvider` implements
 * it with refresh and token storage; `staticToken()` covers a fixed token.
 */
export interface AuthProvider {
  /**
   * Returns an access token that is valid now, refreshing first when it has expired or is about to.
   * `forceRefresh` requests a new token even when the current one looks valid: the HTTP layer sets it
   * once after the API returned 401.
   */
  getAccessToken(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<string>;
}

/** Creates an auth provider that always returns the same access token and never refreshes. */
export function staticToken(accessToken: string): AuthProvider {
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TypeError('staticToken() expects a non-empty access token string');
  }
  return { getAccessToken: async () => accessToken };
}
