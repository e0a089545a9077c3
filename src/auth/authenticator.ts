import * as oidc from 'openid-client';
import { OAuthError } from '../errors/oauth-error.js';
import { openDefaultBrowser, type BrowserOpener } from './browser-opener.js';
import { DEFAULT_CALLBACK_TIMEOUT_MS, startCallbackServer } from './callback-server.js';
import { systemClock, type Clock } from './clock.js';
import { identityServerOptions, lazyIdentityServer, type FetchFunction, type IdentityServer, type TransportSecurity } from './identity-server.js';
import { storedTokenFromResponse, type StoredToken } from './stored-token.js';

export { DEFAULT_AUTH_URL } from './identity-server.js';

export interface PropertyMeAuthenticatorOptions {
  clientId: string;
  clientSecret: string;
  /** The redirect URI registered for the application, a loopback http URL (RFC 8252 section 7.3). */
  redirectUrl: string;
  /** Scopes to request; include `offline_access` to receive a refresh token. */
  scopes: readonly string[];
  /** Issuer URL of the identity server. Default: {@link DEFAULT_AUTH_URL}. */
  authUrl?: string;
  /** Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Default: {@link openDefaultBrowser}. */
  openBrowser?: BrowserOpener;
  /** Default: the system clock. Used to compute `expires_at`. */
  clock?: Clock;
  /** Default: `https-only`. See {@link TransportSecurity}. */
  transportSecurity?: TransportSecurity;
  /** Time limit of each request to the identity server, in seconds. Default: 30. */
  requestTimeoutSeconds?: number;
}

/** Callback that stores each token the sign-in obtains, before the browser shows the success page. */
export type TokenSaver = (token: StoredToken) => void | Promise<void>;

export interface AuthenticateOptions {
  /** Open the authorization URL in the browser. Default: `true`. */
  openBrowser?: boolean;
  /** Receives the authorization URL before the browser opens, so it can be shown to the user. */
  onAuthorizationUrl?: (url: string) => void;
  /** Receives the error when the browser could not be opened; the sign-in keeps waiting. */
  onBrowserError?: (error: unknown) => void;
  /** Stores the token; the browser shows the success page only after it resolves. */
  tokenSaver?: TokenSaver;
  /** How long to wait for the browser to return, in milliseconds. Default: 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Instructions for the user to approve a device authorization (RFC 8628 section 3.3). */
export interface DeviceUserPrompt {
  verificationUri: string;
  /** The verification URI with the user code filled in, when the server provides one. */
  verificationUriComplete: string | undefined;
  userCode: string;
  /** Seconds until the user code expires. */
  expiresInSeconds: number;
}

export interface DeviceAuthenticateOptions {
  /** Receives the verification URI and user code to show to the user. */
  onUserPrompt: (prompt: DeviceUserPrompt) => void;
  tokenSaver?: TokenSaver;
  signal?: AbortSignal;
}

/**
 * Signs a user in to PropertyMe with the authorization code grant and PKCE (RFC 6749 section 4.1,
 * RFC 7636 with S256) through a loopback redirect (RFC 8252), or with the device authorization grant
 * (RFC 8628). The client secret is kept in a private field.
 */
export class PropertyMeAuthenticator {
  readonly clientId: string;
  readonly redirectUrl: string;
  readonly scopes: readonly string[];
  readonly #identityServer: () => Promise<IdentityServer>;
  readonly #openBrowser: BrowserOpener;
  readonly #clock: Clock;
  #pending: { state: string; codeVerifier: string } | undefined;

  constructor(options: PropertyMeAuthenticatorOptions) {
    for (const name of ['clientId', 'clientSecret', 'redirectUrl'] as const) {
      if (typeof options?.[name] !== 'string' || options[name] === '') {
        throw new TypeError(`PropertyMeAuthenticator expects a non-empty string for ${name}`);
      }
    }
    if (!Array.isArray(options.scopes) || options.scopes.some((scope) => typeof scope !== 'string' || scope === '')) {
      throw new TypeError('PropertyMeAuthenticator expects scopes to be an array of non-empty strings');
    }

    this.clientId = options.clientId;
    this.redirectUrl = options.redirectUrl;
    this.scopes = Object.freeze([...options.scopes]);
    this.#openBrowser = options.openBrowser ?? openDefaultBrowser;
    this.#clock = options.clock ?? systemClock;
    this.#identityServer = lazyIdentityServer(identityServerOptions(options));
  }

  /**
   * Builds the authorization request URL (RFC 6749 section 4.1.1) with `state` and a new PKCE S256
   * challenge (RFC 7636 section 4.3). The verifier is kept for the next
   * {@link getTokensFromAuthCode} call, which replaces any earlier one.
   */
  async constructAuthUrl(state: string): Promise<string> {
    if (typeof state !== 'string' || state === '') throw new TypeError('constructAuthUrl() expects a non-empty state string');

    const identityServer = await this.#identityServer();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    this.#pending = { state, codeVerifier };

    return identityServer.authorizationUrl({
      redirect_uri: this.redirectUrl,
      response_type: 'code',
      scope: this.scopes.join(' '),
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).href;
  }

  /**
   * Exchanges an authorization code for tokens (RFC 6749 section 4.1.3) with the PKCE verifier of the
   * last {@link constructAuthUrl} call. Pass the whole callback URL when you have it: then `state`
   * and `iss` (RFC 9207) are checked too. With a bare code the caller must have checked `state`.
   *
   * @throws {OAuthError} when the identity server rejects the code or the client.
   */
  async getTokensFromAuthCode(codeOrCallbackUrl: string | URL): Promise<StoredToken> {
    const pending = this.#pending;
    if (pending === undefined) throw new TypeError('getTokensFromAuthCode() needs a verifier: call constructAuthUrl() first');

    const identityServer = await this.#identityServer();
    let callbackUrl: URL;
    let expectedState: string | typeof oidc.skipStateCheck = pending.state;
    if (codeOrCallbackUrl instanceof URL) {
      callbackUrl = codeOrCallbackUrl;
    } else {
      callbackUrl = new URL(this.redirectUrl);
      callbackUrl.searchParams.set('code', codeOrCallbackUrl);
      expectedState = oidc.skipStateCheck;
      // NOTE: a bare code carries no `iss`, so the issuer is assumed to be the configured one.
      if (identityServer.metadata.authorization_response_iss_parameter_supported) {
        callbackUrl.searchParams.set('iss', identityServer.metadata.issuer);
      }
    }

    const response = await identityServer.exchangeAuthorizationCode(callbackUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState });
    this.#pending = undefined;
    return storedTokenFromResponse(response, this.#clock.now(), undefined, this.scopes.join(' '));
  }

  /**
   * Runs the whole browser sign-in: starts the loopback callback server, builds the authorization URL
   * with a random `state`, opens the browser, waits for the response, checks `state` and exchanges the
   * code. See `startCallbackServer` for how wrong callbacks and timeouts end the wait.
   *
   * @throws {CallbackError} for a port in use, a `state` mismatch, a timeout or a cancellation.
   * @throws {OAuthError} when the user denies access or the identity server rejects the exchange.
   */
  async authenticate(options: AuthenticateOptions = {}): Promise<StoredToken> {
    await this.#identityServer(); // Fail on discovery before binding the port or opening a browser.
    const state = oidc.randomState();

    const server = await startCallbackServer({
      redirectUri: this.redirectUrl,
      expectedState: state,
      timeoutMs: options.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
      signal: options.signal,
      onCallback: async (callbackUrl) => {
        const token = await this.getTokensFromAuthCode(callbackUrl);
        await options.tokenSaver?.(token);
        return token;
      },
    });

    try {
      const url = await this.constructAuthUrl(state);
      options.onAuthorizationUrl?.(url);
      if (options.openBrowser ?? true) {
        await this.#openBrowser(url).catch((error: unknown) => options.onBrowserError?.(error));
      }
      return await server.result;
    } finally {
      await server.close();
    }
  }

  /**
   * Signs in with the device authorization grant (RFC 8628), for machines without a browser. It
   * passes the verification URI and user code to `onUserPrompt`, then polls the token endpoint at the
   * server's interval, slower after each `slow_down`, until the user approves, denies or the code
   * expires.
   *
   * @throws {OAuthError} `access_denied` when the user denies, `expired_token` when the code expires.
   * @throws the reason of `signal` when it aborts the wait.
   */
  async authenticateWithDevice(options: DeviceAuthenticateOptions): Promise<StoredToken> {
    const identityServer = await this.#identityServer();
    const scope = this.scopes.join(' ');
    const authorization = await identityServer.startDeviceAuthorization(scope);

    options.onUserPrompt({
      verificationUri: authorization.verification_uri,
      verificationUriComplete: authorization.verification_uri_complete,
      userCode: authorization.user_code,
      expiresInSeconds: authorization.expires_in,
    });

    const expiry = AbortSignal.timeout(authorization.expires_in * 1000);
    const signal = options.signal === undefined ? expiry : AbortSignal.any([options.signal, expiry]);
    let response;
    try {
      response = await identityServer.pollDeviceAuthorization(authorization, signal);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (expiry.aborted) {
        throw new OAuthError("The device code expired before the sign-in was approved. Run 'propertyme auth --device' again.", {
          error: 'expired_token',
          cause: error,
        });
      }
      throw error;
    }

    const token = storedTokenFromResponse(response, this.#clock.now(), undefined, scope);
    await options.tokenSaver?.(token);
    return token;
  }
}
