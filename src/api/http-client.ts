// The HTTP layer: sends operations with Node's fetch, adds the bearer token, limits concurrency,
// retries what is safe to retry and turns failures into the package's errors.
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpError } from '../errors/http-error.js';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { VERSION } from '../version.js';
import type { AuthProvider } from './auth-provider.js';
import { buildRequest } from './build-request.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { OperationCaller, OperationSpec, RequestOptions } from './operation-spec.js';
import { IdleTimeout } from './idle-timeout.js';
import { JsonArraySplitter, type ArrayElements } from './json-array-splitter.js';
import { readArrayItem } from './read-array-item.js';
import { htmlHint, readResponse, type RawResponse } from './read-response.js';
import { isRetryableStatus, normaliseRetryOptions, RETRYABLE_METHODS, retryDelay, type RetryOptions, type RetryPolicy } from './retry-policy.js';

export const DEFAULT_BASE_URL = 'https://app.propertyme.com/api';
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_CONCURRENCY = 4;

/** Receives the client's debug events. Messages never contain tokens or headers. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
}

export interface HttpClientOptions {
  /** Supplies the bearer token for each request. */
  auth: AuthProvider;
  /** API root that the contract's paths are appended to. Default `https://app.propertyme.com/api`. */
  baseUrl?: string | URL;
  /** Time limit for each attempt, headers and body together, in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Requests in flight at once; further calls wait their turn. Default 4. */
  maxConcurrency?: number;
  /** Retry settings for GET requests, or the number of retries after the first attempt. */
  retry?: RetryOptions | number;
  /** The fetch implementation. Default: Node's global fetch, which keeps connections alive for reuse. */
  fetch?: typeof fetch;
  /** Extra headers for every request, such as a proxy's. Cannot replace Authorization or Accept. */
  headers?: Record<string, string>;
  logger?: Logger;
}

/**
 * Request options that stream a list response. `call` accepts them too, so that they pass through
 * the generated API methods unchanged.
 */
export interface RecordStreamOptions extends RequestOptions {
  /**
   * Receives each record of a list (array) response as soon as it is parsed, in order, and the call
   * then resolves to an empty array. A record is never held with the rest of the body, so memory stays
   * bounded by the largest record rather than the whole list. When it returns a promise, reading the
   * body waits for it, so a receiver that writes records more slowly than they arrive can hold the
   * download back.
   */
  onRecord?: (record: unknown) => unknown;
  /**
   * Receives the elements of a list (array) response as the JSON text the server sent, in batches
   * as they arrive, and the call then resolves to an empty array. `values` contains each element
   * parsed with JSON.parse (so int64 values beyond 2^53 are rounded there, not in the text), or
   * undefined for an element that is not valid JSON: the receiver decides what to do with those.
   * When it returns a promise, reading the body waits for it, so a slow receiver slows the
   * download. Takes precedence over `onRecord`.
   */
  onItems?: (items: string[], values: unknown[]) => void | Promise<void>;
  /**
   * Called before a retry that follows delivered records. The receiver must discard them, because
   * the retry delivers the list from its start. Without it, a failure after the first record is
   * thrown, not retried.
   */
  onRestart?: () => void | Promise<void>;
}

/** A streamed list's receiver and how many records it has received in this attempt. */
interface RecordSink {
  onRecord?: (record: unknown) => unknown;
  onItems?: (items: string[], values: unknown[]) => void | Promise<void>;
  delivered: number;
}

/** Wraps an error thrown by `onRecord`, so that it is not mistaken for a network failure. */
class RecordReceiverError {
  constructor(readonly error: unknown) {}
}

/** Counters since the client was created, for reports such as the sync summary. */
export interface HttpStats {
  requests: number;
  retries: number;
  refreshesAfter401: number;
}

export function userAgent(): string {
  return `propertyme/${VERSION} node/${process.versions.node}`;
}

export class HttpClient implements OperationCaller {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  readonly stats: HttpStats = { requests: 0, retries: 0, refreshesAfter401: 0 };
  readonly #auth: AuthProvider;
  readonly #fetch: typeof fetch;
  readonly #limit: ConcurrencyLimit;
  readonly #headers: Record<string, string>;
  readonly #logger: Logger | undefined;

  constructor(options: HttpClientOptions) {
    if (!options || typeof options.auth?.getAccessToken !== 'function') {
      throw new TypeError('HttpClient needs an auth provider with a getAccessToken() method');
    }
    const baseUrl = new URL(String(options.baseUrl ?? DEFAULT_BASE_URL));
    if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') {
      throw new TypeError(`baseUrl must be an http or https URL, not ${baseUrl.href}`);
    }
    this.baseUrl = baseUrl.href.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new TypeError(`timeoutMs must be a positive number, not ${this.timeoutMs}`);
    this.retryPolicy = normaliseRetryOptions(options.retry);
    this.#auth = options.auth;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#limit = new ConcurrencyLimit(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
    this.#headers = { ...options.headers };
    this.#logger = options.logger;
  }

  /**
   * Sends a list operation and passes each record of its array response to `onRecord` as it
   * arrives, parsing the body element by element with the same int64 exactness and mapping as
   * `call`. Reading waits for a promise that `onRecord` returns. Returns the number of records.
   * Retries as `call` does, but only before the first record was delivered unless
   * `options.onRestart` is given.
   */
  async callEach(operation: OperationSpec, params: object, onRecord: (record: unknown) => unknown, options: RecordStreamOptions = {}): Promise<number> {
    if (operation.response.kind !== 'array') throw new TypeError(`callEach needs a list operation, but ${operation.operationId} does not return an array`);
    let count = 0;
    const { onRestart } = options;
    const streaming: RecordStreamOptions = {
      ...options,
      onItems: undefined,
      onRecord: (record) => {
        count++;
        return onRecord(record);
      },
    };
    if (onRestart) {
      streaming.onRestart = () => {
        count = 0;
        return onRestart();
      };
    }
    await this.call(operation, params, streaming);
    return count;
  }

  /**
   * Sends one operation and returns its camelCase result, as `OperationCaller` describes. With
   * `onRecord` (see `RecordStreamOptions`), a list response is streamed to it instead.
   */
  async call(operation: OperationSpec, params: object, options: RecordStreamOptions = {}): Promise<unknown> {
    const isList = operation.response.kind === 'array';
    const onItems = isList && typeof options.onItems === 'function' ? options.onItems : undefined;
    const onRecord = isList && !onItems && typeof options.onRecord === 'function' ? options.onRecord : undefined;
    const sink: RecordSink | undefined = onItems ? { onItems, delivered: 0 } : onRecord ? { onRecord, delivered: 0 } : undefined;
    const request = buildRequest(operation, params);
    const path = request.pathAndQuery.split('?')[0]!;
    const url = this.baseUrl + request.pathAndQuery;
    const retryable = RETRYABLE_METHODS.has(operation.method);
    const started = Date.now();
    let refreshed = false;

    for (let attempt = 1; ; attempt++) {
      let failure: HttpError | NetworkError | TimeoutError;
      let retryAfterMs: number | undefined;
      try {
        const token = await this.#auth.getAccessToken({ signal: options.signal });
        const raw = await this.#limit.run(() => this.#send(operation, url, path, request, token, options, sink));
        if (raw.status === 401 && !refreshed) {
          // The token may have been revoked or may have expired early: refresh once and replay once.
          // A 401 means the request was not carried out, so replaying a write is safe.
          refreshed = true;
          this.stats.refreshesAfter401++;
          this.#logger?.debug('401 received; refreshing the access token once', { operationId: operation.operationId });
          await this.#auth.getAccessToken({ forceRefresh: true, signal: options.signal });
          attempt--;
          continue;
        }
        if (sink && raw.status >= 200 && raw.status <= 299) return [];
        return readResponse(operation, path, raw);
      } catch (error) {
        if (error instanceof RecordReceiverError) throw error.error;
        if (!(error instanceof HttpError || error instanceof NetworkError || error instanceof TimeoutError)) throw error;
        if (options.signal?.aborted) throw error;
        failure = error;
        if (error instanceof HttpError) {
          if (!isRetryableStatus(error.status) || error.reason === 'missing-parameter' || error.reason === 'invalid-response') throw error;
          retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        }
      }

      if (!retryable || attempt >= this.retryPolicy.maxAttempts) throw failure;
      if (sink && sink.delivered > 0 && options.onRestart === undefined) throw failure;
      const delay = retryDelay(this.retryPolicy, attempt, retryAfterMs);
      if (Date.now() + delay - started > this.retryPolicy.totalBudgetMs) throw failure;
      if (sink && sink.delivered > 0) {
        sink.delivered = 0;
        await options.onRestart!();
      }

      this.stats.retries++;
      this.#logger?.debug(`retrying after ${failure.message}`, { operationId: operation.operationId, attempt, delayMs: delay });
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }

  async #send(
    operation: OperationSpec,
    url: string,
    path: string,
    request: ReturnType<typeof buildRequest>,
    token: string,
    options: RequestOptions,
    sink: RecordSink | undefined,
  ): Promise<RawResponse> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    // The whole exchange must finish within the timeout, except a streamed list, whose clock restarts
    // with every chunk and stops while the receiver works.
    const timeout = new IdleTimeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    // Header names are case-insensitive: `Headers.set` replaces `accept` as well as `Accept`, where
    // spreading plain objects would send both and the server would see the values joined.
    const headers = new Headers({ 'User-Agent': userAgent() });
    for (const [name, value] of Object.entries({ ...this.#headers, ...options.headers })) headers.set(name, value);
    headers.set('Accept', 'application/json');
    headers.set('Authorization', `Bearer ${token}`);
    if (request.contentType) headers.set('Content-Type', request.contentType);

    this.stats.requests++;
    this.#logger?.debug(`${operation.method} ${path}`, { operationId: operation.operationId });
    let status: number | undefined;
    try {
      const response = await this.#fetch(url, { method: operation.method, headers, body: request.body, signal });
      status = response.status;
      const head = { status: response.status, statusText: response.statusText, retryAfter: response.headers.get('retry-after') };
      if (sink && response.ok && response.body) {
        await streamRecords(operation, path, response.status, response.body, sink, timeout);
        return { ...head, body: '' };
      }
      return { ...head, body: await response.text() };
    } catch (error) {
      if (error instanceof HttpError || error instanceof RecordReceiverError) throw error;
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      if (timeout.signal.aborted) {
        const wait = sink ? `${timeoutMs} ms without data` : `${timeoutMs} ms`;
        throw new TimeoutError(`${operation.method} ${path} timed out after ${wait}`, { method: operation.method, path, timeoutMs, cause: error });
      }
      // Once the server has sent a status, the URL is right: the connection broke while the body arrived.
      const advice =
        status === undefined
          ? 'Check that the API URL is right and the server is reachable.'
          : `The server had answered ${status}, and the connection broke while the body arrived; run again.`;
      throw new NetworkError(`${operation.method} ${this.baseUrl}${path} failed: ${describeNetworkError(error)}. ${advice}`, {
        method: operation.method,
        path,
        operationId: operation.operationId,
        cause: error,
      });
    } finally {
      timeout.stop();
    }
  }
}

/** Splits a list body into its elements and hands them, or each parsed record, to the sink. */
async function streamRecords(
  operation: OperationSpec,
  path: string,
  status: number,
  body: ReadableStream<Uint8Array>,
  sink: RecordSink,
  timeout: IdleTimeout,
): Promise<void> {
  const splitter = new JsonArraySplitter();
  // The start of the body, for the advice on a body that is HTML.
  let firstChunk: string | undefined;
  const invalid = (error: unknown) =>
    new HttpError(`${operation.method} ${path} returned ${status} with a body that is not a valid JSON array: ${(error as Error).message}.${firstChunk === undefined ? '' : htmlHint(firstChunk)}`, {
      status,
      reason: 'invalid-response',
      operationId: operation.operationId,
      method: operation.method,
      path,
      body: '',
      cause: error,
    });

  for await (const chunk of body) {
    timeout.stop();
    firstChunk ??= Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, 100)).toString('utf8');
    let elements: ArrayElements;
    try {
      elements = splitter.push(chunk);
    } catch (error) {
      throw invalid(error);
    }
    const { texts, values } = elements;
    if (sink.onItems && texts.length > 0) {
      sink.delivered += texts.length;
      try {
        await sink.onItems(texts, values);
      } catch (error) {
        throw new RecordReceiverError(error);
      }
    } else if (!sink.onItems) {
      for (let index = 0; index < texts.length; index++) {
        const record = readArrayItem(operation, path, status, texts[index]!, values[index]);
        sink.delivered++;
        try {
          const waiting = sink.onRecord!(record);
          if (isPromiseLike(waiting)) await waiting;
        } catch (error) {
          throw new RecordReceiverError(error);
        }
      }
    }
    timeout.restart();
  }
  try {
    splitter.end();
  } catch (error) {
    throw invalid(error);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Names the low-level reason of a failed fetch, such as `connection refused (ECONNREFUSED)`. */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_CLOSED: 'connection closed',
  };
  if (code) return `${known[code] ?? cause?.message ?? 'network error'} (${code})`;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}
