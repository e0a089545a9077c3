import * as oidc from 'openid-client';
import { isLoopbackHostname } from '../config/loopback-host.js';
import { isInvalidClient, toIdentityServerError, type IdentityServerRequest } from './identity-server-errors.js';

/**
 * Transport the identity server may use. `https-only` is the default. `allow-http-on-loopback` also
 * accepts plain `http:` when the issuer and every endpoint are on 127.0.0.1, ::1 or localhost, such
 * as a local sandbox. A remote plain-http host is rejected either way.
 */
export type TransportSecurity = 'https-only' | 'allow-http-on-loopback';

/** The fetch function used for every request to the identity server. */
export type FetchFunction = typeof globalThis.fetch;

/** Location of the identity server and the application's credentials there. */
/** PropertyMe's identity server, used when `authUrl` is not given. */
export const DEFAULT_AUTH_URL = 'https://login.propertyme.com';

/** The settings that sign-in, token refresh and revocation share to reach the identity server. */
export interface IdentityServerSettings {
  /** Issuer URL of the identity server. Default: {@link DEFAULT_AUTH_URL}. */
  authUrl?: string;
  clientId: string;
  clientSecret: string;
  fetch?: FetchFunction;
  transportSecurity?: TransportSecurity;
  /** Time limit of each request to the identity server, in seconds. */
  requestTimeoutSeconds?: number;
}

/** Converts the shared settings into `IdentityServer` options, filling in the default issuer. */
export function identityServerOptions(settings: IdentityServerSettings): IdentityServerOptions {
  return {
    authUrl: settings.authUrl ?? DEFAULT_AUTH_URL,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    fetch: settings.fetch,
    transportSecurity: settings.transportSecurity,
    timeoutSeconds: settings.requestTimeoutSeconds,
  };
}

export interface IdentityServerOptions {
  /** Issuer URL; its discovery document is at `${authUrl}/.well-known/openid-configuration`. */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Default: `https-only`. */
  transportSecurity?: TransportSecurity;
  /** Time limit of each request to the identity server, in seconds. Default: 30. */
  timeoutSeconds?: number;
}

type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** The token endpoint response fields this package uses (RFC 6749 section 5.1). */
export type TokenEndpointResponse = oidc.TokenEndpointResponse;
/** A device authorization response (RFC 8628 section 3.2). */
export type DeviceAuthorizationResponse = oidc.DeviceAuthorizationResponse;

/**
 * A connection to the identity server through openid-client, after discovery. Token endpoint
 * requests authenticate with `client_secret_basic` first and, when the server returns
 * `invalid_client`, once more with `client_secret_post` (RFC 6749 section 2.3.1 allows both); the
 * method that worked is used from then on. Failures become `OAuthError` or `NetworkError`.
 *
 * Internal: the public API is `PropertyMeAuthenticator` and `PropertyMeAuthProvider`.
 */
export class IdentityServer {
  readonly #configurations: ReadonlyMap<ClientAuthMethod, oidc.Configuration>;
  readonly #timeoutMs: number;
  #methods: ClientAuthMethod[];

  private constructor(configurations: Map<ClientAuthMethod, oidc.Configuration>, methods: ClientAuthMethod[], timeoutMs: number) {
    this.#configurations = configurations;
    this.#methods = methods;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Fetches the discovery document (OpenID Connect Discovery 1.0; RFC 8414) and checks that the
   * issuer matches `authUrl`.
   *
   * @throws {TypeError} when `authUrl` or a discovered endpoint uses plain http against
   *   `transportSecurity`.
   * @throws {NetworkError | OAuthError} when discovery fails.
   */
  static async discover(options: IdentityServerOptions): Promise<IdentityServer> {
    const transportSecurity = options.transportSecurity ?? 'https-only';
    const issuerUrl = new URL(options.authUrl);
    assertTransportAllowed(issuerUrl.href, 'authUrl', transportSecurity);

    const allowHttp = issuerUrl.protocol === 'http:';
    const fetchFunction = options.fetch;
    const customFetch: oidc.CustomFetch | undefined = fetchFunction && ((url, init) => fetchFunction(url, init as RequestInit));
    const timeout = options.timeoutSeconds ?? 30;

    let basic: oidc.Configuration;
    try {
      basic = await oidc.discovery(issuerUrl, options.clientId, undefined, oidc.ClientSecretBasic(options.clientSecret), {
        execute: allowHttp ? [oidc.allowInsecureRequests] : [],
        timeout,
        ...(customFetch && { [oidc.customFetch]: customFetch }),
      });
    } catch (error) {
      throw toIdentityServerError(error, {
        purpose: 'discovery of the identity server',
        method: 'GET',
        url: `${options.authUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`,
        timeoutMs: timeout * 1000,
      });
    }

    const metadata = basic.serverMetadata();
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'device_authorization_endpoint'] as const) {
      const url = metadata[endpoint];
      if (typeof url === 'string') assertTransportAllowed(url, endpoint, transportSecurity);
    }

    const post = new oidc.Configuration(metadata, options.clientId, undefined, oidc.ClientSecretPost(options.clientSecret));
    post.timeout = timeout;
    if (customFetch) post[oidc.customFetch] = customFetch;
    if (allowHttp) oidc.allowInsecureRequests(post);

    // Start with the method the server lists first support for; Basic when it lists neither.
    const supported = metadata.token_endpoint_auth_methods_supported ?? [];
    const methods: ClientAuthMethod[] =
      supported.includes('client_secret_post') && !supported.includes('client_secret_basic')
        ? ['client_secret_post']
        : ['client_secret_basic', 'client_secret_post'];

    return new IdentityServer(new Map([['client_secret_basic', basic], ['client_secret_post', post]]), methods, timeout * 1000);
  }

  /** The discovered metadata of the identity server. */
  get metadata(): Readonly<oidc.ServerMetadata> {
    return this.#configuration(this.#methods[0] as ClientAuthMethod).serverMetadata();
  }

  /** Builds an authorization request URL (RFC 6749 section 4.1.1) from the given parameters. */
  authorizationUrl(parameters: Record<string, string>): URL {
    return oidc.buildAuthorizationUrl(this.#configuration('client_secret_basic'), parameters);
  }

  /**
   * Validates an authorization response at the redirect URI (state, `iss` when the server supports it,
   * RFC 9207) and exchanges its code for tokens with the PKCE verifier (RFC 6749 section 4.1.3,
   * RFC 7636 section 4.5).
   */
  async exchangeAuthorizationCode(
    callbackUrl: URL,
    checks: { pkceCodeVerifier: string; expectedState: string | typeof oidc.skipStateCheck },
  ): Promise<TokenEndpointResponse> {
    return this.#withClientAuthentication(
      { purpose: 'the authorization code exchange', method: 'POST', url: this.metadata.token_endpoint, grant: 'authorization_code' },
      (configuration) => oidc.authorizationCodeGrant(configuration, callbackUrl, checks),
    );
  }

  /** Exchanges a refresh token for new tokens (RFC 6749 section 6). */
  async refresh(refreshToken: string): Promise<TokenEndpointResponse> {
    return this.#withClientAuthentication(
      { purpose: 'the token refresh', method: 'POST', url: this.metadata.token_endpoint, grant: 'refresh_token' },
      (configuration) => oidc.refreshTokenGrant(configuration, refreshToken),
    );
  }

  /** Tells whether the server has a revocation endpoint (RFC 7009). */
  get supportsRevocation(): boolean {
    return typeof this.metadata.revocation_endpoint === 'string';
  }

  /** Revokes a token (RFC 7009 section 2.1). The server returns 200 even for unknown tokens. */
  async revoke(token: string, tokenTypeHint: 'refresh_token' | 'access_token'): Promise<void> {
    await this.#withClientAuthentication(
      { purpose: `the ${tokenTypeHint.replace('_', ' ')} revocation`, method: 'POST', url: this.metadata.revocation_endpoint },
      (configuration) => oidc.tokenRevocation(configuration, token, { token_type_hint: tokenTypeHint }),
    );
  }

  /** Starts a device authorization (RFC 8628 section 3.1) for the given scopes. */
  async startDeviceAuthorization(scope: string): Promise<DeviceAuthorizationResponse> {
    return this.#withClientAuthentication(
      { purpose: 'the device authorization request', method: 'POST', url: this.metadata.device_authorization_endpoint },
      (configuration) => oidc.initiateDeviceAuthorization(configuration, { scope }),
    );
  }

  /**
   * Polls the token endpoint until the user approves or denies the device authorization, waiting
   * `interval` seconds between requests and 5 s longer after each `slow_down` (RFC 8628 section 3.5).
   */
  async pollDeviceAuthorization(response: DeviceAuthorizationResponse, signal: AbortSignal): Promise<TokenEndpointResponse> {
    return this.#withClientAuthentication(
      { purpose: 'the device authorization', method: 'POST', url: this.metadata.token_endpoint, grant: 'device_code' },
      (configuration) => oidc.pollDeviceAuthorizationGrant(configuration, response, undefined, { signal }),
    );
  }

  #configuration(method: ClientAuthMethod): oidc.Configuration {
    return this.#configurations.get(method) as oidc.Configuration;
  }

  // Tries each client authentication method in turn while the server returns invalid_client. The
  // first method that the server accepts, even with another error, becomes the only one used.
  async #withClientAuthentication<T>(request: IdentityServerRequest, send: (configuration: oidc.Configuration) => Promise<T>): Promise<T> {
    const tried: ClientAuthMethod[] = [];
    for (const method of [...this.#methods]) {
      tried.push(method);
      try {
        const result = await send(this.#configuration(method));
        this.#methods = [method];
        return result;
      } catch (error) {
        if (isInvalidClient(error) && tried.length < this.#methods.length) continue;
        if (!isInvalidClient(error)) this.#methods = [method];
        throw toIdentityServerError(error, { ...request, timeoutMs: this.#timeoutMs, clientAuthMethods: tried });
      }
    }
    throw new Error('unreachable: the list of client authentication methods is never empty');
  }
}

function assertTransportAllowed(url: string, name: string, transportSecurity: TransportSecurity): void {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && transportSecurity === 'allow-http-on-loopback' && isLoopbackHostname(parsed.hostname)) return;

  const hint = parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname)
    ? "set transportSecurity: 'allow-http-on-loopback' to accept plain http on this machine"
    : 'only https is accepted for hosts other than 127.0.0.1, ::1 and localhost';
  throw new TypeError(`The identity server's ${name} ${url} does not use https: ${hint}.`);
}

/**
 * Returns a function that discovers the identity server on first use and then reuses the result. A
 * failed discovery is not cached, so the next call tries again.
 */
export function lazyIdentityServer(options: IdentityServerOptions): () => Promise<IdentityServer> {
  let pending: Promise<IdentityServer> | undefined;
  return () => {
    pending ??= IdentityServer.discover(options).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
