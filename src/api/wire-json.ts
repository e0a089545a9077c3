// JSON reading and writing that keeps int64 values exact. PropertyMe's `Timestamp` values are about 18
// digits long, beyond the 2^53 that a JavaScript number holds, and JSON.parse would round them.
import { randomBytes } from 'node:crypto';
import { int64FieldNames } from './generated/mappers.js';

// Matches a contract int64 property whose value has 16 or more digits and quotes the digits, so that
// JSON.parse yields a string that the mapper turns into a bigint. Inside a JSON string a quote is
// always escaped, so `"Name":` can only match a real property name.
const longInt64Pattern = new RegExp(`"(${int64FieldNames.join('|')})"(\\s*:\\s*)(-?\\d{16,})(?=\\s*[,}\\]])`, 'g');

/**
 * Parses a response body, keeping the contract's int64 fields exact as digit strings.
 * NOTE: an int64 field whose name the contract never lists as int64 is parsed as a plain number and
 * may lose precision.
 */
export function parseWireJson(text: string): unknown {
  return JSON.parse(text.replace(longInt64Pattern, '"$1"$2"$3"'));
}

const marker = `\u0000int64:${randomBytes(6).toString('hex')}:`;
const markerPattern = new RegExp(`"${marker.replace('\u0000', '\\\\u0000')}(-?\\d+)"`, 'g');

/** Serialises a request body, writing bigint values as bare JSON integers. */
export function stringifyWireJson(value: unknown): string {
  let sawBigint = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'bigint') return item;
    sawBigint = true;
    return `${marker}${item.toString()}`;
  });
  return sawBigint ? text.replace(markerPattern, '$1') : text;
}
