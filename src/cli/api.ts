// `propertyme api`: sends any operation of the contract, with its parameters checked first, and
// prints the response as JSON in the wire form that the contract documents.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { operations } from '../api/generated/operations.js';
import { HttpClient } from '../api/http-client.js';
import type { OperationSpec, ParameterSpec } from '../api/operation-spec.js';
import { parseWireJson, stringifyWireJson } from '../api/wire-json.js';
import { recordFromWire, recordToWire } from '../api/wire-mapping.js';
import { describeJsonSyntaxError } from '../config/json-syntax-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { loadApiAccess } from './client-from-settings.js';
import { renderTable } from './output/table.js';
import { describeTerminal } from './output/terminal.js';

const allOperations: readonly OperationSpec[] = Object.values(operations);

/** An operation found from the command line, with the path parameters read from a concrete path. */
export interface ResolvedOperation {
  operation: OperationSpec;
  /** Values by wire name, from a path such as `/v1/lots/abc/detail` and its query string. */
  values: Map<string, string>;
}

function usageError(message: string, setting: string): ConfigurationError {
  return new ConfigurationError(message, { setting });
}

function signature(operation: OperationSpec): string {
  return `${operation.method} ${operation.path}`;
}

/** Matches a concrete path against a template; returns the placeholder values, or undefined. */
function matchPath(template: string, path: string): { values: Map<string, string>; literals: number } | undefined {
  const templateParts = template.split('/');
  const pathParts = path.replace(/\/+$/, '').split('/');
  if (templateParts.length !== pathParts.length) return undefined;

  const values = new Map<string, string>();
  let literals = 0;
  for (let index = 0; index < templateParts.length; index++) {
    const part = templateParts[index]!;
    const given = pathParts[index]!;
    const placeholder = /^\{(\w+)\}$/.exec(part);
    if (placeholder) {
      if (given === '') return undefined;
      // A template such as `{Id}` given literally fills nothing, so the parameter stays required.
      if (given.toLowerCase() !== part.toLowerCase()) values.set(placeholder[1]!, decodeURIComponent(given));
    } else if (part.toLowerCase() === given.toLowerCase()) {
      literals++;
    } else {
      return undefined;
    }
  }
  return { values, literals };
}

/**
 * Finds an operation by operationId, by method name (any letter case) or by `METHOD /path`, where the
 * path may be a template (`/v1/lots/{Id}`) or a concrete path with a query string
 * (`/v1/lots/0b7e…/detail`, `/v1/lots?Timestamp=0`).
 *
 * @throws {ConfigurationError} naming the value, with similar operations when there are any.
 */
export function resolveOperation(words: readonly string[]): ResolvedOperation {
  const given = words.join(' ').trim();
  const byId = (operations as Record<string, OperationSpec>)[given];
  if (byId) return { operation: byId, values: new Map() };

  const byName = allOperations.find((operation) => operation.methodName.toLowerCase() === given.toLowerCase());
  if (byName) return { operation: byName, values: new Map() };

  const request = /^([A-Za-z]+)\s+(\/\S*)$/.exec(given);
  if (request) {
    const method = request[1]!.toUpperCase();
    const [path, query = ''] = request[2]!.split('?', 2) as [string, string?];
    const candidates = allOperations
      .map((operation) => ({ operation, match: matchPath(operation.path, path) }))
      .filter((candidate) => candidate.match !== undefined);
    const sameMethod = candidates.filter((candidate) => candidate.operation.method === method);

    if (sameMethod.length > 0) {
      // `/v1/lots/archived` matches both `/v1/lots/archived` and `/v1/lots/{Id}`: the literal wins.
      const best = sameMethod.reduce((a, b) => (b.match!.literals > a.match!.literals ? b : a));
      const values = best.match!.values;
      for (const [name, value] of new URLSearchParams(query)) values.set(name, value);
      return { operation: best.operation, values };
    }
    if (candidates.length > 0) {
      const methods = [...new Set(candidates.map((candidate) => candidate.operation.method))].join(', ');
      throw usageError(`${method} ${path} is not an operation of the API; that path takes ${methods}`, '<operation>');
    }
  }

  const needle = given.toLowerCase();
  const similar = allOperations
    .filter((operation) => operation.methodName.toLowerCase().includes(needle) || operation.path.toLowerCase().includes(needle))
    .slice(0, 5)
    .map((operation) => `${operation.methodName} (${signature(operation)})`);
  const hint = similar.length > 0 ? `; similar: ${similar.join(', ')}` : '';
  throw usageError(`unknown operation "${given}"${hint}. Run \`propertyme api --list\` to see all ${allOperations.length}`, '<operation>');
}

/** Converts one text value to the parameter's contract type. */
export function convertParameter(operation: OperationSpec, parameter: ParameterSpec, raw: string): unknown {
  const fail = (expected: string) => usageError(`parameter ${parameter.wireName} of ${operation.methodName} must be ${expected}, not "${raw}"`, '-p');

  if (parameter.type === 'integer') {
    if (!/^-?\d+$/.test(raw)) throw fail('an integer');
    if (parameter.format === 'int64') return BigInt(raw);
    const value = Number(raw);
    const outOfRange = parameter.format === 'int32' ? value < -(2 ** 31) || value > 2 ** 31 - 1 : !Number.isSafeInteger(value);
    if (outOfRange) throw fail(parameter.format === 'int32' ? 'a 32-bit integer' : 'a safe integer');
    return value;
  }
  if (parameter.type === 'number') {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw fail('a number');
    return value;
  }
  if (parameter.type === 'boolean') {
    if (/^true$/i.test(raw)) return true;
    if (/^false$/i.test(raw)) return false;
    throw fail('true or false');
  }
  if (parameter.type === 'array') {
    if (raw.trim().startsWith('[')) {
      try {
        const value: unknown = JSON.parse(raw);
        if (Array.isArray(value)) return value;
      } catch {
        // Reported below with the expected forms.
      }
      throw fail('a JSON array or a comma-separated list');
    }
    return raw.split(',').map((item) => item.trim());
  }
  if (parameter.format === 'date-time' && Number.isNaN(Date.parse(raw))) throw fail('an ISO 8601 date-time such as 2026-01-31T00:00:00Z');
  if (parameter.enum && !parameter.enum.includes(raw)) throw fail(`one of ${parameter.enum.join(', ')}`);
  return raw;
}

function findParameter(operation: OperationSpec, name: string): ParameterSpec | undefined {
  const lower = name.toLowerCase();
  return operation.parameters.find((parameter) => parameter.wireName.toLowerCase() === lower || parameter.name.toLowerCase() === lower);
}

function parameterList(operation: OperationSpec, filter: (parameter: ParameterSpec) => boolean = () => true): string {
  const names = operation.parameters.filter(filter).map((parameter) => `${parameter.wireName}${parameter.required ? ' (required)' : ''}`);
  return names.length > 0 ? names.join(', ') : 'none';
}

/**
 * Merges the request body, the values read from the path and the `-p` values into the params object
 * that `HttpClient.call` takes, converting each by its contract type. `-p` values win over the path,
 * which wins over the body.
 *
 * @throws {ConfigurationError} for an unknown parameter, a value of the wrong type or a missing
 *   required parameter, naming it and listing the valid ones.
 */
export function buildParams(operation: OperationSpec, pathValues: Map<string, string>, pairs: readonly string[], body: unknown): Record<string, unknown> {
  const params: Record<string, unknown> = {};

  if (body !== undefined) Object.assign(params, bodyParams(operation, body));

  const textValues = new Map(pathValues);
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator < 1) throw usageError(`-p expects name=value, not "${pair}"`, '-p');
    textValues.set(pair.slice(0, separator).trim(), pair.slice(separator + 1));
  }
  for (const [name, raw] of textValues) {
    const parameter = findParameter(operation, name);
    if (parameter === undefined) {
      throw usageError(`${operation.methodName} (${signature(operation)}) has no parameter "${name}"; its parameters are: ${parameterList(operation)}`, '-p');
    }
    params[parameter.name] = convertParameter(operation, parameter, raw);
  }

  const missing = operation.parameters.filter((parameter) => parameter.required && params[parameter.name] === undefined);
  if (missing.length > 0) {
    const names = missing.map((parameter) => parameter.wireName);
    const inBody = missing.some((parameter) => parameter.in === 'body');
    throw usageError(
      `${operation.methodName} (${signature(operation)}) is missing required parameter${names.length > 1 ? 's' : ''} ${names.join(', ')}; give ${names.length > 1 ? 'them' : 'it'} with -p ${names[0]}=VALUE${inBody ? ' or in --body' : ''}`,
      '-p',
    );
  }
  return params;
}

/** Maps a wire-form JSON body onto the operation: a whole-body definition or its body fields. */
function bodyParams(operation: OperationSpec, body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw usageError('--body must contain a JSON object', '--body');
  if (operation.bodyDefinition) return { body: recordFromWire(operation.bodyDefinition, body) };

  const isBodyField = (parameter: ParameterSpec) => parameter.in === 'body' || parameter.in === 'formData';
  if (!operation.parameters.some(isBodyField)) throw usageError(`${operation.methodName} (${signature(operation)}) takes no request body`, '--body');

  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const parameter = findParameter(operation, key);
    if (parameter === undefined || !isBodyField(parameter)) {
      throw usageError(`--body field "${key}" is not a body field of ${operation.methodName}; its body fields are: ${parameterList(operation, isBodyField)}`, '--body');
    }
    // The JSON reader leaves long int64 values as digit strings, which the request builder accepts.
    params[parameter.name] = parameter.format === 'int64' && typeof value === 'number' ? BigInt(value) : value;
  }
  return params;
}

/** Converts a camelCase result back to the wire form, so the output matches the contract's names. */
function responseToWire(operation: OperationSpec, result: unknown): unknown {
  const shape = operation.response;
  if (shape.kind === 'record') return recordToWire(shape.definition, result);
  if (shape.kind === 'array' && Array.isArray(result)) return result.map((item) => recordToWire(shape.definition, item));
  return result;
}

async function readBody(source: string): Promise<unknown> {
  const name = source === '-' ? '(standard input)' : source;
  let content: string;
  try {
    content = source === '-' ? await text(process.stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read --body ${name}: ${(error as Error).message}. Give a JSON file, or - for standard input.`, {
      setting: '--body',
      cause: error,
    });
  }

  try {
    return parseWireJson(content);
  } catch (error) {
    // The SyntaxError is not kept as the cause, because its message quotes part of the input.
    throw new ConfigurationError(`--body ${name} is not valid JSON: ${describeJsonSyntaxError(content, error)}`, { setting: '--body' });
  }
}

function listOperations(): void {
  const stdout = describeTerminal(process.stdout);
  const rows = [...allOperations]
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
    .map((operation) => [operation.methodName, operation.method, operation.path, operation.scope ?? '', operation.operationId]);
  process.stdout.write(renderTable(['method name', 'method', 'path', 'scope', 'operation id'], rows, { maxWidth: stdout.columns, colour: stdout.colour }));
}

interface ApiOptions {
  param?: string[];
  body?: string;
  list?: boolean;
}

async function runApi(words: string[], options: ApiOptions): Promise<void> {
  if (options.list) return listOperations();
  if (words.length === 0) throw usageError('give an operation: an operationId, a method name or METHOD /path. Run `propertyme api --list` to see them', '<operation>');

  const { operation, values } = resolveOperation(words);
  const body = options.body === undefined ? undefined : await readBody(options.body);
  const params = buildParams(operation, values, options.param ?? [], body);

  const http = new HttpClient(await loadApiAccess());
  const result = await http.call(operation, params);
  if (result === undefined) return;

  process.stdout.write(`${stringifyWireJson(responseToWire(operation, result), 2)}\n`);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('Send any operation of the PropertyMe API and print the response as JSON.')
    .argument('[operation...]', 'an operationId, a method name such as lotDetail, or METHOD /path such as "GET /v1/lots/{Id}/detail"')
    .option('-p, --param <name=value>', 'a parameter, by its wire name (Id, Timestamp) or camelCase name; repeat for more', collect)
    .option('--body <file>', 'JSON request body read from a file, or - for standard input, with PascalCase field names as in the contract')
    .option('--list', 'list every operation with its method, path and scope')
    .addHelpText(
      'after',
      `
Parameter values are converted to the contract's types: int64 values such as Timestamp stay exact,
booleans are true or false, date-times are ISO 8601. Unknown parameters and missing required ones
are reported before anything is sent. The request body and the printed response use the wire form
of the contract (PascalCase names); int64 values are printed as bare integers.

Examples:
  $ propertyme api changedLot -p Timestamp=0
  $ propertyme api GET /v1/lots/0b7e6a52-1f0c-4a8e-9d55-2f4c8a1b9e01/detail
  $ echo '{"Summary":"Check smoke alarms","Description":"Annual check"}' | propertyme api "POST /v1/tasks" --body -`,
    )
    .action(async (words: string[], options: ApiOptions) => runApi(words, options));
}
