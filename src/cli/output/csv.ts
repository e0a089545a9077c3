// CSV as RFC 4180 defines it (https://www.rfc-editor.org/rfc/rfc4180#section-2): records end in CRLF,
// and a field that contains a comma, a double quote, CR or LF is enclosed in double quotes with each
// double quote inside it doubled.
import { cellText } from './cell-value.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** Encodes one field value, quoting it when RFC 4180 requires. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Encodes one record (or the header) as a CSV line, CRLF included. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
