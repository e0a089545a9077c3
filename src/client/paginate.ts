/** Page size for the Offset/Limit endpoints unless the caller chooses one. */
export const DEFAULT_PAGE_SIZE = 100;

export interface PageOptions {
  /** Records requested per page (the `Limit` parameter). Default 100. */
  pageSize?: number;
  /** Records to skip before the first page (the first `Offset`). Default 0. */
  offset?: number;
  signal?: AbortSignal;
}

/**
 * Iterates an Offset/Limit endpoint page by page. PropertyMe returns no total and no next link, so
 * a page shorter than the limit is the last one.
 */
export async function* paginate<T>(
  fetchPage: (offset: number, limit: number) => Promise<T[]>,
  options: PageOptions = {},
): AsyncGenerator<T, void, undefined> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`pageSize must be a positive integer, not ${describe(limit)}`);
  let offset = options.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new TypeError(`offset must be a non-negative integer, not ${describe(offset)}`);

  for (;;) {
    options.signal?.throwIfAborted();
    const page = await fetchPage(offset, limit);
    for (const item of page) {
      // A loop that aborts stops at the next item, not at the end of the page already fetched.
      options.signal?.throwIfAborted();
      yield item;
    }
    if (page.length < limit) return;
    offset += page.length;
  }
}

/** Shows a value in a message, quoting strings so that `'10'` and `10` read differently. */
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Converts a cursor given as bigint, a digit string or a safe integer to bigint. */
export function toTimestamp(value: bigint | string | number): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`A Timestamp must be a bigint, a string of digits or a safe integer, not ${String(value)}`);
}
