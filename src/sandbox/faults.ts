import type { ServerResponse } from 'node:http';
import { Random } from './data/random.js';

/** Fault rates for API requests, each a probability from 0 to 1. All default to 0 (off). */
export interface FaultOptions {
  /** Share of requests that get a 500 response. */
  errorRate?: number;
  /** Share of requests that get a 429 response with a `Retry-After` header. */
  tooManyRequestsRate?: number;
  /** Seconds written in `Retry-After`. Default 1. */
  retryAfterSeconds?: number;
  /** Share of requests whose response is delayed by `slowMs`. */
  slowRate?: number;
  /** Delay of slow responses in milliseconds. Default 2000. */
  slowMs?: number;
  /** Share of requests whose connection is closed without any response. */
  dropRate?: number;
  /** Share of responses cut off halfway: the full Content-Length is declared, half the body sent. */
  truncateRate?: number;
  /** Seed of the fault decisions, so a run with the same requests meets the same faults. Default 1. */
  seed?: number;
}

export type FaultKind = 'error' | 'tooManyRequests' | 'drop' | 'truncate';

/** Decides, per API request, which fault (if any) to inject. */
export class FaultInjector {
  #options: Required<FaultOptions>;
  #random: Random;

  constructor(options: FaultOptions = {}) {
    this.#options = normaliseFaults(options);
    this.#random = new Random(this.#options.seed);
  }

  set(options: FaultOptions): void {
    this.#options = normaliseFaults(options);
    this.#random = new Random(this.#options.seed);
  }

  get options(): Readonly<Required<FaultOptions>> {
    return this.#options;
  }

  /** Returns the delay to apply before responding, in milliseconds. */
  delayMs(): number {
    const { slowRate, slowMs } = this.#options;
    return slowRate > 0 && this.#random.next() < slowRate ? slowMs : 0;
  }

  /** Returns the fault to apply to this response, or undefined to respond normally. */
  pick(): FaultKind | undefined {
    const { errorRate, tooManyRequestsRate, dropRate, truncateRate } = this.#options;
    // One draw per kind keeps each rate independent of the others.
    if (dropRate > 0 && this.#random.next() < dropRate) return 'drop';
    if (errorRate > 0 && this.#random.next() < errorRate) return 'error';
    if (tooManyRequestsRate > 0 && this.#random.next() < tooManyRequestsRate) return 'tooManyRequests';
    if (truncateRate > 0 && this.#random.next() < truncateRate) return 'truncate';
    return undefined;
  }
}

function rate(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new TypeError(`Fault option ${name} must be a number from 0 to 1, got ${value}`);
  return value;
}

export function normaliseFaults(options: FaultOptions): Required<FaultOptions> {
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const slowMs = options.slowMs ?? 2000;
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) throw new TypeError(`Fault option retryAfterSeconds must be a non-negative integer, got ${retryAfterSeconds}`);
  if (!Number.isFinite(slowMs) || slowMs < 0) throw new TypeError(`Fault option slowMs must be a non-negative number, got ${slowMs}`);
  return {
    errorRate: rate('errorRate', options.errorRate),
    tooManyRequestsRate: rate('tooManyRequestsRate', options.tooManyRequestsRate),
    retryAfterSeconds,
    slowRate: rate('slowRate', options.slowRate),
    slowMs,
    dropRate: rate('dropRate', options.dropRate),
    truncateRate: rate('truncateRate', options.truncateRate),
    seed: options.seed ?? 1,
  };
}

/** Writes a response, or in its place the chosen fault. */
export function writeWithFault(res: ServerResponse, fault: FaultKind | undefined, retryAfterSeconds: number, status: number, headers: Record<string, string>, body: string | Buffer | Buffer[]): void {
  if (fault === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (fault === 'error') {
    writeJson(res, 500, {}, '{"ResponseStatus":{"ErrorCode":"InternalServerError","Message":"Fault injected by the sandbox"}}');
    return;
  }
  if (fault === 'tooManyRequests') {
    writeJson(res, 429, { 'retry-after': String(retryAfterSeconds) }, '{"ResponseStatus":{"ErrorCode":"TooManyRequests","Message":"Fault injected by the sandbox"}}');
    return;
  }
  if (fault === 'truncate') {
    const bytes = Buffer.concat(bodyParts(body));
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
    return;
  }
  writeJson(res, status, headers, body);
}

export function writeJson(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer | Buffer[]): void {
  const parts = bodyParts(body);
  let length = 0;
  for (const part of parts) length += part.length;
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(length) });
  // Corked, the parts go to the socket in a few writev calls, and none of them is copied here.
  res.cork();
  for (const part of parts) res.write(part);
  res.end();
}

function bodyParts(body: string | Buffer | Buffer[]): Buffer[] {
  if (typeof body === 'string') return [Buffer.from(body, 'utf8')];
  return Array.isArray(body) ? body : [body];
}
