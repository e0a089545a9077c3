// JSON output with int64 values written as bare digits. `Timestamp` values are stored as bigint and
// exceed 2^53, which JSON.stringify cannot write: it throws on bigint. The replacer turns each bigint
// into a marked string and a regex then removes the quotes and markers around the digits.

// U+2063 (invisible separator) does not occur in the generated data, and JSON.stringify writes it
// unescaped, so the marker pattern is unambiguous.
const MARK = '\u2063';
const MARKED_BIGINT = new RegExp(`"${MARK}(-?\\d+)${MARK}"`, 'g');

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${MARK}${value.toString()}${MARK}`;
  // The live service leaves null properties out of its JSON, and so does the sandbox.
  if (value === null) return undefined;
  return value;
}

/** Serialises a value to JSON, writing bigints as integers and leaving out null properties. */
export function toWireJson(value: unknown): string {
  const text = JSON.stringify(value, replacer);
  return text.includes(MARK) ? text.replace(MARKED_BIGINT, '$1') : text;
}

/**
 * Per-record cache of serialised views as UTF-8 bytes. Large collections are built by
 * concatenating cached buffers, so a 15,000-contact response costs one copy instead of 15,000
 * serialisations and a 40 MB string encoding. The cache empties whenever the portfolio revision
 * changes, because a view may include fields of related records.
 */
export class WireJsonCache {
  #revision = -1;
  #views = new Map<string, WeakMap<object, Buffer>>();

  get<T extends object>(revision: number, view: string, record: T, build: (record: T) => unknown): Buffer {
    if (revision !== this.#revision) {
      this.#revision = revision;
      this.#views = new Map();
    }
    let cache = this.#views.get(view);
    if (cache === undefined) {
      cache = new WeakMap();
      this.#views.set(view, cache);
    }
    let bytes = cache.get(record);
    if (bytes === undefined) {
      bytes = Buffer.from(toWireJson(build(record)), 'utf8');
      cache.set(record, bytes);
    }
    return bytes;
  }
}
