// JSON output with int64 values written as bare digits. `Timestamp` values are stored as bigint and
// exceed 2^53, which JSON.stringify cannot write: it throws on bigint. The replacer turns each bigint
// into a marked string and a regex then removes the quotes and markers around the digits.

import { arrayDefinitions, fieldTables } from '../api/generated/mappers.js';

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

/**
 * Returns a copy of a wire record with its properties in the contract's order, nested records
 * included. ServiceStack writes properties in the order its DTOs declare them, which is the order
 * the contract lists them in, so the sandbox does the same.
 */
export function inContractOrder(definition: string, value: unknown): unknown {
  const item = arrayDefinitions[definition];
  if (item !== undefined) return Array.isArray(value) ? value.map((element) => inContractOrder(item, element)) : value;

  const table = fieldTables[definition];
  if (table === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return value;

  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const [wireName, [, kind, target]] of Object.entries(table)) {
    if (!Object.hasOwn(source, wireName)) continue;
    const field = source[wireName];
    if (kind === 2 && target !== undefined) ordered[wireName] = inContractOrder(target, field);
    else if (kind === 3 && target !== undefined && Array.isArray(field)) ordered[wireName] = field.map((element) => inContractOrder(target, element));
    else ordered[wireName] = field;
  }
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(ordered, key)) ordered[key] = source[key];
  }
  return ordered;
}

/** Serialises a value to JSON, writing bigints as integers and leaving out null properties. */
export function toWireJson(value: unknown): string {
  const text = JSON.stringify(value, replacer);
  return text.includes(MARK) ? text.replace(MARKED_BIGINT, '$1') : text;
}

/**
 * Per-record cache of serialised views as UTF-8 bytes. Large collections are written as the cached
 * buffers one after another, so a 15,000-contact response costs no copy in this process instead of
 * 15,000 serialisations and a 40 MB string encoding. Each buffer starts with the comma that
 * separates it from the element before, so a list needs no separate writes for commas. The cache
 * empties whenever the portfolio revision changes, because a view may include fields of related
 * records.
 */
export class WireJsonCache {
  #revision = -1;
  #views = new Map<string, WeakMap<object, Buffer>>();

  /** Returns the JSON of `record` built as the contract definition `view`, such as `MobContactData`. */
  get<T extends object>(revision: number, view: string, record: T, build: (record: T) => unknown): Buffer {
    return this.afterComma(revision, view, record, build).subarray(1);
  }

  /** Returns `,` and then the JSON that `get` returns, for an element after the first of a list. */
  afterComma<T extends object>(revision: number, view: string, record: T, build: (record: T) => unknown): Buffer {
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
      bytes = Buffer.from(`,${toWireJson(inContractOrder(view, build(record)))}`, 'utf8');
      cache.set(record, bytes);
    }
    return bytes;
  }
}
