import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackListenAddress } from '../config/loopback-host.js';
import { CallbackError } from '../errors/callback-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { PAGE_HEADERS, failurePage, notFoundPage, successPage } from './callback-pages.js';

/** Default time to wait for the browser to come back to the redirect URI: 5 minutes. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60 * 1000;

export interface CallbackServerOptions<T> {
  /** The loopback redirect URI; the server listens on its host (as an IP address) and port. */
  redirectUri: string;
  /** The `state` sent in the authorization request; any other value ends the wait with an error. */
  expectedState: string;
  /**
   * Handles the one valid authorization response, typically by exchanging its code. The browser sees
   * the success page when it resolves and an error page when it rejects.
   */
  onCallback: (callbackUrl: URL) => Promise<T>;
  /** Default: {@link DEFAULT_CALLBACK_TIMEOUT_MS}. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CallbackServer<T> {
  /** The port the server listens on. */
  readonly port: number;
  /** Settles with the result of `onCallback`, or with the error that ended the wait; then the server is closed. */
  readonly result: Promise<T>;
  /** Stops the server and ends the wait with `CallbackError` reason `aborted`, if it was still running. */
  close(): Promise<void>;
}

/**
 * Starts the loopback HTTP server that receives the authorization response (RFC 8252 sections 7.3
 * and 8.3). It listens only on the loopback address of the redirect URI's host, responds with 404 to any
 * other path (such as a browser's `/favicon.ico`) and keeps waiting, and accepts one response:
 *
 * - a missing or wrong `state` ends the wait with `CallbackError` reason `state_mismatch` and no
 *   token request (RFC 6749 section 10.12);
 * - an `error` parameter (RFC 6749 section 4.1.2.1) such as `access_denied` ends it with `OAuthError`;
 * - no response within `timeoutMs` ends it with `CallbackError` reason `timeout`.
 *
 * @throws {CallbackError} reason `port_in_use` or `listen_failed` when the server cannot listen.
 */
export async function startCallbackServer<T>(options: CallbackServerOptions<T>): Promise<CallbackServer<T>> {
  const redirectUrl = new URL(options.redirectUri);
  const port = redirectUrl.port === '' ? 80 : Number(redirectUrl.port);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS;

  let settle: { resolve: (value: T) => void; reject: (error: unknown) => void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => undefined); // The caller may attach its handler later.
  let handled = false;

  const server = createServer((request, response) => {
    void handleRequest(request, response);
  });

  const finish = (outcome: { value: T } | { error: unknown }): void => {
    if (settle === undefined) return;
    const { resolve, reject } = settle;
    settle = undefined;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Let the last page reach the browser, then stop accepting connections.
    server.close();
    setImmediate(() => server.closeAllConnections());
    if ('value' in outcome) resolve(outcome.value);
    else reject(outcome.error);
  };

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', redirectUrl);
    if (request.method !== 'GET' || url.pathname !== redirectUrl.pathname) {
      sendPage(response, request.method === 'GET' ? 404 : 405, notFoundPage());
      return;
    }
    if (handled) {
      sendPage(response, 409, failurePage('This sign-in has already received its response.'));
      return;
    }

    const state = url.searchParams.get('state');
    if (state !== options.expectedState) {
      handled = true;
      const problem = state === null ? 'has no state parameter' : 'has a state parameter that does not match this sign-in';
      sendPage(response, 400, failurePage('The response did not match this sign-in, so no token was requested.'));
      finish({
        error: new CallbackError(`The authorization response at ${redirectUrl.pathname} ${problem}; no token was requested.`, {
          reason: 'state_mismatch',
          cause: { receivedState: state },
        }),
      });
      return;
    }

    const errorCode = url.searchParams.get('error');
    if (errorCode !== null) {
      handled = true;
      const description = url.searchParams.get('error_description') ?? undefined;
      sendPage(response, 400, failurePage(`The identity server returned ${errorCode}.`));
      finish({ error: authorizationError(errorCode, description) });
      return;
    }

    if (!url.searchParams.get('code')) {
      handled = true;
      sendPage(response, 400, failurePage('The response has no authorization code.'));
      finish({ error: new CallbackError(`The authorization response at ${redirectUrl.pathname} has no code parameter.`, { reason: 'missing_code' }) });
      return;
    }

    handled = true;
    clearTimeout(timer); // The exchange has its own request time limit.
    const callbackUrl = new URL(redirectUrl.href);
    callbackUrl.search = url.search;
    try {
      const value = await options.onCallback(callbackUrl);
      sendPage(response, 200, successPage());
      finish({ value });
    } catch (error) {
      sendPage(response, 500, failurePage('The sign-in could not be completed.'));
      finish({ error });
    }
  }

  const onAbort = (): void => {
    finish({ error: new CallbackError('The sign-in was cancelled before the browser returned.', { reason: 'aborted', cause: options.signal?.reason }) });
  };

  const timer = setTimeout(() => {
    finish({
      error: new CallbackError(`No authorization response reached ${options.redirectUri} within ${Math.round(timeoutMs / 1000)} s.`, {
        reason: 'timeout',
      }),
    });
  }, timeoutMs);

  try {
    await listen(server, port, loopbackListenAddress(redirectUrl.hostname), options.redirectUri);
  } catch (error) {
    clearTimeout(timer);
    throw error;
  }

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    port: (server.address() as AddressInfo).port,
    result,
    close: async () => {
      onAbort();
      await result.catch(() => undefined);
    },
  };
}

function sendPage(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { ...PAGE_HEADERS, Connection: 'close' });
  response.end(html);
}

function authorizationError(errorCode: string, description: string | undefined): OAuthError {
  const detail = description === undefined ? errorCode : `${errorCode}: ${description}`;
  const message = errorCode === 'access_denied'
    ? `The sign-in was denied or cancelled in the browser (${detail}).`
    : `The identity server returned an error to the redirect URI (${detail}).`;
  return new OAuthError(message, { error: errorCode, errorDescription: description });
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string, redirectUri: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new CallbackError(
            `Port ${port} is already in use, so the sign-in cannot receive its callback at ${redirectUri}. ` +
              `Stop the program that uses it, or set PROPERTYME_REDIRECT_URI to a redirect URI with a free port that is registered for this application.`,
            { reason: 'port_in_use', cause: error },
          ),
        );
        return;
      }
      reject(new CallbackError(`Cannot listen on ${host}:${port} for ${redirectUri}: ${error.message}.`, { reason: 'listen_failed', cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
