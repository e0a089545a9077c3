// JSON text for command output. JSON.stringify throws on bigint, and turning a bigint into a number
// would round PropertyMe's 18-digit `Timestamp` values, so bigints are written as bare integers.
import { randomBytes } from 'node:crypto';

// A NUL character plus random hex chosen at start-up, which no API record is expected to contain. Bigints are
// first written as this marker and their digits, and the quoted marker is then replaced by the digits.
const markerId = randomBytes(6).toString('hex');
const marker = `\u0000bigint:${markerId}:`;
// JSON.stringify escapes the NUL character as the six characters \u0000.
const quotedMarker = new RegExp(`"\\\\u0000bigint:${markerId}:(-?\\d+)"`, 'g');

/**
 * Converts a value to JSON text, writing bigint values as bare JSON integers with every digit kept.
 * `indent` is passed to JSON.stringify; leave it out for one line.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  let sawBigint = false;
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item !== 'bigint') return item;
      sawBigint = true;
      return `${marker}${item.toString()}`;
    },
    indent,
  );
  // JSON.stringify returns undefined for undefined, functions and symbols; output `null` instead.
  if (text === undefined) return 'null';
  return sawBigint ? text.replace(quotedMarker, '$1') : text;
}
