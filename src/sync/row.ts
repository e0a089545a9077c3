// Turns one list item, as the JSON text PropertyMe sent, into the row both targets write, and works
// out the entity's next cursor from the items as they pass.
import type { ChangeTracking } from '../client/entities.js';
import { parseWireJson } from '../api/wire-json.js';
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

/**
 * Parses one list item. A record's own `Timestamp` keeps every digit, as a decimal string.
 * @throws {SyntaxError} when the text is not JSON.
 * @throws {TypeError} when it is not an object with a string `Id`.
 */
export function parseItem(spec: TableSpec, text: string): WireRecord {
  const record = JSON.parse(text) as unknown;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new TypeError(`A ${spec.entity} item is not a JSON object: ${text.slice(0, 200)}`);
  }
  const wire = record as WireRecord;
  if (typeof wire.Id !== 'string' || wire.Id === '') throw new TypeError(`A ${spec.entity} record has no Id: ${text.slice(0, 200)}`);

  const timestamp = wire.Timestamp;
  if (typeof timestamp === 'number' && !Number.isSafeInteger(timestamp)) wire.Timestamp = exactTimestamp(text, timestamp);
  return wire;
}

/** Returns the digits of the record's own Timestamp, which JSON.parse read as `parsed`. */
function exactTimestamp(text: string, parsed: number): string | number {
  // Most records name Timestamp once, as `"Timestamp":digits`, so two indexOf calls settle it.
  const key = '"Timestamp":';
  const at = text.indexOf(key);
  if (at !== -1 && text.indexOf(key, at + key.length) === -1) {
    const digits = /^-?\d{16,20}(?=[\s,}])/.exec(text.slice(at + key.length, at + key.length + 24))?.[0];
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

function normalise(type: ColumnType, value: unknown): ColumnValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int64':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? value : typeof value === 'number' && Number.isInteger(value) ? String(value) : null;
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
  /** Ids of every row built since the start or the last `reset`. */
  readonly seen = new Set<string>();
  #highest = 0n;
  #latest: DateText = { text: null, ms: -Infinity };
  #archived: DateText = { text: null, ms: -Infinity };

  constructor(spec: TableSpec, tracking: ChangeTracking, previous: PreviousCursors) {
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

  /** Converts one item. Throws as `parseItem` does. */
  build(text: string, source: ItemSource): Row {
    const record = parseItem(this.#spec, text);
    const row = rowOf(this.#spec, record, text);
    this.seen.add(row.id);
    if (source === 'archived') {
      this.#archived = later(this.#archived, record.ArchivedOn);
    } else if (this.#tracking === 'timestamp') {
      const timestamp = record.Timestamp;
      if ((typeof timestamp === 'string' || typeof timestamp === 'number') && /^\d+$/.test(String(timestamp))) {
        const value = BigInt(timestamp);
        if (value > this.#highest) this.#highest = value;
      }
    } else if (this.#tracking === 'last-updated') {
      this.#latest = later(this.#latest, record.UpdatedOn);
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
