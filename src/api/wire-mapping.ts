// Converts records between the wire's PascalCase JSON and the camelCase models. The generator writes
// a field table and a straight-line reader per definition. Fields the contract does not list are kept:
// their names get the same camelCase rule and the original wire name is remembered for the way back.
import { arrayDefinitions, createRecordReaders, fieldTables, int64FieldNames } from './generated/mappers.js';
import { LONG_INT64_MIN, type LongInt64Digits } from './wire-json.js';

/** 0 plain value, 1 int64, 2 nested record, 3 array of records, 4 array of int64. */
export type FieldKind = 0 | 1 | 2 | 3 | 4;
export type FieldTable = Readonly<Record<string, readonly [name: string, kind: FieldKind, definition?: string]>>;
export type WireRecord = Record<string, unknown>;
/** Converts one wire record of a definition to its model, and returns any other value, such as null, unchanged. */
export type RecordReader = (value: unknown) => unknown;

/** Functions that the generated readers call, passed to `createRecordReaders` in generated/mappers.ts. */
export interface RecordReaderHelpers {
  /** Wire names of a definition's fields in contract order. */
  keysOf(definition: string): readonly string[];
  /** Converts a record whose keys differ from the contract's list or order, visiting them in the record's order. */
  readUnordered(definition: string, wire: WireRecord): object;
  nestedRecords(value: unknown, reader: RecordReader): unknown;
  /** Converts a field that refers to a definition without a reader, such as an array definition. */
  nestedByName(definition: string, value: unknown): unknown;
  nestedArrayByName(definition: string, value: unknown): unknown;
  int64(value: unknown): unknown;
  int64Array(value: unknown): unknown;
  exactInt64Text(value: unknown): unknown;
}

const UNKNOWN_WIRE_NAMES = Symbol('propertyme.unknownWireNames');

// The JSON reader keeps long values of these names exact wherever they appear, so a field the contract
// does not list for this record but lists as int64 elsewhere (`Timestamp` on `Contact`) is read as
// int64 too.
const int64Names: ReadonlySet<string> = new Set(int64FieldNames);

// Set while a response parsed with plain JSON.parse is converted; see `recordFromWireExact`.
let activeDigits: LongInt64Digits | undefined;

type Reverse = Record<string, readonly [wireName: string, kind: FieldKind, definition?: string]>;
const reverseTables = new Map<string, Reverse>();

function reverseTable(definition: string): Reverse | undefined {
  let reverse = reverseTables.get(definition);
  if (reverse) return reverse;
  const table = fieldTables[definition];
  if (!table) return undefined;

  reverse = {};
  for (const [wireName, [name, kind, target]] of Object.entries(table)) reverse[name] = [wireName, kind, target];
  reverseTables.set(definition, reverse);
  return reverse;
}

/** Applies the generator's camelCase rule to a wire name the contract does not list. */
export function camelCaseWireName(name: string): string {
  const match = /^[A-Z]+/.exec(name);
  if (!match) return name;
  const run = match[0];
  if (run.length === 1 || run.length === name.length) return run.toLowerCase() + name.slice(run.length);
  const keep = /[a-z]/.test(name[run.length] ?? '') ? 1 : 0;
  return run.slice(0, run.length - keep).toLowerCase() + name.slice(run.length - keep);
}

/** Converts an int64 read from the wire (a digit string from the JSON reader, or a number) to bigint. */
export function int64FromWire(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

/**
 * Returns the value of an int64-named field as `parseWireJson` would have read it: while a response
 * is converted with `recordFromWireExact`, a number of 16 or more digits becomes its exact digits.
 */
function exactInt64Text(value: unknown): unknown {
  if (activeDigits === undefined || typeof value !== 'number' || !(value >= LONG_INT64_MIN || value <= -LONG_INT64_MIN)) return value;
  return activeDigits.take(value) ?? value;
}

function int64(value: unknown): unknown {
  if (typeof value !== 'number') return int64FromWire(value);
  if (activeDigits !== undefined && (value >= LONG_INT64_MIN || value <= -LONG_INT64_MIN)) {
    const exact = activeDigits.takeBigInt(value);
    if (exact !== undefined) return exact;
  }
  return Number.isInteger(value) ? BigInt(value) : value;
}

function int64Array(value: unknown): unknown {
  return Array.isArray(value) ? value.map(int64FromWire) : value;
}

function nestedRecords(value: unknown, reader: RecordReader): unknown {
  if (!Array.isArray(value)) return value;
  const models: unknown[] = [];
  for (const item of value) models.push(reader(item));
  return models;
}

function nestedArrayByName(definition: string, value: unknown): unknown {
  return Array.isArray(value) ? value.map((item) => recordFromWire(definition, item)) : value;
}

/** Converts a record field by field in its own key order, keeping unknown fields. */
function readUnordered(definition: string, source: WireRecord): object {
  const table = fieldTables[definition]!;
  const result: Record<string, unknown> = {};
  let unknownNames: Record<string, string> | undefined;

  for (const key in source) {
    const isInt64Name = int64Names.has(key);
    const value = isInt64Name ? exactInt64Text(source[key]) : source[key];
    const field = table[key];
    if (field === undefined) {
      const name = camelCaseWireName(key);
      result[name] = isInt64Name ? int64FromWire(value) : value;
      (unknownNames ??= {})[name] = key;
      continue;
    }

    const [name, kind, target] = field;
    if (kind === 0 || value === null || value === undefined) result[name] = value;
    else if (kind === 1) result[name] = int64FromWire(value);
    else if (kind === 2) result[name] = recordFromWire(target!, value);
    else if (kind === 3) result[name] = nestedArrayByName(target!, value);
    else result[name] = int64Array(value);
  }

  if (unknownNames) Object.defineProperty(result, UNKNOWN_WIRE_NAMES, { value: unknownNames, enumerable: false });
  return result;
}

const readers: ReadonlyMap<string, RecordReader> = new Map(
  Object.entries(
    createRecordReaders({
      keysOf: (definition) => Object.keys(fieldTables[definition]!),
      readUnordered,
      nestedRecords,
      nestedByName: recordFromWire,
      nestedArrayByName,
      int64,
      int64Array,
      exactInt64Text,
    }),
  ),
);

/** Converts one wire record of the given definition to its camelCase model. */
export function recordFromWire(definition: string, wire: unknown): unknown {
  const arrayItem = arrayDefinitions[definition];
  if (arrayItem !== undefined) return Array.isArray(wire) ? wire.map((item) => recordFromWire(arrayItem, item)) : wire;

  const reader = readers.get(definition);
  return reader === undefined ? wire : reader(wire);
}

/**
 * Converts records parsed by plain JSON.parse, taking the exact value of each long int64 from
 * `digits` in document order. When `digits.allTaken` is false afterwards, the result may hold
 * rounded or misplaced int64 values and the caller must read the text with `parseWireJson` instead.
 */
export function recordFromWireExact(definition: string, wire: unknown, digits: LongInt64Digits): unknown {
  activeDigits = digits;
  try {
    return recordFromWire(definition, wire);
  } finally {
    activeDigits = undefined;
  }
}

/** Converts each item of a parsed array in place, as `recordFromWireExact` does when `digits` is given. */
export function recordsFromWireInPlace(definition: string, items: unknown[], digits?: LongInt64Digits): void {
  const reader = readers.get(definition);
  if (reader === undefined) {
    for (let index = 0; index < items.length; index++) items[index] = recordFromWire(definition, items[index]);
    return;
  }

  activeDigits = digits;
  try {
    for (let index = 0; index < items.length; index++) items[index] = reader(items[index]);
  } finally {
    activeDigits = undefined;
  }
}

/** Converts a camelCase model of the given definition back to its wire form. */
export function recordToWire(definition: string, model: unknown): unknown {
  const arrayItem = arrayDefinitions[definition];
  if (arrayItem !== undefined) return Array.isArray(model) ? model.map((item) => recordToWire(arrayItem, item)) : model;

  const reverse = reverseTable(definition);
  if (reverse === undefined || model === null || typeof model !== 'object' || Array.isArray(model)) return model;

  const source = model as Record<string | symbol, unknown>;
  const unknownNames = source[UNKNOWN_WIRE_NAMES] as Record<string, string> | undefined;
  const result: Record<string, unknown> = {};

  for (const key of Object.keys(source)) {
    const value = source[key];
    const field = reverse[key];
    if (field === undefined) {
      result[unknownNames?.[key] ?? key.charAt(0).toUpperCase() + key.slice(1)] = value;
      continue;
    }

    const [wireName, kind, target] = field;
    if (kind === 2 && value !== null && value !== undefined) result[wireName] = recordToWire(target!, value);
    else if (kind === 3 && Array.isArray(value)) result[wireName] = value.map((item) => recordToWire(target!, item));
    else result[wireName] = value;
  }
  return result;
}
