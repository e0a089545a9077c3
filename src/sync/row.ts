// Turns one record from the client into the row both targets write.
import type { ColumnType, TableSpec } from './schema.js';

export type ColumnValue = string | number | boolean | null;

export interface Row {
  readonly id: string;
  /** Values of the table's typed columns, in the order of `TableSpec.columns`. */
  readonly values: ColumnValue[];
  /** The whole record as JSON; see {@link recordJson}. */
  readonly data: string;
  /** Whether the record is archived or closed. */
  readonly retired: boolean;
}

/**
 * Serialises a record as stored in the `data` column: the client's camelCase model, with int64
 * values such as `timestamp` written as decimal strings so that no JSON reader rounds them.
 */
export function recordJson(record: Record<string, unknown>): string {
  // Top-level bigints are the common case, and a shallow copy keeps JSON.stringify on its fast path
  // without a replacer. A nested bigint makes it throw, so the replacer handles that rare case.
  const copy: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key];
    copy[key] = typeof value === 'bigint' ? value.toString() : value;
  }
  try {
    return JSON.stringify(copy);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(copy, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

/** Converts a record into a row of `spec`'s table. Throws a TypeError when the record has no string `id`. */
export function toRow(spec: TableSpec, record: Record<string, unknown>): Row {
  const { id, values, retired } = columnsOf(spec, record);
  return { id, values, data: recordJson(record), retired };
}

/**
 * Converts a record into a row as `toRow` does, but rewrites the record's top-level bigint values as
 * decimal strings on the way. Serialising the record itself then needs no copy, so use this only
 * for a record that is dropped afterwards.
 */
export function toRowConsuming(spec: TableSpec, record: Record<string, unknown>): Row {
  const { id, values, retired } = columnsOf(spec, record);
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'bigint') record[key] = value.toString();
  }
  let data: string;
  try {
    data = JSON.stringify(record);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    data = recordJson(record);
  }
  return { id, values, data, retired };
}

function columnsOf(spec: TableSpec, record: Record<string, unknown>): Omit<Row, 'data'> {
  const id = record.id;
  if (typeof id !== 'string' || id === '') throw new TypeError(`A ${spec.entity} record has no id: ${recordJson(record).slice(0, 200)}`);

  const columns = spec.columns;
  const values = new Array<ColumnValue>(columns.length);
  let retired = false;
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]!;
    const value = normalise(column.type, column.value(record));
    values[index] = value;
    if (value !== null && column.name === spec.retiredColumn) retired = true;
  }
  return { id, values, retired };
}

function normalise(type: ColumnType, value: unknown): ColumnValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int64':
      return typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' ? String(value) : null;
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
