// Turns the Swagger document into the plain description that the emitters print.
import { camelCase, operationName } from './names.js';
import { refName, type OperationObject, type ParameterObject, type SchemaObject, type SwaggerDocument } from './contract.js';

export interface FieldModel {
  wireName: string;
  name: string;
  schema: SchemaObject;
  /** Listed in `required` or marked `x-nullable: false` (a .NET value type, always sent). */
  required: boolean;
  nullable: boolean;
}

export interface DefinitionModel {
  name: string;
  description: string | undefined;
  schema: SchemaObject;
  fields: FieldModel[];
}

export interface ParameterModel {
  wireName: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  required: boolean;
  description: string | undefined;
  schema: SchemaObject;
}

export interface OperationModel {
  operationId: string;
  methodName: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string | undefined;
  scope: string | undefined;
  deprecated: boolean;
  parameters: ParameterModel[];
  /** A body parameter whose schema is a whole definition, sent as the request body. */
  bodyDefinition: string | undefined;
  /** Status code to schema, for every documented response that has one. */
  responses: Array<{ status: string; description: string | undefined; schema: SchemaObject }>;
  successSchema: SchemaObject | undefined;
}

export interface ContractModel {
  definitions: DefinitionModel[];
  operations: OperationModel[];
  int64Fields: string[];
}

// Two operations share a request type name; the generator gives the second a name of its own.
const methodNameOverrides: Record<string, string> = {
  GetContactAlertsRequestlotsIdalertsType_Get: 'getLotAlerts',
};

export function buildModel(document: SwaggerDocument): ContractModel {
  const definitions = Object.keys(document.definitions)
    .sort()
    .map((name) => buildDefinition(name, document.definitions[name]!));

  const operations: OperationModel[] = [];
  for (const path of Object.keys(document.paths).sort()) {
    const item = document.paths[path]!;
    const shared = resolveParameters(document, (item.parameters as ParameterObject[] | undefined) ?? []);
    for (const method of ['get', 'post', 'put', 'delete'] as const) {
      const operation = item[method] as OperationObject | undefined;
      if (operation) operations.push(buildOperation(document, path, method, operation, shared));
    }
  }
  operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
  checkUniqueMethodNames(operations);

  const int64Fields = new Set<string>();
  for (const definition of definitions) {
    for (const field of definition.fields) {
      if (isInt64(field.schema) || (field.schema.type === 'array' && field.schema.items && isInt64(field.schema.items))) {
        int64Fields.add(field.wireName);
      }
    }
  }

  return { definitions, operations, int64Fields: [...int64Fields].sort() };
}

export function isInt64(schema: SchemaObject): boolean {
  return schema.type === 'integer' && schema.format === 'int64';
}

function buildDefinition(name: string, schema: SchemaObject): DefinitionModel {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([wireName, property]) => ({
    wireName,
    name: camelCase(wireName),
    schema: property,
    required: required.has(wireName) || property['x-nullable'] === false,
    nullable: property['x-nullable'] !== false,
  }));

  const names = new Set<string>();
  for (const field of fields) {
    if (names.has(field.name)) throw new Error(`Definition ${name}: two properties map to the name ${field.name}`);
    names.add(field.name);
  }
  return { name, description: schema.description, schema, fields };
}

function resolveParameters(document: SwaggerDocument, parameters: ParameterObject[]): ParameterObject[] {
  return parameters.map((parameter) => {
    if (!parameter.$ref) return parameter;
    const name = parameter.$ref.replace('#/parameters/', '');
    const resolved = document.parameters?.[name];
    if (!resolved) throw new Error(`Unknown parameter reference ${parameter.$ref}`);
    return resolved;
  });
}

function buildOperation(
  document: SwaggerDocument,
  path: string,
  method: 'get' | 'post' | 'put' | 'delete',
  operation: OperationObject,
  shared: ParameterObject[],
): OperationModel {
  const pathNames = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!.toLowerCase()));
  const own = resolveParameters(document, operation.parameters ?? []);
  let bodyDefinition: string | undefined;
  const parameters: ParameterModel[] = [];

  for (const parameter of [...shared, ...own]) {
    // The Accept header is fixed by the HTTP layer; every operation declares it.
    if (parameter.in === 'header' && parameter.name === 'Accept') continue;

    if (parameter.in === 'body' && parameter.schema?.$ref) {
      bodyDefinition = refName(parameter.schema.$ref);
      continue;
    }

    // The contract declares some path placeholders as query parameters (`/v1/tasks/{Id}` takes `Id`
    // "in query"); a value named in the path template always goes into the path.
    const location = pathNames.has(parameter.name.toLowerCase()) ? 'path' : parameter.in;
    const { name: _name, in: _in, required: _required, description, schema, ...rest } = parameter;
    parameters.push({
      wireName: parameter.name,
      name: camelCase(parameter.name),
      in: location,
      required: location === 'path' || parameter.required === true,
      description,
      schema: schema ?? (rest as SchemaObject),
    });
  }

  const responses = Object.entries(operation.responses)
    .filter(([, response]) => response.schema)
    .map(([status, response]) => ({ status, description: response.description, schema: response.schema! }))
    .sort((a, b) => a.status.localeCompare(b.status));
  const success = responses.find((response) => response.status.startsWith('2'));

  // Some descriptions write `Activity:write`. OAuth scopes are case-sensitive, and the identity
  // server's discovery document lists every scope in lower case.
  const scope = /scope of ([a-z-]+:[a-z-]+)/i.exec(operation.description ?? '')?.[1]?.toLowerCase();

  return {
    operationId: operation.operationId,
    methodName: methodNameOverrides[operation.operationId] ?? operationName(operation.operationId, path),
    method: method.toUpperCase() as OperationModel['method'],
    path,
    summary: operation.summary,
    scope,
    deprecated: operation.deprecated === true,
    parameters,
    bodyDefinition,
    responses,
    successSchema: success?.schema,
  };
}

function checkUniqueMethodNames(operations: OperationModel[]): void {
  const seen = new Map<string, string>();
  for (const operation of operations) {
    const other = seen.get(operation.methodName);
    if (other) {
      throw new Error(`Operations ${other} and ${operation.operationId} both map to ${operation.methodName}: add an override`);
    }
    seen.set(operation.methodName, operation.operationId);
  }
}
