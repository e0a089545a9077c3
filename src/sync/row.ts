// Turns one list item, as the JSON text PropertyMe sent, into the row both targets write, and works
// out the entity's next cursor from the items as they pass.
import type { ChangeTracking } from '../client/entities.js';
import { parseWireJson } from '../api/wire-json.js';
import { singleLine } from '../errors/single-line.js';
import type { ColumnType, TableSpec } from './schema.js';

export type ColumnValue = string | number | boolean | null;

export interface Row {
  readonly id: string;
  /** Values of the table's typed columns, in the order of `TableSpec.columns`. */
  readonly values: ColumnValue[];
  /** The record as PropertyMe sent it: JSON with PropertyMe's field names and every int64 digit. */
  readonly data: string;
  /** Whether the record is archived or closed. */
  readonly retired: boolean;
}

/**
 * Where an item came from: the entity's list, whose records move the cursor, or the archived lots,
 * which move `archivedSince` instead.
 */
export type ItemSource = 'list' | 'archived';

type WireRecord = Record<string, unknown>;

// `Timestamp` with 16 or more digits, which JSON.parse rounds. Inside a JSON string a quote is
// always escaped, so `"Timestamp":` can only be a property name.
const LONG_TIMESTAMP = /"Timestamp"\s*:\s*(-?\d{16,})(?=\s*[,}\]])/g;

/** A list item that cannot become a row; the message completes "PropertyMe's contacts list has ...". */
export class ItemError extends Error {
  override readonly name = 'ItemError';
}

/** Returns the start of an item's text on one line, for messages. */
function excerpt(text: string): string {
  // A pretty-printed item's line breaks and indents become single spaces.
  const flat = singleLine(text).replace(/ {2,}/g, ' ');
  return flat.length <= 200 ? flat : `${flat.slice(0, 200)}...`;
}

/**
 * Parses one list item, or takes `parsed`, the item already read with JSON.parse. A record's own
 * `Timestamp` keeps every digit, as a decimal string.
 * @throws {ItemError} when the text is not JSON, or not an object with a non-empty string `Id`.
 */
export function parseItem(spec: TableSpec, text: string, parsed?: unknown): WireRecord {
  let record = parsed;
  if (record === undefined) {
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new ItemError(`an item that is not valid JSON (${(error as Error).message}): ${excerpt(text)}`);
    }
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new ItemError(`an item that is not a JSON object: ${excerpt(text)}`);
  const wire = record as WireRecord;
  if (typeof wire.Id !== 'string' || wire.Id === '') throw new ItemError(`a record without a string Id: ${excerpt(text)}`);

  const timestamp = wire.Timestamp;
  if (typeof timestamp === 'number' && !Number.isSafeInteger(timestamp)) wire.Timestamp = exactTimestamp(text, timestamp);
  return wire;
}

/** Returns the digits of the record's own Timestamp, which JSON.parse read as `parsed`. */
function exactTimestamp(text: string, parsed: number): string | number {
  // Most records name Timestamp once, as `"Timestamp":digits`, so two indexOf calls settle it. A
  // second name, however it is spaced, sends the record down the slower path below.
  const name = '"Timestamp"';
  const at = text.indexOf(name);
  if (at !== -1 && text[at + name.length] === ':' && text.indexOf(name, at + name.length) === -1) {
    const start = at + name.length + 1;
    const digits = /^-?\d{16,20}(?=[\s,}])/.exec(text.slice(start, start + 24))?.[0];
    if (digits !== undefined && Number(digits) === parsed) return digits;
  }
  let found: string | undefined;
  let ambiguous = false;
  LONG_TIMESTAMP.lastIndex = 0;
  for (let match = LONG_TIMESTAMP.exec(text); match !== null; match = LONG_TIMESTAMP.exec(text)) {
    const digits = match[1]!;
    if (Number(digits) !== parsed) continue;
    if (found !== undefined && found !== digits) ambiguous = true;
    found = digits;
  }
  if (found !== undefined && !ambiguous) return found;
  // Nested records with Timestamps that round to the same number: parse again, keeping all digits.
  const exact = (parseWireJson(text) as WireRecord).Timestamp;
  return typeof exact === 'string' || typeof exact === 'number' ? exact : parsed;
}

/** Converts an item into a row of `spec`'s table. Throws as `parseItem` does. */
export function toRow(spec: TableSpec, text: string): Row {
  return rowOf(spec, parseItem(spec, text), text);
}

function rowOf(spec: TableSpec, record: WireRecord, text: string): Row {
  const columns = spec.columns;
  const values = new Array<ColumnValue>(columns.length);
  let retired = false;
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]!;
    const value = normalise(column.type, column.value(record));
    values[index] = value;
    if (value !== null && column.name === spec.retiredColumn) retired = true;
  }
  return { id: record.Id as string, values, data: text.trim(), retired };
}

const INT64_MAX = 2n ** 63n - 1n;
const FUTURE_MARGIN_MS = 24 * 60 * 60 * 1000;

/** Tells whether `text` is a decimal integer within int64's range. */
function isInt64(text: string): boolean {
  if (!/^-?\d{1,19}$/.test(text)) return false;
  const value = BigInt(text);
  return value <= INT64_MAX && value >= -INT64_MAX - 1n;
}

function normalise(type: ColumnType, value: unknown): ColumnValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int64':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
      return typeof value === 'string' && isInt64(value) ? value : null;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'text':
    case 'date':
      if (typeof value === 'string') return value;
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The cursors stored before this run, or nulls for a complete read. */
export interface PreviousCursors {
  cursor: string | null;
  archivedSince: string | null;
}

/**
 * Converts one entity's items into rows and keeps what the write needs besides: the ids received,
 * the next cursor and, for properties, the latest archive date.
 */
export class RowBuilder {
  readonly #spec: TableSpec;
  readonly #tracking: ChangeTracking;
  readonly #previous: PreviousCursors;
  /** Index of the `timestamp` column in a row's values. */
  readonly #timestampColumn: number;
  /** Ids of every row built since the start or the last `reset`. */
  readonly seen = new Set<string>();
  #highest = 0n;
  #latest: DateText = { text: null, ms: -Infinity };
  #archived: DateText = { text: null, ms: -Infinity };

  constructor(spec: TableSpec, tracking: ChangeTracking, previous: PreviousCursors) {
    this.#timestampColumn = spec.columns.findIndex((column) => column.type === 'int64');
    if (tracking === 'timestamp' && this.#timestampColumn === -1) throw new TypeError(`The ${spec.table} table has no Timestamp column to track`);
    this.#spec = spec;
    this.#tracking = tracking;
    this.#previous = previous;
    this.reset();
  }

  /** Forgets every item: the read starts again from its first one. */
  reset(): void {
    const previous = this.#previous;
    this.seen.clear();
    this.#highest = this.#tracking === 'timestamp' && previous.cursor !== null ? BigInt(previous.cursor) : 0n;
    this.#latest = dateText(this.#tracking === 'last-updated' ? previous.cursor : null);
    this.#archived = dateText(previous.archivedSince);
  }

  /** Converts one item, taking `parsed` as its JSON.parse result when given. Throws as `parseItem` does. */
  build(text: string, source: ItemSource, parsed?: unknown): Row {
    const record = parseItem(this.#spec, text, parsed);
    const row = rowOf(this.#spec, record, text);
    this.seen.add(row.id);
    if (source === 'archived') {
      this.#archived = later(this.#archived, record.ArchivedOn);
    } else if (this.#tracking === 'timestamp') {
      // A value outside int64 cannot be PropertyMe's, and as the cursor it would hide every later change.
      const timestamp = row.values[this.#timestampColumn];
      if (typeof timestamp === 'string' && !timestamp.startsWith('-')) {
        const value = BigInt(timestamp);
        if (value > this.#highest) this.#highest = value;
      }
    } else if (this.#tracking === 'last-updated') {
      // A date more than a day ahead of this machine's clock cannot be a real update, and as the
      // cursor it would hide every change until then.
      const updatedOn = record.UpdatedOn;
      if (typeof updatedOn === 'string' && Date.parse(updatedOn) <= Date.now() + FUTURE_MARGIN_MS) this.#latest = later(this.#latest, updatedOn);
    }
    return row;
  }

  /** The highest Timestamp as digits, the latest `UpdatedOn`, or null for entities without change tracking. */
  get cursor(): string | null {
    if (this.#tracking === 'timestamp') return this.#highest.toString();
    return this.#tracking === 'last-updated' ? this.#latest.text : null;
  }

  /** The latest `ArchivedOn` among archived items and the previous value. */
  get archivedSince(): string | null {
    return this.#archived.text;
  }
}

interface DateText {
  text: string | null;
  ms: number;
}

function dateText(text: string | null): DateText {
  return { text, ms: text === null ? -Infinity : Date.parse(text) };
}

/** Keeps the later instant, compared as instants rather than as text, and its original text. */
function later(current: DateText, value: unknown): DateText {
  if (typeof value !== 'string') return current;
  const ms = Date.parse(value);
  return ms > current.ms ? { text: value, ms } : current;
}
