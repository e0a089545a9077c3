// Builds sample values from the contract's JSON Schemas: the wire form a server would send, and the
// camelCase model the client is expected to return for it. Shared by the API and client tests.
import { fieldTables } from '../../src/api/generated/mappers.js';
import { contractSchema } from '../../src/api/generated/schemas.js';
import type { ParameterSpec } from '../../src/api/operation-spec.js';
import { camelCase } from '../../scripts/generator/names.js';

export const SAMPLE_INT64 = 638712345678901234n;
export const SAMPLE_DATE_TIME = '2024-05-01T09:30:00Z';
/** A field the contract does not list, added to every sample record to check that it is kept. */
export const UNLISTED_WIRE_FIELD = 'PmAddedField';

/** A sample value in both forms. `wire` keeps int64 values as bigint; serialise it with `toWireText`. */
export interface Sample {
  wire: unknown;
  model: unknown;
}

type JsonSchema = Record<string, unknown>;

const MAX_DEPTH = 3;

function definitionOf(ref: string): [name: string, schema: JsonSchema] {
  const name = ref.replace(/^#\/definitions\//, '');
  const schema = contractSchema.definitions[name];
  if (!schema) throw new Error(`The contract schema has no definition ${name}`);
  return [name, schema];
}

function isInt64Field(definition: string, wireName: string): boolean {
  const kind = fieldTables[definition]?.[wireName]?.[1];
  return kind === 1 || kind === 4;
}

/** Picks the non-null branch of a `type: [X, "null"]` or `anyOf: [X, {type: "null"}]` schema. */
function withoutNull(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.anyOf)) return withoutNull(schema.anyOf[0] as JsonSchema);
  if (Array.isArray(schema.type)) return { ...schema, type: (schema.type as string[]).find((type) => type !== 'null') };
  return schema;
}

function isNullable(schema: JsonSchema): boolean {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).some((branch) => branch.type === 'null');
  return Array.isArray(schema.type) && (schema.type as string[]).includes('null');
}

function sampleRecord(definition: string, schema: JsonSchema, depth: number, addUnlisted: boolean): Sample {
  if (schema.type === 'array') {
    const item = sampleSchema(schema.items as JsonSchema, depth + 1, false);
    return { wire: [item.wire], model: [item.model] };
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const wire: Record<string, unknown> = {};
  const model: Record<string, unknown> = {};
  for (const [wireName, property] of Object.entries(properties)) {
    const sample = isInt64Field(definition, wireName)
      ? sampleInt64(property)
      : depth >= MAX_DEPTH && isNullable(property) && (withoutNull(property).$ref || withoutNull(property).type === 'array')
        ? { wire: null, model: null }
        : sampleSchema(property, depth + 1, false);
    wire[wireName] = sample.wire;
    // Fields listed in the generated field table get their camelCase name; a record without a field table stays as sent.
    model[fieldTables[definition] ? camelCase(wireName) : wireName] = sample.model;
  }
  if (addUnlisted && fieldTables[definition]) {
    wire[UNLISTED_WIRE_FIELD] = 'kept';
    model[camelCase(UNLISTED_WIRE_FIELD)] = 'kept';
  }
  return { wire, model };
}

function sampleInt64(schema: JsonSchema): Sample {
  const plain = withoutNull(schema);
  if (plain.type === 'array') return { wire: [SAMPLE_INT64], model: [SAMPLE_INT64] };
  return { wire: SAMPLE_INT64, model: SAMPLE_INT64 };
}

/**
 * Builds a sample for a schema that may `$ref` the contract. `addUnlisted` adds a field the contract
 * does not list to the outermost record (or to the records of an outermost array).
 */
export function sampleSchema(schema: JsonSchema, depth = 0, addUnlisted = false): Sample {
  const plain = withoutNull(schema);
  if (typeof plain.$ref === 'string') {
    const [name, definition] = definitionOf(plain.$ref);
    return sampleRecord(name, definition, depth, addUnlisted);
  }
  if (Array.isArray(plain.enum)) {
    const value = plain.enum.find((item) => item !== null);
    return { wire: value, model: value };
  }

  switch (plain.type) {
    case 'string': {
      const value = plain.pattern ? SAMPLE_DATE_TIME : 'text';
      return { wire: value, model: value };
    }
    case 'integer':
      return { wire: 7, model: 7 };
    case 'number':
      return { wire: 12.5, model: 12.5 };
    case 'boolean':
      return { wire: true, model: true };
    case 'array': {
      const item = sampleSchema(plain.items as JsonSchema, depth + 1, addUnlisted);
      return { wire: [item.wire], model: [item.model] };
    }
    case 'object': {
      // A dictionary: the mapper leaves its keys as they are.
      if (!plain.additionalProperties) return { wire: {}, model: {} };
      const value = sampleSchema(plain.additionalProperties as JsonSchema, depth + 1, false);
      return { wire: { Key: value.wire }, model: { Key: value.model } };
    }
    default:
      return { wire: null, model: null };
  }
}

/** Serialises a wire sample as a server would, with int64 values as bare integers. */
export function toWireText(wire: unknown): string {
  const marker = '__int64__';
  const text = JSON.stringify(wire, (_key, value: unknown) => (typeof value === 'bigint' ? `${marker}${value}` : value));
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}

/** Rewrites `#/definitions/X` references to point into the contract schema registered with Ajv. */
export function referToContract(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', `"${contractSchema.$id}#/definitions/`));
}

/** A sample argument for one operation parameter, and the text expected on the wire for it. */
export function sampleParameter(parameter: ParameterSpec): { value: unknown; wireText: string } {
  if (parameter.in === 'path') {
    // A space and a slash check that path values are percent-encoded.
    const value = `id 7/${parameter.wireName}`;
    return { value, wireText: value };
  }
  if (parameter.enum) {
    const value = parameter.enum[parameter.enum.length - 1]!;
    return { value, wireText: value };
  }
  switch (parameter.type) {
    case 'integer':
      return parameter.format === 'int64'
        ? { value: SAMPLE_INT64 + 1n, wireText: String(SAMPLE_INT64 + 1n) }
        : { value: 25, wireText: '25' };
    case 'number':
      return { value: 12.5, wireText: '12.5' };
    case 'boolean':
      return { value: true, wireText: 'true' };
    case 'array':
      return { value: ['first', 'second'], wireText: '["first","second"]' };
    default:
      return parameter.format === 'date-time'
        ? { value: SAMPLE_DATE_TIME, wireText: SAMPLE_DATE_TIME }
        : { value: `text-${parameter.wireName}`, wireText: `text-${parameter.wireName}` };
  }
}
