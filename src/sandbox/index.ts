import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { churnPortfolio, type ChurnOptions, type ChurnSummary } from './churn.js';
import { generatePortfolio, SCALE_PRESETS, type PortfolioCounts, type ScalePreset } from './data/generate.js';
import { Portfolio } from './data/portfolio.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { handleInteraction } from './identity/interactions.js';
import { MemoryArtifactStore } from './identity/memory-adapter.js';
import type { SandboxUser } from './identity/pages.js';
import { createIdentityProvider, generateCookieKeys, PROPERTYME_SCOPES, signingKeyForProcess } from './identity/provider.js';
import { WireJsonCache } from './json.js';
import { createRequestHandler, type SandboxStats } from './server.js';
import { readStateFile, writeStateFile, type SandboxState } from './state-file.js';

export type { ChurnKind, ChurnOptions, ChurnSummary } from './churn.js';
export { CHURN_KINDS } from './churn.js';
export type { PortfolioCounts, ScalePreset } from './data/generate.js';
export { SCALE_PRESETS } from './data/generate.js';
export type { Portfolio } from './data/portfolio.js';
export type * from './data/records.js';
export type { FaultOptions } from './faults.js';
export type { SandboxUser } from './identity/pages.js';
export { PROPERTYME_SCOPES } from './identity/provider.js';
export type { SandboxStats } from './server.js';

/** Redirect URI of PropertyMe's own sample application, registered for the sandbox client. */
export const DEFAULT_REDIRECT_URI = 'http://localhost:65385/home/callback';

export interface SandboxOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`; anything else exposes the sandbox to the network. */
  host?: string;
  /** Portfolio size: a preset or explicit counts (missing counts come from `small`). Default `small`. */
  scale?: ScalePreset | Partial<PortfolioCounts>;
  /** Seed of the generated portfolio. Default 1. */
  seed?: number;
  /** File that keeps the portfolio, client credentials and grants across restarts. Default: none. */
  stateFile?: string;
  /** Access-token lifetime in seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Issue a new refresh token on every refresh. Default false, as PropertyMe does. */
  rotateRefreshTokens?: boolean;
  /** Approve every sign-in at once, as the `login_hint` user or the first user. Default false. */
  autoApprove?: boolean;
  /** API faults. Default: none. */
  faults?: FaultOptions;
  /** Client id. Default `propertyme-sandbox` (or the state file's). */
  clientId?: string;
  /** Client secret. Default: random per start (or the state file's). */
  clientSecret?: string;
  /** Receives errors that the sandbox catches and turns into 500 responses. Default: ignored. */
  onError?: (message: string, error: unknown) => void;
}

export interface IssueTokenOptions {
  /** Member id to issue the token for. Default: the first user. */
  accountId?: string;
  /** Lifetime in seconds. Default: the sandbox's access-token lifetime. */
  expiresInSeconds?: number;
}

export interface Sandbox {
  /** Origin, such as `http://127.0.0.1:5990`; also the identity server's issuer. */
  readonly url: string;
  /** Identity server base URL (same as `url`): discovery at `/.well-known/openid-configuration`. */
  readonly authUrl: string;
  /** API base URL, such as `http://127.0.0.1:5990/api`. */
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  /** Sign-in users: the portfolio's members. */
  readonly users: readonly SandboxUser[];
  /** The live portfolio. Read it in tests; change it through `churn` or the API. */
  readonly portfolio: Portfolio;
  readonly stats: Readonly<SandboxStats>;
  churn(options?: ChurnOptions): ChurnSummary;
  setFaults(faults: FaultOptions): void;
  setAutoApprove(enabled: boolean): void;
  /** Mints an opaque access token for the sandbox client without a browser. */
  issueAccessToken(scopes: readonly string[], options?: IssueTokenOptions): Promise<string>;
  /** Writes the state file now (no-op without `stateFile`). */
  saveState(): Promise<void>;
  close(): Promise<void>;
}

function resolveCounts(scale: SandboxOptions['scale']): PortfolioCounts {
  if (scale === undefined) return SCALE_PRESETS.small;
  if (typeof scale === 'string') {
    const preset = SCALE_PRESETS[scale];
    if (preset === undefined) throw new TypeError(`Unknown scale ${JSON.stringify(scale)}; expected small, large or explicit counts`);
    return preset;
  }
  const counts = { ...SCALE_PRESETS.small, ...scale };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) throw new TypeError(`Scale count ${name} must be a non-negative integer, got ${value}`);
  }
  return counts;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a local PropertyMe: an OpenID Connect identity server and the API over a synthetic
 * portfolio, on one HTTP server. Resolves once it accepts connections.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1) throw new TypeError(`accessTokenTtlSeconds must be a positive integer, got ${ttl}`);

  const saved: SandboxState | undefined = options.stateFile === undefined ? undefined : await readStateFile(options.stateFile);
  // Started before the synchronous portfolio generation, so the key is made on a worker thread meanwhile.
  const signingKeyReady = saved === undefined ? signingKeyForProcess() : Promise.resolve(saved.signingKey);
  const portfolio = saved === undefined ? generatePortfolio(options.seed ?? 1, resolveCounts(options.scale)) : Portfolio.fromSnapshot(saved.portfolio);
  const clientId = options.clientId ?? saved?.clientId ?? 'propertyme-sandbox';
  const clientSecret = options.clientSecret ?? saved?.clientSecret ?? randomBytes(24).toString('base64url');
  const cookieKeys = saved?.cookieKeys ?? generateCookieKeys();
  const store = new MemoryArtifactStore();
  if (saved !== undefined) store.import(saved.artifacts);

  const users = (): SandboxUser[] =>
    [...portfolio.members.values()].map((member) => ({ accountId: member.Id, name: `${member.FirstName} ${member.LastName}`, email: member.Email }));
  const faults = new FaultInjector(options.faults);
  const stats: SandboxStats = { apiRequests: 0, statuses: {}, faults: { error: 0, tooManyRequests: 0, drop: 0, truncate: 0, slow: 0 } };
  let autoApprove = options.autoApprove ?? false;
  const onError = options.onError ?? (() => undefined);

  const signingKey = await signingKeyReady;
  const saveState = async (): Promise<void> => {
    if (options.stateFile === undefined) return;
    await writeStateFile(options.stateFile, {
      version: 1, clientId, clientSecret, signingKey, cookieKeys, portfolio: portfolio.toSnapshot(), artifacts: store.export(),
    });
  };
  let saveTimer: NodeJS.Timeout | undefined;
  const scheduleSave = () => {
    if (options.stateFile === undefined || saveTimer !== undefined) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      saveState().catch((error: unknown) => onError(`Saving the state file ${options.stateFile} failed`, error));
    }, 250);
  };
  const churn = (churnOptions: ChurnOptions = {}): ChurnSummary => {
    const summary = churnPortfolio(portfolio, churnOptions);
    scheduleSave();
    return summary;
  };

  // The issuer contains the port, which is known only after listening, so the provider is created
  // after `listen` and the handler reaches it through this variable.
  let provider: ReturnType<typeof createIdentityProvider> | undefined;
  let identityCallback: ReturnType<ReturnType<typeof createIdentityProvider>['callback']> | undefined;
  const server = createServer(
    createRequestHandler({
      api: {
        portfolio: () => portfolio,
        cache: new WireJsonCache(),
        now: () => new Date(),
        checkToken: async (value) => {
          const token = await provider?.AccessToken.find(value);
          if (token === undefined || token.exp * 1000 <= Date.now()) return undefined;
          return { scopes: token.scopes };
        },
      },
      faults,
      stats,
      interaction: async (req, res) => {
        if (provider === undefined) throw new Error('The identity server is not ready');
        await handleInteraction({ provider, users, autoApprove: () => autoApprove }, req, res);
      },
      identity: () => {
        if (identityCallback === undefined) throw new Error('The identity server is not ready');
        return identityCallback;
      },
      churn,
      onWrite: scheduleSave,
      onError,
    }),
  );
  // Keep-alive sockets would hold `close()` open; the sandbox closes them itself.
  server.keepAliveTimeout = 5_000;

  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${urlHost(host)}:${port}`;
  const redirectUri = DEFAULT_REDIRECT_URI;
  provider = createIdentityProvider({
    issuer: url,
    client: { clientId, clientSecret, redirectUris: [redirectUri] },
    users,
    store,
    signingKey,
    cookieKeys,
    accessTokenTtlSeconds: ttl,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
  });
  identityCallback = provider.callback();
  await saveState();

  const sandbox: Sandbox = {
    url,
    authUrl: url,
    apiUrl: `${url}/api`,
    clientId,
    clientSecret,
    redirectUri,
    get users() {
      return users();
    },
    portfolio,
    stats,
    churn,
    setFaults: (next) => faults.set(next),
    setAutoApprove: (enabled) => {
      autoApprove = enabled;
    },
    issueAccessToken: async (scopes, tokenOptions = {}) => {
      const current = provider as NonNullable<typeof provider>;
      const unknown = scopes.filter((scope) => !(PROPERTYME_SCOPES as readonly string[]).includes(scope));
      if (unknown.length > 0) throw new TypeError(`Unknown scopes ${unknown.join(', ')}; the sandbox knows ${PROPERTYME_SCOPES.join(' ')}`);
      const accountId = tokenOptions.accountId ?? users()[0]?.accountId;
      if (accountId === undefined) throw new TypeError('The sandbox has no users to issue a token for');
      const client = await current.Client.find(clientId);
      if (client === undefined) throw new Error(`Sandbox client ${clientId} is not registered`);
      const scope = scopes.join(' ');
      const grant = new current.Grant({ accountId, clientId });
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      const token = new current.AccessToken({ accountId, client, grantId, scope, gty: 'authorization_code', expiresIn: tokenOptions.expiresInSeconds ?? ttl });
      return token.save();
    },
    saveState,
    close: async () => {
      if (saveTimer !== undefined) clearTimeout(saveTimer);
      saveTimer = undefined;
      await saveState();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
  return sandbox;
}
