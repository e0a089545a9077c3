// Converts records between the wire's PascalCase JSON and the camelCase models, driven by the field
// tables that the generator writes. Fields the contract does not list are kept: their names get the
// same camelCase rule and the original wire name is remembered for the way back.
import { arrayDefinitions, fieldTables, int64FieldNames } from './generated/mappers.js';

/** 0 plain value, 1 int64, 2 nested record, 3 array of records, 4 array of int64. */
export type FieldKind = 0 | 1 | 2 | 3 | 4;
export type FieldTable = Readonly<Record<string, readonly [name: string, kind: FieldKind, definition?: string]>>;

const UNKNOWN_WIRE_NAMES = Symbol('propertyme.unknownWireNames');

// The JSON reader quotes long values of these names wherever they appear, so a field the contract does
// not list for this record but lists as int64 elsewhere (`Timestamp` on `Contact`) is read as int64 too.
const int64Names: ReadonlySet<string> = new Set(int64FieldNames);

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

/** Converts one wire record of the given definition to its camelCase model. */
export function recordFromWire(definition: string, wire: unknown): unknown {
  const arrayItem = arrayDefinitions[definition];
  if (arrayItem !== undefined) return Array.isArray(wire) ? wire.map((item) => recordFromWire(arrayItem, item)) : wire;

  const table = fieldTables[definition];
  if (table === undefined || wire === null || typeof wire !== 'object' || Array.isArray(wire)) return wire;

  const source = wire as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  let unknownNames: Record<string, string> | undefined;

  for (const key in source) {
    const value = source[key];
    const field = table[key];
    if (field === undefined) {
      const name = camelCaseWireName(key);
      result[name] = int64Names.has(key) ? int64FromWire(value) : value;
      (unknownNames ??= {})[name] = key;
      continue;
    }

    const [name, kind, target] = field;
    if (kind === 0 || value === null || value === undefined) result[name] = value;
    else if (kind === 1) result[name] = int64FromWire(value);
    else if (kind === 2) result[name] = recordFromWire(target!, value);
    else if (kind === 3) result[name] = Array.isArray(value) ? value.map((item) => recordFromWire(target!, item)) : value;
    else result[name] = Array.isArray(value) ? value.map(int64FromWire) : value;
  }

  if (unknownNames) Object.defineProperty(result, UNKNOWN_WIRE_NAMES, { value: unknownNames, enumerable: false });
  return result;
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
