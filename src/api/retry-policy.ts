// When and how long to wait before repeating a failed request. Only GET is ever repeated: PropertyMe
// has no idempotency keys, so a repeated POST, PUT or DELETE could create or change a record twice.

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4; 1 turns retrying off. */
  maxAttempts?: number;
  /** Wait before the second attempt, doubled for each further one, in milliseconds. Default 500. */
  baseDelayMs?: number;
  /** Cap on one computed wait, in milliseconds. Default 20,000. */
  maxDelayMs?: number;
  /** Cap on a wait that the server requests with `Retry-After`, in milliseconds. Default 60,000. */
  maxRetryAfterMs?: number;
  /** Time after the first attempt beyond which no new attempt starts, in milliseconds. Default 120,000. */
  totalBudgetMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  totalBudgetMs: 120_000,
};

export const RETRYABLE_METHODS: ReadonlySet<string> = new Set(['GET']);

/** 501 Not Implemented will not change on a second try; every other 5xx and 429 may. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

export function normaliseRetryOptions(options: RetryOptions | number | undefined): RetryPolicy {
  const given = typeof options === 'number' ? { maxAttempts: options + 1 } : (options ?? {});
  const policy = { ...DEFAULT_RETRY_POLICY, ...given };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${name} must be a non-negative number, not ${value}`);
  }
  if (policy.maxAttempts < 1) throw new TypeError(`retry.maxAttempts must be at least 1, not ${policy.maxAttempts}`);
  return policy;
}

/**
 * Reads `Retry-After` in either form RFC 9110 section 10.2.3 allows: delay seconds or an HTTP-date.
 * Returns milliseconds, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;

  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Returns the wait before attempt `attempt + 1` (attempt counts from 1): the server's `Retry-After`
 * when given, capped, otherwise exponential backoff with full jitter.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
