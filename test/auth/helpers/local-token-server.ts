// A small OAuth token server on 127.0.0.1 for unit tests: discovery, the token endpoint for the
// refresh_token and device_code grants, device authorization and revocation. It counts requests and
// can rotate refresh tokens or accept only one client authentication method.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalTokenServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** Which client authentication the token endpoint accepts. Default: both. */
  acceptedClientAuth?: 'basic' | 'post' | 'both';
  /** Issue a new refresh token on every refresh and invalidate the old one. Default: false. */
  rotateRefreshTokens?: boolean;
  /** Access token lifetime in seconds. Default: 3600. */
  accessTokenLifetime?: number;
  /** Milliseconds the token endpoint waits before it responds to a refresh. Default: 0. */
  refreshDelayMs?: number;
  /**
   * Responses to successive device_code polls: an OAuth error code, or `approve` to issue tokens.
   * Default: `['approve']`.
   */
  devicePollScript?: string[];
  /** `interval` of the device authorization response, in seconds. Default: 1. */
  deviceInterval?: number;
}

export interface LocalTokenServer {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Requests to the token endpoint, by grant type, counting rejected ones. */
  tokenRequests: Map<string, number>;
  /** Client authentication methods seen at the token endpoint, in order. */
  clientAuthSeen: string[];
  revokedTokens: string[];
  /** When each device_code poll arrived, in milliseconds since the epoch. */
  devicePolls: number[];
  /** Issues a refresh token the server accepts, as a sign-in would. */
  issueRefreshToken(): string;
  close(): Promise<void>;
}

export async function startLocalTokenServer(options: LocalTokenServerOptions = {}): Promise<LocalTokenServer> {
  const clientId = options.clientId ?? 'test-client';
  const clientSecret = options.clientSecret ?? `secret-${randomBytes(8).toString('hex')}`;
  const accepted = options.acceptedClientAuth ?? 'both';
  const validRefreshTokens = new Set<string>();
  const tokenRequests = new Map<string, number>();
  const clientAuthSeen: string[] = [];
  const revokedTokens: string[] = [];
  const devicePolls: number[] = [];
  const devicePollScript = [...(options.devicePollScript ?? ['approve'])];
  let url = '';

  const newToken = (prefix: string): string => `${prefix}-${randomBytes(12).toString('hex')}`;
  const issueRefreshToken = (): string => {
    const token = newToken('rt');
    validRefreshTokens.add(token);
    return token;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', url).pathname;
    if (path === '/.well-known/openid-configuration') {
      sendJson(response, 200, {
        issuer: url,
        authorization_endpoint: `${url}/connect/authorize`,
        token_endpoint: `${url}/connect/token`,
        revocation_endpoint: `${url}/connect/revocation`,
        device_authorization_endpoint: `${url}/connect/deviceauthorization`,
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        code_challenge_methods_supported: ['S256'],
      });
      return;
    }

    const body = new URLSearchParams(await readBody(request));
    const method = authenticate(request, body);
    if (method === undefined) {
      sendJson(response, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
      if (path === '/connect/token') count(body.get('grant_type') ?? 'none');
      return;
    }

    if (path === '/connect/revocation') {
      revokedTokens.push(body.get('token') ?? '');
      validRefreshTokens.delete(body.get('token') ?? '');
      response.writeHead(200).end();
      return;
    }
    if (path === '/connect/deviceauthorization') {
      sendJson(response, 200, {
        device_code: 'device-code-1',
        user_code: 'WDJB-MJHT',
        verification_uri: `${url}/connect/device`,
        expires_in: 600,
        interval: options.deviceInterval ?? 1,
      });
      return;
    }
    if (path !== '/connect/token') {
      sendJson(response, 404, { error: 'not_found' });
      return;
    }

    const grantType = body.get('grant_type') ?? 'none';
    count(grantType);
    if (grantType === 'refresh_token') {
      if (options.refreshDelayMs) await new Promise((resolve) => setTimeout(resolve, options.refreshDelayMs));
      const refreshToken = body.get('refresh_token') ?? '';
      if (!validRefreshTokens.has(refreshToken)) {
        sendJson(response, 400, { error: 'invalid_grant', error_description: 'refresh token is invalid or was rotated' });
        return;
      }
      const fields: Record<string, unknown> = {
        access_token: newToken('at'),
        token_type: 'Bearer',
        expires_in: options.accessTokenLifetime ?? 3600,
        scope: 'contact:read offline_access',
      };
      if (options.rotateRefreshTokens) {
        validRefreshTokens.delete(refreshToken);
        fields.refresh_token = issueRefreshToken();
      }
      sendJson(response, 200, fields);
      return;
    }
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
      devicePolls.push(Date.now());
      const next = devicePollScript.length > 1 ? devicePollScript.shift() : devicePollScript[0];
      if (next !== 'approve') {
        sendJson(response, 400, { error: next });
        return;
      }
      sendJson(response, 200, { access_token: newToken('at'), refresh_token: issueRefreshToken(), token_type: 'Bearer', expires_in: 3600 });
      return;
    }
    sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  function authenticate(request: IncomingMessage, body: URLSearchParams): string | undefined {
    const header = request.headers.authorization;
    if (header?.startsWith('Basic ')) {
      clientAuthSeen.push('basic');
      const [id, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':').map(decodeURIComponent);
      return accepted !== 'post' && id === clientId && secret === clientSecret ? 'basic' : undefined;
    }
    clientAuthSeen.push('post');
    const ok = body.get('client_id') === clientId && body.get('client_secret') === clientSecret;
    return accepted !== 'basic' && ok ? 'post' : undefined;
  }

  function count(grantType: string): void {
    tokenRequests.set(grantType, (tokenRequests.get(grantType) ?? 0) + 1);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    clientId,
    clientSecret,
    tokenRequests,
    clientAuthSeen,
    revokedTokens,
    devicePolls,
    issueRefreshToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}
