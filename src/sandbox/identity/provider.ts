import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Provider from 'oidc-provider';
import type { KoaContext } from 'oidc-provider';
import type { MemoryArtifactStore } from './memory-adapter.js';
import {
  deviceConfirmPage,
  deviceInputPage,
  deviceSuccessPage,
  errorPage,
  loggedOutPage,
  logoutPage,
  type SandboxUser,
} from './pages.js';

/** Scopes PropertyMe's identity server lists in its discovery document, in the same order. */
export const PROPERTYME_SCOPES = [
  'openid', 'profile', 'email', 'ids:admin', 'property:read', 'activity:write', 'communication:write',
  'communication:read', 'tenancy:write', 'customer:write', 'activity:read', 'transaction:read',
  'property:write', 'transaction:write', 'contact:read', 'customer:read', 'contact:write', 'form:write',
  'org-portal:api', 'offline_access',
] as const;

/** The one registered client of the sandbox. */
export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; any other loopback URI is accepted too. */
  redirectUris: string[];
}

export interface IdentityOptions {
  issuer: string;
  client: SandboxClient;
  users: () => readonly SandboxUser[];
  store: MemoryArtifactStore;
  /** Private signing key (JWK) for ID tokens; kept in the state file so tokens survive a restart. */
  signingKey: Record<string, unknown>;
  cookieKeys: string[];
  accessTokenTtlSeconds: number;
  rotateRefreshTokens: boolean;
}

let processSigningKey: Promise<Record<string, unknown>> | undefined;

/**
 * Returns an RS256 signing key (private JWK). RSA key generation takes from 0.2 to over 1 s, so one
 * key is generated per process, off the main thread, and shared by every sandbox the process starts.
 */
export function signingKeyForProcess(): Promise<Record<string, unknown>> {
  processSigningKey ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(({ privateKey }) => ({
    ...privateKey.export({ format: 'jwk' }),
    use: 'sig',
    alg: 'RS256',
    kid: randomBytes(8).toString('hex'),
  }));
  return processSigningKey;
}

export function generateCookieKeys(): string[] {
  return [randomBytes(32).toString('base64url')];
}

/** Tells whether a redirect URI is plain HTTP on a loopback host, as RFC 8252 section 7.3 allows for native apps. */
export function isLoopbackRedirect(value: string): boolean {
  const url = URL.parse(value);
  if (url === null || url.protocol !== 'http:' || url.hash !== '') return false;
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/**
 * Creates the oidc-provider instance configured like PropertyMe's identity server: endpoints under
 * `/connect/...`, the same scopes, client_secret_basic and client_secret_post, PKCE, refresh tokens
 * only with `offline_access`, revocation, introspection and the device authorization grant.
 * Access tokens are opaque; the sandbox API looks them up with `provider.AccessToken.find`.
 */
export function createIdentityProvider(options: IdentityOptions): Provider {
  const { client } = options;
  const provider = new Provider(options.issuer, {
    adapter: options.store.adapterFor(),
    clients: [{
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: 'PropertyMe sandbox client',
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    // Every PropertyMe scope is registered as an OpenID Connect scope. oidc-provider then puts them
    // all into the access token for the UserInfo audience, so one opaque token carries the API
    // scopes without the resource-indicator machinery.
    scopes: [...PROPERTYME_SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = options.users().find((candidate) => candidate.accountId === sub);
      if (user === undefined) return undefined;
      const [givenName, ...rest] = user.name.split(' ');
      return {
        accountId: sub,
        claims: async () => ({ sub, name: user.name, given_name: givenName, family_name: rest.join(' '), preferred_username: user.email, email: user.email, email_verified: true }),
      };
    },
    jwks: { keys: [options.signingKey] },
    cookies: { keys: options.cookieKeys },
    // Sandbox and clients share one machine clock, and a tolerance would keep short test TTLs alive.
    clockTolerance: 0,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    pkce: { required: () => false },
    responseTypes: ['code'],
    routes: {
      authorization: '/connect/authorize',
      token: '/connect/token',
      revocation: '/connect/revocation',
      introspection: '/connect/introspect',
      userinfo: '/connect/userinfo',
      device_authorization: '/connect/deviceauthorization',
      code_verification: '/connect/device',
      end_session: '/connect/endsession',
      pushed_authorization_request: '/connect/par',
      jwks: '/.well-known/openid-configuration/jwks',
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 30 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 30 * 24 * 60 * 60,
    },
    rotateRefreshToken: () => options.rotateRefreshTokens,
    clientBasedCORS: () => true,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    renderError: async (ctx: KoaContext & { type: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: async (ctx: KoaContext, form: string, _out: unknown, error: unknown) => {
          ctx.body = deviceInputPage(form, error === undefined ? 'Enter the code shown on your device.' : 'The code is invalid or expired. Try again.');
        },
        userCodeConfirmSource: async (ctx: KoaContext, form: string, deviceClient: { clientId: string }, _info: unknown, userCode: string) => {
          ctx.body = deviceConfirmPage(form, deviceClient.clientId, userCode);
        },
        successSource: async (ctx: KoaContext) => {
          ctx.body = deviceSuccessPage();
        },
      },
      introspection: { enabled: true, allowedPolicy: async () => true },
      revocation: { enabled: true, allowedPolicy: async () => true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          ctx.body = loggedOutPage();
        },
      },
    },
  });

  acceptAnyLoopbackRedirect(provider, client.clientId);
  provider.use(propertyMeCompatibility);
  return provider;
}

/** Lets the sandbox client use any loopback redirect URI, whatever its port or path. */
function acceptAnyLoopbackRedirect(provider: Provider, clientId: string): void {
  const prototype = provider.Client.prototype;
  const registeredOnly = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function redirectUriAllowed(this: typeof prototype, value: string): boolean {
    if (registeredOnly.call(this, value)) return true;
    return this.clientId === clientId && isLoopbackRedirect(value);
  };
}

/**
 * Bridges the differences between oidc-provider 9 and PropertyMe's identity server that
 * configuration cannot reach:
 * - oidc-provider implements only the S256 PKCE method. A `plain` challenge equals its verifier, so
 *   replacing it with BASE64URL(SHA256(challenge)) and method S256 accepts exactly the verifiers that
 *   plain would accept.
 * - OpenID Connect Core section 11 lets a server drop `offline_access` unless `prompt=consent` is
 *   requested, and oidc-provider does. PropertyMe issues refresh tokens without it, so the sandbox
 *   adds `prompt=consent` to such requests; the consent page is shown in any case.
 * - Discovery then advertises both PKCE methods, as PropertyMe's document does.
 */
async function propertyMeCompatibility(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  // NOTE: only GET authorization requests are rewritten; a POSTed authorization request with a
  // plain PKCE challenge is rejected as oidc-provider's S256-only check decides.
  if (ctx.method === 'GET' && ctx.path === '/connect/authorize') {
    const params = new URLSearchParams(ctx.querystring);
    let changed = false;
    const challenge = params.get('code_challenge');
    if (params.get('code_challenge_method') === 'plain' && challenge !== null) {
      params.set('code_challenge', createHash('sha256').update(challenge).digest('base64url'));
      params.set('code_challenge_method', 'S256');
      changed = true;
    }
    const scopes = (params.get('scope') ?? '').split(' ');
    const prompts = (params.get('prompt') ?? '').split(' ').filter((prompt) => prompt !== '');
    if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
      params.set('prompt', [...prompts, 'consent'].join(' '));
      changed = true;
    }
    if (changed) ctx.querystring = params.toString();
  }

  await next();

  if (ctx.path === '/.well-known/openid-configuration' && typeof ctx.body === 'object' && ctx.body !== null) {
    (ctx.body as Record<string, unknown>)['code_challenge_methods_supported'] = ['plain', 'S256'];
  }
}
