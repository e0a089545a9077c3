// Prints the TypeScript interfaces for every definition, once with camelCase names for users and
// once with the wire's own names.
import { refName, type SchemaObject } from './contract.js';
import type { ContractModel, DefinitionModel, FieldModel } from './model.js';
import { docComment, propertyKey, typeName } from './names.js';

export type NameStyle = 'camel' | 'wire';

/** Returns the TypeScript type for a schema. Date-times stay ISO 8601 strings; int64 is `bigint`. */
export function typeOf(schema: SchemaObject): string {
  if (schema.$ref) return typeName(refName(schema.$ref));
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');

  switch (schema.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return schema.format === 'int64' ? 'bigint' : 'number';
    case 'number':
      return 'number';
    case 'array': {
      const item = schema.items ? typeOf(schema.items) : 'unknown';
      return /[ |]/.test(item) ? `Array<${item}>` : `${item}[]`;
    }
    case 'object':
    case undefined:
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return `Record<string, ${typeOf(schema.additionalProperties)}>`;
      }
      return 'Record<string, unknown>';
    default:
      return 'unknown';
  }
}

/** Describes the wire form of a value in a doc comment line, where the TypeScript type does not say it. */
export function formatNote(schema: SchemaObject): string | undefined {
  const item = schema.type === 'array' ? schema.items : schema;
  if (!item) return undefined;
  if (item.format === 'date-time') return 'ISO 8601 date-time string, as sent by the API.';
  if (item.type === 'integer' && item.format === 'int64') {
    return 'int64, exposed as `bigint` because live values exceed `Number.MAX_SAFE_INTEGER`.';
  }
  return undefined;
}

function emitField(field: FieldModel, style: NameStyle): string {
  const key = propertyKey(style === 'camel' ? field.name : field.wireName);
  const optional = field.required ? '' : '?';
  const type = typeOf(field.schema) + (field.nullable ? ' | null' : '');
  const doc = docComment([field.schema.description, formatNote(field.schema)], '  ');
  return `${doc}  ${key}${optional}: ${type};\n`;
}

function emitDefinition(definition: DefinitionModel, style: NameStyle): string {
  const name = typeName(definition.name);
  const schema = definition.schema;
  const description = definition.description && definition.description !== definition.name ? definition.description : undefined;
  const doc = docComment([description]);

  if (schema.type === 'array') {
    return `${doc}export type ${name} = ${typeOf(schema)};\n`;
  }
  if (definition.fields.length === 0) {
    return `${doc}export type ${name} = ${typeOf({ ...schema, type: 'object' })};\n`;
  }

  const fields = definition.fields.map((field) => emitField(field, style)).join('');
  // Fields the contract does not list are kept under their camelCase (or wire) names.
  return `${doc}export interface ${name} {\n${fields}  [field: string]: unknown;\n}\n`;
}

export function emitTypes(model: ContractModel, style: NameStyle, header: string): string {
  const intro =
    style === 'camel'
      ? '// The contract\'s definitions with camelCase property names, as the client returns them.\n'
      : '// The contract\'s definitions with the wire\'s PascalCase property names, as the API sends them.\n';
  const body = model.definitions.map((definition) => emitDefinition(definition, style)).join('\n');
  return `${header}${intro}\n${body}`;
}
