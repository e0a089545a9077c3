// A throwaway HTTP server on 127.0.0.1 for tests: it records every request it receives and lets each
// test decide the response. Port 0 lets the system pick a free port.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query string as sent, still percent-encoded. */
  url: string;
  /** Path without the query string, still percent-encoded. */
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Milliseconds since the epoch when the request arrived. */
  receivedAt: number;
}

export type RequestHandler = (request: RecordedRequest, response: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface LocalServer {
  /** Origin of the server, such as `http://127.0.0.1:41234`. */
  url: string;
  requests: RecordedRequest[];
  /** Highest number of requests the server held open at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** Starts a server that reads each request body in full, records the request, then calls `handler`. */
export async function startLocalServer(handler: RequestHandler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };

  const server = createServer(async (raw, response) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    response.on('close', () => inFlight--);

    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const request: RecordedRequest = {
      method: raw.method ?? '',
      url: raw.url ?? '',
      pathname: url.pathname,
      query: url.searchParams,
      headers: raw.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
    };
    requests.push(request);

    try {
      await handler(request, response, raw);
    } catch (error) {
      if (!response.headersSent) response.writeHead(599, { 'Content-Type': 'text/plain' });
      response.end(`test handler failed: ${String(error)}`);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON: objects are serialised, strings are sent as they are (for bare int64 digits). */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(text);
}
