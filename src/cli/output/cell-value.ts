// How one field value reads in a CSV cell or a table cell, where JSON types have no native form.
import { stringifyWireJson } from '../../api/wire-json.js';

/**
 * Converts a field value to the text of one cell: strings as they are, bigint with every digit,
 * booleans as `true`/`false`, nested records and arrays as one line of JSON, and null or a missing
 * value as an empty cell. Date-times are ISO 8601 strings in the models already; a `Date` is written
 * in that form too.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return stringifyWireJson(value);
}
