// Prints JSON Schemas (draft-07, as Ajv reads them) for every definition, so tests and the sandbox can
// validate wire-format responses against the contract.
import type { SchemaObject } from './contract.js';
import type { ContractModel } from './model.js';

/** ISO 8601 date-time as .NET writes it: optional fraction, optional `Z` or offset. */
export const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?(Z|[+-]\\d{2}:\\d{2})?$';

export function toJsonSchema(schema: SchemaObject, nullable: boolean): Record<string, unknown> {
  let result: Record<string, unknown>;
  if (schema.$ref) {
    result = { $ref: schema.$ref };
  } else if (schema.type === 'array') {
    result = { type: 'array', items: schema.items ? toJsonSchema(schema.items, false) : {} };
  } else if (schema.type === 'object' || (schema.type === undefined && schema.additionalProperties)) {
    result = { type: 'object' };
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      result.additionalProperties = toJsonSchema(schema.additionalProperties, true);
    }
  } else {
    result = { type: schema.type };
    if (schema.enum) result.enum = schema.enum;
    if (schema.format === 'date-time') result.pattern = DATE_TIME_PATTERN;
  }

  if (!nullable) return result;
  if (result.enum) return { anyOf: [result, { type: 'null' }] };
  if (typeof result.type === 'string') return { ...result, type: [result.type, 'null'] };
  return { anyOf: [result, { type: 'null' }] };
}

export function emitSchemas(model: ContractModel, header: string): string {
  const definitions: Record<string, unknown> = {};
  for (const definition of model.definitions) {
    if (definition.schema.type === 'array') {
      definitions[definition.name] = toJsonSchema({ ...definition.schema, type: 'array' }, false);
      continue;
    }
    const properties: Record<string, unknown> = {};
    for (const field of definition.fields) properties[field.wireName] = toJsonSchema(field.schema, field.nullable);
    const required = definition.fields.filter((field) => field.required).map((field) => field.wireName);
    definitions[definition.name] = {
      type: 'object',
      ...(definition.fields.length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
      ...(definition.schema.additionalProperties && typeof definition.schema.additionalProperties === 'object'
        ? { additionalProperties: toJsonSchema(definition.schema.additionalProperties, true) }
        : {}),
    };
  }

  const document = { $id: 'propertyme-contract', definitions };
  return `${header}// Properties not marked \`x-nullable: false\` may be null; those marked so, or listed as required,
// must be present. Date-times are checked with a pattern so that no format plug-in is needed.

/** JSON Schema document holding every contract definition under \`definitions\`. */
export const contractSchema: { $id: string; definitions: Record<string, Record<string, unknown>> } = ${JSON.stringify(document, null, 2)};
`;
}
