// Prints the field tables and readers that src/api/wire-mapping.ts uses to convert records between
// the wire's PascalCase form and the camelCase models.
import { refName, type SchemaObject } from './contract.js';
import { emitRecordReaders } from './emit-readers.js';
import { isInt64, type ContractModel } from './model.js';

/** Field kinds understood by the runtime mapper; keep in step with `FieldKind` in wire-mapping.ts. */
const PLAIN = 0;
const INT64 = 1;
const RECORD = 2;
const RECORD_ARRAY = 3;
const INT64_ARRAY = 4;

function fieldEntry(schema: SchemaObject): [number, string?] {
  if (schema.$ref) return [RECORD, refName(schema.$ref)];
  if (isInt64(schema)) return [INT64];
  if (schema.type === 'array' && schema.items?.$ref) return [RECORD_ARRAY, refName(schema.items.$ref)];
  if (schema.type === 'array' && schema.items && isInt64(schema.items)) return [INT64_ARRAY];
  return [PLAIN];
}

export function emitMappers(model: ContractModel, header: string): string {
  const lines: string[] = [];
  for (const definition of model.definitions) {
    if (definition.fields.length === 0) continue;
    lines.push(`  ${JSON.stringify(definition.name)}: {`);
    for (const field of definition.fields) {
      const [kind, target] = fieldEntry(field.schema);
      const entry = [JSON.stringify(field.name), String(kind), ...(target ? [JSON.stringify(target)] : [])];
      lines.push(`    ${JSON.stringify(field.wireName)}: [${entry.join(', ')}],`);
    }
    lines.push('  },');
  }

  const arrays = model.definitions
    .filter((definition) => definition.schema.type === 'array' && definition.schema.items?.$ref)
    .map((definition) => `  ${JSON.stringify(definition.name)}: ${JSON.stringify(refName(definition.schema.items!.$ref!))},`);

  return `${header}import type { FieldTable, RecordReader, RecordReaderHelpers, WireRecord } from '../wire-mapping.js';

/** Per definition: wire name to [camelCase name, field kind, referenced definition]. */
export const fieldTables: Record<string, FieldTable> = {
${lines.join('\n')}
};

/** Definitions that are arrays of another definition, such as \`List_MobContactData_\`. */
export const arrayDefinitions: Record<string, string> = {
${arrays.join('\n')}
};

/** Wire names of every int64 property, whose values the JSON reader keeps exact. */
export const int64FieldNames: readonly string[] = ${JSON.stringify(model.int64Fields)};

${emitRecordReaders(model)}`;
}
