// Prints the operation table: method, path, scope, parameters and response schemas of each operation.
import { refName, type SchemaObject } from './contract.js';
import type { ContractModel, OperationModel } from './model.js';
import { toJsonSchema } from './emit-schemas.js';

/** Describes how the HTTP layer turns a success body into models. */
function responseShape(schema: SchemaObject | undefined): Record<string, string> {
  if (!schema) return { kind: 'none' };
  if (schema.$ref) return { kind: 'record', definition: refName(schema.$ref) };
  if (schema.type === 'array' && schema.items?.$ref) return { kind: 'array', definition: refName(schema.items.$ref) };
  return { kind: 'plain' };
}

function emitOperation(operation: OperationModel): string {
  const spec = {
    operationId: operation.operationId,
    methodName: operation.methodName,
    method: operation.method,
    path: operation.path,
    summary: operation.summary ?? null,
    scope: operation.scope ?? null,
    deprecated: operation.deprecated,
    parameters: operation.parameters.map((parameter) => ({
      name: parameter.name,
      wireName: parameter.wireName,
      in: parameter.in,
      required: parameter.required,
      type: parameter.schema.type ?? null,
      format: parameter.schema.format ?? null,
      enum: parameter.schema.enum ?? null,
    })),
    bodyDefinition: operation.bodyDefinition ?? null,
    response: responseShape(operation.successSchema),
    responseSchemas: Object.fromEntries(
      operation.responses.map((response) => [response.status, toJsonSchema(response.schema, false)]),
    ),
  };
  return `  ${operation.operationId}: ${JSON.stringify(spec)},`;
}

export function emitOperations(model: ContractModel, header: string): string {
  return `${header}import type { OperationSpec } from '../operation-spec.js';

/** Every operation of the contract, keyed by operation id. */
export const operations = {
${model.operations.map(emitOperation).join('\n')}
} as const satisfies Record<string, OperationSpec>;

export type OperationId = keyof typeof operations;
`;
}
