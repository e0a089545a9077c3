// The sending half of an API call: checks a params object against the operation's contract entry and
// turns it into a URL and a body. Problems with the arguments are the caller's mistake: TypeError.
import type { OperationSpec, ParameterSpec } from './operation-spec.js';
import { recordToWire } from './wire-mapping.js';
import { stringifyWireJson } from './wire-json.js';

export interface BuiltRequest {
  /** Path with placeholders filled and the query string, relative to the API base URL. */
  pathAndQuery: string;
  body: string | undefined;
  contentType: string | undefined;
}

function describe(operation: OperationSpec, parameter: ParameterSpec): string {
  const where = parameter.in === 'formData' ? 'form field' : `${parameter.in} parameter`;
  return `${operation.methodName}(): parameter ${parameter.name} (${where} ${parameter.wireName})`;
}

/** Converts one parameter value to its wire form, checking its type against the contract. */
function wireValue(operation: OperationSpec, parameter: ParameterSpec, value: unknown): string | number | boolean | bigint | unknown[] {
  const label = describe(operation, parameter);

  if (parameter.type === 'integer') {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return parameter.format === 'int64' ? BigInt(value) : value;
    if (parameter.format === 'int64' && typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
    throw new TypeError(`${label} must be an integer${parameter.format === 'int64' ? ' (bigint, or a string of digits)' : ''}, not ${String(value)}`);
  }
  if (parameter.type === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw new TypeError(`${label} must be a finite number, not ${String(value)}`);
  }
  if (parameter.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    throw new TypeError(`${label} must be true or false, not ${String(value)}`);
  }
  if (parameter.type === 'array') {
    if (Array.isArray(value)) return value;
    throw new TypeError(`${label} must be an array`);
  }

  if (parameter.format === 'date-time' && value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${label} is an invalid Date`);
    return value.toISOString();
  }
  if (typeof value !== 'string') throw new TypeError(`${label} must be a string, not ${typeof value}`);
  if (parameter.enum && !parameter.enum.includes(value)) {
    throw new TypeError(`${label} must be one of ${parameter.enum.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks `params` and builds the path, query string and body of a request. */
export function buildRequest(operation: OperationSpec, params: object): BuiltRequest {
  if (params === null || typeof params !== 'object') {
    throw new TypeError(`${operation.methodName}() expects a params object, not ${params === null ? 'null' : typeof params}`);
  }
  const given = params as Record<string, unknown>;
  const known = new Set(operation.parameters.map((parameter) => parameter.name));
  if (operation.bodyDefinition) known.add('body');
  const unknown = Object.keys(given).filter((name) => !known.has(name) && given[name] !== undefined);
  if (unknown.length > 0) {
    const valid = [...known].join(', ') || 'none';
    throw new TypeError(`${operation.methodName}() does not take ${unknown.join(', ')}; its parameters are: ${valid}`);
  }

  let path = operation.path;
  const query = new URLSearchParams();
  const bodyFields: Record<string, unknown> = {};
  const formFields: Array<[string, string]> = [];

  for (const parameter of operation.parameters) {
    const value = given[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.required) throw new TypeError(`${describe(operation, parameter)} is required`);
      continue;
    }
    const wire = wireValue(operation, parameter, value);

    if (parameter.in === 'path') {
      const text = String(wire);
      if (text === '') throw new TypeError(`${describe(operation, parameter)} must not be empty`);
      path = path.replace(new RegExp(`\\{${parameter.wireName}\\}`, 'i'), encodeURIComponent(text));
    } else if (parameter.in === 'query') {
      query.append(parameter.wireName, String(wire));
    } else if (parameter.in === 'formData') {
      formFields.push([parameter.wireName, String(wire)]);
    } else if (parameter.in === 'body') {
      bodyFields[parameter.wireName] = wire;
    }
  }

  const search = query.toString();
  const pathAndQuery = search ? `${path}?${search}` : path;

  const wholeBody =
    operation.bodyDefinition && given.body !== undefined ? (recordToWire(operation.bodyDefinition, given.body) as object) : undefined;

  if (operation.parameters.some((parameter) => parameter.in === 'formData')) {
    return { pathAndQuery, body: formBody(operation, wholeBody, formFields), contentType: 'application/x-www-form-urlencoded' };
  }

  const hasFields = Object.keys(bodyFields).length > 0;
  if (!wholeBody && !hasFields) {
    // Writes without fields still send an empty JSON object, as ServiceStack expects a body.
    return operation.method === 'GET'
      ? { pathAndQuery, body: undefined, contentType: undefined }
      : { pathAndQuery, body: '{}', contentType: 'application/json' };
  }
  return { pathAndQuery, body: stringifyWireJson({ ...wholeBody, ...bodyFields }), contentType: 'application/json' };
}

/**
 * Encodes the form of an operation that takes form fields. The contract declares such operations as
 * consuming `application/x-www-form-urlencoded` only, so the fields of a whole `body` go into the form
 * as well, and a form field given on its own wins over the body field of the same name.
 */
function formBody(operation: OperationSpec, wholeBody: object | undefined, formFields: Array<[string, string]>): string {
  const form = new URLSearchParams();
  const given = new Set(formFields.map(([name]) => name));
  for (const [name, value] of Object.entries(wholeBody ?? {})) {
    if (given.has(name) || value === undefined || value === null) continue;
    if (typeof value === 'object') {
      throw new TypeError(`${operation.methodName}(): body field ${name} cannot be sent in a form because it is not a plain value`);
    }
    form.append(name, String(value));
  }
  for (const [name, value] of formFields) form.append(name, value);
  return form.toString();
}
