// Prints one typed method per operation on the `PropertyMeApi` class, with a parameter interface each.
import { refName, type SchemaObject } from './contract.js';
import type { ContractModel, OperationModel } from './model.js';
import { formatNote, typeOf } from './emit-types.js';
import { docComment, pascalCase, propertyKey, typeName } from './names.js';

function returnType(schema: SchemaObject | undefined): string {
  if (!schema) return 'void';
  return typeOf(schema);
}

function parametersName(operation: OperationModel): string {
  return `${pascalCase(operation.methodName)}Params`;
}

function emitParameters(operation: OperationModel): string {
  const fields = operation.parameters.map((parameter) => {
    const where = parameter.in === 'formData' ? 'form field' : `${parameter.in} parameter`;
    const doc = docComment(
      [parameter.description, `Sent as the ${where} \`${parameter.wireName}\`.`, formatNote(parameter.schema)],
      '  ',
    );
    const optional = parameter.required ? '' : '?';
    return `${doc}  ${propertyKey(parameter.name)}${optional}: ${typeOf(parameter.schema)};\n`;
  });
  if (operation.bodyDefinition) {
    fields.push(
      `  /** The request body, sent as \`${operation.bodyDefinition}\`. */\n  body?: ${typeName(operation.bodyDefinition)};\n`,
    );
  }
  return `export interface ${parametersName(operation)} {\n${fields.join('')}}\n`;
}

function hasRequiredParameter(operation: OperationModel): boolean {
  return operation.parameters.some((parameter) => parameter.required);
}

function emitMethod(operation: OperationModel): string {
  const hasParameters = operation.parameters.length > 0 || operation.bodyDefinition !== undefined;
  const parameters = !hasParameters
    ? ''
    : hasRequiredParameter(operation)
      ? `params: ${parametersName(operation)}, `
      : `params: ${parametersName(operation)} = {}, `;
  const doc = docComment(
    [
      operation.summary ? `${operation.summary.replace(/\.?$/, '.')}` : undefined,
      `\`${operation.method} ${operation.path}\` (operation \`${operation.operationId}\`).`,
      operation.scope ? `Needs the \`${operation.scope}\` scope.` : undefined,
      operation.deprecated ? '@deprecated The contract marks this operation as deprecated.' : undefined,
    ],
    '  ',
  );
  const result = returnType(operation.successSchema);
  return `${doc}  ${operation.methodName}(${parameters}options?: RequestOptions): Promise<${result}> {
    return this.#caller.call(operations.${operation.operationId}, ${hasParameters ? 'params' : '{}'}, options) as Promise<${result}>;
  }
`;
}

export function emitFunctions(model: ContractModel, header: string): string {
  const used = new Set<string>();
  const collect = (schema: SchemaObject | undefined): void => {
    if (!schema) return;
    if (schema.$ref) used.add(typeName(refName(schema.$ref)));
    if (schema.items) collect(schema.items);
  };
  for (const operation of model.operations) {
    collect(operation.successSchema);
    if (operation.bodyDefinition) used.add(typeName(operation.bodyDefinition));
    for (const parameter of operation.parameters) collect(parameter.schema);
  }

  const imports = [...used].sort().join(',\n  ');
  const parameterTypes = model.operations
    .filter((operation) => operation.parameters.length > 0 || operation.bodyDefinition)
    .map(emitParameters)
    .join('\n');
  const methods = model.operations.map(emitMethod).join('\n');

  return `${header}import type { OperationCaller, RequestOptions } from '../operation-spec.js';
import type {
  ${imports},
} from './models.js';
import { operations } from './operations.js';

${parameterTypes}
/**
 * Every operation of the PropertyMe API as a typed method. Parameters and results use the camelCase
 * models; the HTTP layer maps them to and from the wire's PascalCase form.
 */
export class PropertyMeApi {
  readonly #caller: OperationCaller;

  constructor(caller: OperationCaller) {
    this.#caller = caller;
  }

${methods}}
`;
}
