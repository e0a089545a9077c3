// JSON reading and writing that keeps int64 values exact. PropertyMe's `Timestamp` values are about 18
// digits long, beyond the 2^53 that a JavaScript number holds, and JSON.parse would round them.
import { randomBytes } from 'node:crypto';
import { int64FieldNames } from './generated/mappers.js';

// A contract int64 property whose value has 16 or more digits. Inside a JSON string a quote is always
// escaped, so `"Name":` can only match a real property name, or the end of a key that contains an
// escaped quote. A 16-digit integer is at least 1e15, and an integer written with 15 digits or fewer
// is below it, so the mapper can tell from a parsed number whether this pattern found it.
const int64Names = int64FieldNames.join('|');
const longInt64Pattern = new RegExp(`"(${int64Names})"(\\s*:\\s*)(-?\\d{16,})(?=\\s*[,}\\]])`, 'g');
const longInt64DigitsPattern = new RegExp(`"(?:${int64Names})"\\s*:\\s*(-?\\d{16,})(?=\\s*[,}\\]])`, 'g');

/** Smallest magnitude of an integer written with 16 or more digits, the ones `LongInt64Digits` collects. */
export const LONG_INT64_MIN = 1e15;

/**
 * Parses a response body, keeping the contract's int64 fields exact as digit strings.
 * NOTE: an int64 field whose name the contract never lists as int64 is parsed as a plain number and
 * may lose precision.
 */
export function parseWireJson(text: string): unknown {
  return JSON.parse(text.replace(longInt64Pattern, '"$1"$2"$3"'));
}

/**
 * The digits of every value that `parseWireJson` would quote, in document order, found without
 * copying the text. A reader that walks the plain `JSON.parse` result in document order takes them
 * one by one to restore the values that JSON.parse rounded, and checks `allTaken` at the end.
 * NOTE: the check compares values, not positions. It can miss a value hidden from the scan (a key
 * written with `\u` escapes, or a number in exponent form) paired with a value the reader never
 * visits, if the two rounded to the same double.
 */
export class LongInt64Digits {
  readonly #digits: string[] = [];
  #next = 0;
  #mismatch = false;

  constructor(text: string) {
    // exec in a loop, unlike replace or matchAll, allocates only the matches.
    const pattern = new RegExp(longInt64DigitsPattern);
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) this.#digits.push(match[1]!);
  }

  /**
   * Returns the next digits in document order if JSON.parse reads them as `value`. Otherwise returns
   * undefined and marks the list as not lining up with the parsed document.
   */
  take(value: number): string | undefined {
    const digits = this.#digits[this.#next++];
    if (digits !== undefined && Number(digits) === value) return digits;
    this.#mismatch = true;
    return undefined;
  }

  /** Returns the next value in document order as bigint, as `take` does for the digits. */
  takeBigInt(value: number): bigint | undefined {
    const digits = this.#digits[this.#next++];
    if (digits !== undefined) {
      // Converting the bigint rounds as JSON.parse does and costs less than converting the digits again.
      const exact = BigInt(digits);
      if (Number(exact) === value) return exact;
    }
    this.#mismatch = true;
    return undefined;
  }

  /** Whether every value was taken and each matched the number that JSON.parse read at that place. */
  get allTaken(): boolean {
    return !this.#mismatch && this.#next === this.#digits.length;
  }
}

const marker = `\u0000int64:${randomBytes(6).toString('hex')}:`;
const markerPattern = new RegExp(`"${marker.replace('\u0000', '\\\\u0000')}(-?\\d+)"`, 'g');

/**
 * Serialises a value as JSON, writing bigint values as bare JSON integers with every digit kept.
 * `indent` is passed to JSON.stringify; leave it out for one line. A value JSON cannot hold at the
 * top level (undefined, a function) gives `null`.
 */
export function stringifyWireJson(value: unknown, indent?: number): string {
  let sawBigint = false;
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item !== 'bigint') return item;
      sawBigint = true;
      return `${marker}${item.toString()}`;
    },
    indent,
  ) as string | undefined;
  if (text === undefined) return 'null';
  return sawBigint ? text.replace(markerPattern, '$1') : text;
}
