// Prints one straight-line reader per definition for src/api/wire-mapping.ts. A reader builds each
// model in one object literal. For the 100,000 contacts of bench/client.ts the readers used about a
// ninth of the CPU time of a loop over the field table (130 ms against 1,150 ms, 2 vCPU, Node 20).
import { refName, type SchemaObject } from './contract.js';
import { isInt64, type ContractModel } from './model.js';
import { propertyKey, isIdentifier, typeName } from './names.js';

function readerName(definition: string): string {
  return `read${typeName(definition)}`;
}

/** Returns the expression that converts one field, read from `wire`, to its model value. */
function fieldExpression(wireName: string, schema: SchemaObject, int64Names: ReadonlySet<string>, readable: ReadonlySet<string>): string {
  const access = isIdentifier(wireName) ? `wire.${wireName}` : `wire[${JSON.stringify(wireName)}]`;
  // Names the contract lists as int64 anywhere are read exactly wherever they appear, as parseWireJson does.
  const value = int64Names.has(wireName) ? `exactInt64Text(${access})` : access;

  if (isInt64(schema)) return `int64(${access})`;
  if (schema.$ref) {
    const target = refName(schema.$ref);
    return readable.has(target) ? `${readerName(target)}(${value})` : `nestedByName(${JSON.stringify(target)}, ${value})`;
  }
  if (schema.type === 'array' && schema.items?.$ref) {
    const target = refName(schema.items.$ref);
    return readable.has(target) ? `nestedRecords(${value}, ${readerName(target)})` : `nestedArrayByName(${JSON.stringify(target)}, ${value})`;
  }
  if (schema.type === 'array' && schema.items && isInt64(schema.items)) return `int64Array(${value})`;
  return value;
}

/** Returns the source of `createRecordReaders`, for the end of generated/mappers.ts. */
export function emitRecordReaders(model: ContractModel): string {
  const int64Names = new Set(model.int64Fields);
  const definitions = model.definitions.filter((definition) => definition.fields.length > 0);
  const readable = new Set(definitions.map((definition) => definition.name));

  const seen = new Map<string, string>();
  const functions: string[] = [];
  for (const definition of definitions) {
    const reader = readerName(definition.name);
    if (seen.has(reader)) throw new Error(`Definitions ${seen.get(reader)} and ${definition.name} both give the reader name ${reader}`);
    seen.set(reader, definition.name);

    const name = JSON.stringify(definition.name);
    const keys = `keysOf${typeName(definition.name)}`;
    const properties = definition.fields.map((field) => {
      if (field.name === '__proto__') throw new Error(`${definition.name}.${field.wireName} would set the prototype of the model`);
      return `      ${propertyKey(field.name)}: ${fieldExpression(field.wireName, field.schema, int64Names, readable)},`;
    });
    functions.push(`  const ${keys} = keysOf(${name});
  function ${reader}(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const wire = value as WireRecord;
    let index = 0;
    for (const key in wire) if (key !== ${keys}[index++]) return readUnordered(${name}, wire);
    if (index !== ${definition.fields.length}) return readUnordered(${name}, wire);
    return {
${properties.join('\n')}
    };
  }
`);
  }

  const entries = definitions.map((definition) => `    ${propertyKey(definition.name)}: ${readerName(definition.name)},`);
  return `/**
 * Builds one reader per definition. A record whose keys are exactly the contract's, in contract order,
 * becomes its model in one object literal, so V8 gives every model of a definition the same hidden
 * class and the int64 values are taken in document order. Any other record goes to \`readUnordered\`,
 * and a value that is not a record, such as null, is returned as it is.
 */
export function createRecordReaders(helpers: RecordReaderHelpers): Record<string, RecordReader> {
  const { keysOf, readUnordered, nestedRecords, nestedByName, nestedArrayByName, int64, int64Array, exactInt64Text } = helpers;

${functions.join('\n')}
  return {
${entries.join('\n')}
  };
}
`;
}
