import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeApiCall, type ApiRouterOptions } from './api/router.js';
import type { ChurnOptions, ChurnSummary } from './churn.js';
import { writeJson, writeWithFault, type FaultInjector, type FaultKind } from './faults.js';
import { toWireJson } from './json.js';

/** Counters of API traffic since the sandbox started. */
export interface SandboxStats {
  /** API requests received, including those that got a fault. */
  apiRequests: number;
  /** API responses by status code, faults included. */
  statuses: Record<number, number>;
  /** Injected faults by kind. */
  faults: Record<FaultKind | 'slow', number>;
}

export interface RequestHandlerOptions {
  api: ApiRouterOptions;
  faults: FaultInjector;
  stats: SandboxStats;
  /** Handles `/interaction/...`: the sign-in and consent pages. */
  interaction: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** oidc-provider's request handler, for every other path. */
  identity: () => (req: IncomingMessage, res: ServerResponse) => void;
  churn: (options: ChurnOptions) => ChurnSummary;
  /** Called after every successful API write, so the state file can be saved. */
  onWrite: () => void;
  onError: (message: string, error: unknown) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Returns the handler of the sandbox's one HTTP server: `/api/*` goes to the API, `/sandbox/churn`
 * to churn, `/interaction/*` to the sign-in pages and everything else to oidc-provider.
 */
export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    let work: Promise<void>;
    if (url.pathname.startsWith('/api/')) {
      work = handleApi(options, req, res, url);
    } else if (url.pathname === '/sandbox/churn') {
      work = handleChurn(options, req, res);
    } else if (url.pathname.startsWith('/interaction/')) {
      work = options.interaction(req, res);
    } else {
      options.identity()(req, res);
      return;
    }
    work.catch((error: unknown) => {
      options.onError(`${req.method} ${url.pathname} failed`, error);
      if (!res.headersSent) writeJson(res, 500, {}, '{"ResponseStatus":{"ErrorCode":"InternalServerError","Message":"The sandbox failed to handle the request; see its log"}}');
      else res.destroy();
    });
  };
}

async function handleApi(options: RequestHandlerOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { stats, faults } = options;
  stats.apiRequests += 1;
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  const response = await routeApiCall(options.api, {
    method: req.method ?? 'GET',
    path: url.pathname.slice('/api'.length),
    query: url.searchParams,
    authorization: req.headers.authorization,
    body,
  });

  const delay = faults.delayMs();
  if (delay > 0) {
    stats.faults.slow += 1;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const fault = faults.pick();
  if (fault !== undefined) stats.faults[fault] += 1;
  let status = response.status;
  if (fault === 'error') status = 500;
  if (fault === 'tooManyRequests') status = 429;
  stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
  writeWithFault(res, fault, faults.options.retryAfterSeconds, response.status, response.headers ?? {}, response.body);
  if (req.method !== 'GET' && response.status === 200) options.onWrite();
}

async function handleChurn(options: RequestHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The churn endpoint takes no credentials, so only the local machine may call it.
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) {
    writeJson(res, 403, {}, '{"error":"forbidden","error_description":"POST /sandbox/churn is accepted from loopback addresses only"}');
    return;
  }
  if (req.method !== 'POST') {
    writeJson(res, 405, { allow: 'POST' }, '{"error":"method_not_allowed","error_description":"Use POST /sandbox/churn with an optional JSON body {seed, count, fraction, kinds}"}');
    return;
  }
  const text = await readBody(req);
  let churnOptions: ChurnOptions;
  try {
    churnOptions = text.trim() === '' ? {} : (JSON.parse(text) as ChurnOptions);
  } catch {
    writeJson(res, 400, {}, '{"error":"invalid_request","error_description":"The body is not valid JSON"}');
    return;
  }
  try {
    writeJson(res, 200, {}, toWireJson(options.churn(churnOptions)));
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    writeJson(res, 400, {}, JSON.stringify({ error: 'invalid_request', error_description: error.message }));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
