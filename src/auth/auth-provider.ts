import type { AuthProvider } from '../api/auth-provider.js';
import { TokenError } from '../errors/token-error.js';
import type { TokenSaver } from './authenticator.js';
import { systemClock, type Clock } from './clock.js';
import { identityServerOptions, lazyIdentityServer, type FetchFunction, type IdentityServer, type TransportSecurity } from './identity-server.js';
import { secondsUntilExpiry, storedTokenFromResponse, type StoredToken } from './stored-token.js';
import { withTokenFileLock, type TokenFileLockOptions } from './token-file-lock.js';
import { readTokenFile, writeTokenFile } from './token-file.js';

/** Refresh when the access token expires within this many seconds. */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 60;

export interface PropertyMeAuthProviderOptions {
  /** The current token, as read from the token file or returned by the sign-in. */
  token: StoredToken;
  clientId: string;
  clientSecret: string;
  /** Issuer URL of the identity server. Default: {@link DEFAULT_AUTH_URL}. */
  authUrl?: string;
  /** Receives each token this provider obtains by refreshing. */
  tokenSaver?: TokenSaver;
  /**
   * The token file shared with other processes. When set, refreshes hold the lock next to it, start
   * from its current content and write the result back to it.
   */
  tokenFile?: string;
  /** Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: `https-only`. See {@link TransportSecurity}. */
  transportSecurity?: TransportSecurity;
  /** Default: {@link DEFAULT_REFRESH_MARGIN_SECONDS}. */
  refreshMarginSeconds?: number;
  /** Time limit of each request to the identity server, in seconds. Default: 30. */
  requestTimeoutSeconds?: number;
  /** Lock timing when `tokenFile` is set. */
  lock?: TokenFileLockOptions;
}

/**
 * Supplies access tokens to the API client and refreshes them (RFC 6749 section 6) before they
 * expire. Concurrent callers in one process share one refresh. With a `tokenFile`, processes that
 * share the file take turns through a lock. A process that finds a token another one refreshed
 * meanwhile uses it instead of refreshing again, because with refresh token rotation a second refresh
 * with the old refresh token would fail with `invalid_grant`. Tokens and the client secret are kept
 * in private fields and never appear in messages.
 */
export class PropertyMeAuthProvider implements AuthProvider {
  readonly #identityServer: () => Promise<IdentityServer>;
  readonly #clock: Clock;
  readonly #marginSeconds: number;
  readonly #tokenFile: string | undefined;
  readonly #tokenSaver: TokenSaver | undefined;
  readonly #lockOptions: TokenFileLockOptions | undefined;
  #token: StoredToken;
  #refreshing: Promise<StoredToken> | undefined;

  constructor(options: PropertyMeAuthProviderOptions) {
    if (typeof options?.token?.access_token !== 'string' || options.token.access_token === '') {
      throw new TypeError('PropertyMeAuthProvider expects token.access_token to be a non-empty string');
    }
    for (const name of ['clientId', 'clientSecret'] as const) {
      if (typeof options[name] !== 'string' || options[name] === '') {
        throw new TypeError(`PropertyMeAuthProvider expects a non-empty string for ${name}`);
      }
    }

    this.#token = { ...options.token };
    this.#clock = options.clock ?? systemClock;
    this.#marginSeconds = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
    this.#tokenFile = options.tokenFile;
    this.#tokenSaver = options.tokenSaver;
    this.#lockOptions = options.lock;
    this.#identityServer = lazyIdentityServer(identityServerOptions(options));
  }

  /** When the current access token expires, or `undefined` when the identity server gave no lifetime. */
  get expiresAt(): Date | undefined {
    return this.#token.expires_at === undefined ? undefined : new Date(this.#token.expires_at * 1000);
  }

  /** Seconds until the current access token expires (negative once expired), or `undefined`. */
  expiresIn(): number | undefined {
    return secondsUntilExpiry(this.#token, this.#clock.now());
  }

  /** The scopes granted to the current token, space-separated, when known. */
  get scope(): string | undefined {
    return this.#token.scope;
  }

  /**
   * Returns an access token that is valid for at least the refresh margin, refreshing first when
   * needed or when `forceRefresh` is set (the API answered 401). `signal` stops this caller's wait;
   * a refresh already sent still completes for the other callers.
   *
   * @throws {OAuthError} `invalid_grant` when the sign-in expired or was revoked, `invalid_client`
   *   when the application's credentials were rejected.
   * @throws {TokenError} when the token cannot be refreshed (no refresh token) or the token file is
   *   missing, corrupt or locked for too long.
   */
  async getAccessToken(options: { forceRefresh?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    options.signal?.throwIfAborted();
    if (!options.forceRefresh && !this.#needsRefresh(this.#token)) return this.#token.access_token;

    if (this.#refreshing === undefined) {
      const rejectedAccessToken = this.#token.access_token;
      this.#refreshing = this.#refresh(rejectedAccessToken).finally(() => {
        this.#refreshing = undefined;
      });
    }
    const token = await abortable(this.#refreshing, options.signal);
    return token.access_token;
  }

  #needsRefresh(token: StoredToken): boolean {
    const remaining = secondsUntilExpiry(token, this.#clock.now());
    return remaining !== undefined && remaining <= this.#marginSeconds;
  }

  // `replacedAccessToken` is the token the caller found wanting; any other valid token will do.
  async #refresh(replacedAccessToken: string): Promise<StoredToken> {
    const tokenFile = this.#tokenFile;
    if (tokenFile === undefined) {
      const token = await this.#requestRefresh(this.#token);
      this.#token = token;
      await this.#tokenSaver?.(token);
      return token;
    }

    let refreshedHere = false;
    const token = await withTokenFileLock(
      tokenFile,
      async () => {
        // Another process may have refreshed while this one waited for the lock; its file is newer.
        const onDisk = await readTokenFile(tokenFile);
        if (onDisk.access_token !== replacedAccessToken && !this.#needsRefresh(onDisk)) return onDisk;

        const refreshed = await this.#requestRefresh(onDisk);
        await writeTokenFile(tokenFile, refreshed);
        refreshedHere = true;
        return refreshed;
      },
      this.#lockOptions,
    );

    this.#token = token;
    if (refreshedHere) await this.#tokenSaver?.(token);
    return token;
  }

  async #requestRefresh(current: StoredToken): Promise<StoredToken> {
    if (current.refresh_token === undefined) {
      // A token that is not close to expiry is refreshed only after the API returned 401.
      const state = this.#needsRefresh(current) ? 'has expired' : 'was rejected by PropertyMe (HTTP 401) before its expiry';
      throw new TokenError(
        `The access token ${this.#tokenFile === undefined ? '' : `in ${this.#tokenFile} `}${state} and there is no refresh token ` +
          "(request the offline_access scope). Run 'propertyme auth' again.",
        { problem: 'not_refreshable', path: this.#tokenFile },
      );
    }

    const identityServer = await this.#identityServer();
    const response = await identityServer.refresh(current.refresh_token);
    return storedTokenFromResponse(response, this.#clock.now(), current);
  }
}

// Lets one caller stop waiting without cancelling the shared refresh.
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
