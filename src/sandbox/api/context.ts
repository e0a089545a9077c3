import { contractSchema } from '../../api/generated/schemas.js';
import type { OperationSpec } from '../../api/operation-spec.js';
import type { Portfolio } from '../data/portfolio.js';
import { isGuid } from '../data/random.js';
import { toWireJson, type WireJsonCache } from '../json.js';

/** A response the API layer produces; the server writes it, possibly through a fault. */
export interface ApiResponse {
  status: number;
  /** JSON body: text, UTF-8 bytes, or UTF-8 bytes in parts to write one after another. */
  body: string | Buffer | Buffer[];
  headers?: Record<string, string>;
}

/** One API request after routing and authentication. */
export interface ApiRequest {
  operation: OperationSpec;
  portfolio: Portfolio;
  cache: WireJsonCache;
  /** Path placeholders by lower-case name, such as `id`. */
  pathParams: Record<string, string>;
  /** Query parameters by lower-case name; the live service reads them case-insensitively. */
  query: Map<string, string>;
  /** Parsed JSON body of a write, or undefined. */
  body: Record<string, unknown> | undefined;
  /** Clock for UpdatedOn and similar fields. */
  now: () => Date;
}

export type ApiHandler = (request: ApiRequest) => ApiResponse;

/** Error status raised by a handler. The router turns it into a body in the contract's shape. */
export class ApiFailure extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function jsonResponse(status: number, value: unknown): ApiResponse {
  return { status, body: toWireJson(value) };
}

const OPEN_BRACKET = Buffer.from('[');
const CLOSE_BRACKET = Buffer.from(']');

/** Builds a JSON array from cached per-record JSON, the fast path for large collections. */
export function listResponse<T extends object>(request: ApiRequest, view: string, records: Iterable<T>, build: (record: T) => unknown): ApiResponse {
  const { cache, portfolio } = request;
  const parts: Buffer[] = [OPEN_BRACKET];
  for (const record of records) {
    const json = parts.length === 1 ? cache.get(portfolio.revision, view, record, build) : cache.afterComma(portfolio.revision, view, record, build);
    parts.push(json);
  }
  parts.push(CLOSE_BRACKET);
  return { status: 200, body: parts };
}

export function recordResponse<T extends object>(request: ApiRequest, view: string, record: T, build: (record: T) => unknown): ApiResponse {
  return { status: 200, body: request.cache.get(request.portfolio.revision, view, record, build) };
}

/** Returns the path `Id` after checking that it is a GUID (400 otherwise). */
export function pathId(request: ApiRequest): string {
  const id = request.pathParams['id'];
  if (id === undefined || !isGuid(id)) throw new ApiFailure(400, `Invalid id: ${JSON.stringify(id ?? '')} is not a GUID`);
  return id.toLowerCase();
}

export function found<T>(record: T | undefined, kind: string, id: string): T {
  if (record === undefined) throw new ApiFailure(404, `${kind} ${id} not found`);
  return record;
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/** Reads the required `Timestamp` query parameter. A missing one raises `missingStatus`. */
export function timestampParam(request: ApiRequest, missingStatus: number): bigint {
  const raw = request.query.get('timestamp');
  if (raw === undefined || raw === '') throw new ApiFailure(missingStatus, 'Timestamp is required');
  if (!/^\d{1,19}$/.test(raw) || BigInt(raw) > INT64_MAX) throw new ApiFailure(400, `Invalid Timestamp: ${JSON.stringify(raw)} is not an int64`);
  return BigInt(raw);
}

export function booleanParam(request: ApiRequest, name: string): boolean {
  const raw = request.query.get(name.toLowerCase());
  if (raw === undefined || raw === '') return false;
  if (/^(true|1)$/i.test(raw)) return true;
  if (/^(false|0)$/i.test(raw)) return false;
  throw new ApiFailure(400, `Invalid ${name}: ${JSON.stringify(raw)} is not a boolean`);
}

export function guidParam(request: ApiRequest, name: string): string | undefined {
  const raw = request.query.get(name.toLowerCase());
  if (raw === undefined || raw === '') return undefined;
  if (!isGuid(raw)) throw new ApiFailure(400, `Invalid ${name}: ${JSON.stringify(raw)} is not a GUID`);
  return raw.toLowerCase();
}

/** Reads an optional date-time query parameter as epoch milliseconds. */
export function dateParam(request: ApiRequest, name: string): number | undefined {
  const raw = request.query.get(name.toLowerCase());
  if (raw === undefined || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new ApiFailure(400, `Invalid ${name}: ${JSON.stringify(raw)} is not a date-time`);
  return ms;
}

/** Applies the required Offset and Limit parameters. There is no total: a short page is the last. */
export function page<T>(request: ApiRequest, records: readonly T[]): T[] {
  const offset = integerParam(request, 'Offset');
  const limit = integerParam(request, 'Limit');
  if (limit < 1) throw new ApiFailure(400, 'Limit must be at least 1');
  return records.slice(offset, offset + limit);
}

function integerParam(request: ApiRequest, name: string): number {
  const raw = request.query.get(name.toLowerCase());
  if (raw === undefined || raw === '') throw new ApiFailure(400, `${name} is required`);
  if (!/^\d{1,9}$/.test(raw)) throw new ApiFailure(400, `Invalid ${name}: ${JSON.stringify(raw)} is not a non-negative int32`);
  return Number(raw);
}

/** Reads a string field of a write's JSON body; `required` fields raise 400 when missing or empty. */
export function bodyString(request: ApiRequest, name: string, required: boolean): string | undefined {
  const value = request.body?.[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw new ApiFailure(400, `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiFailure(400, `Invalid ${name}: expected a string`);
  return value;
}

export function bodyGuid(request: ApiRequest, name: string, required: boolean): string | undefined {
  const value = bodyString(request, name, required);
  if (value !== undefined && !isGuid(value)) throw new ApiFailure(400, `Invalid ${name}: ${JSON.stringify(value)} is not a GUID`);
  return value?.toLowerCase();
}

export function bodyDate(request: ApiRequest, name: string, required: boolean): string | undefined {
  const value = bodyString(request, name, required);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiFailure(400, `Invalid ${name}: ${JSON.stringify(value)} is not a date-time`);
  return new Date(ms).toISOString();
}

export function bodyInteger(request: ApiRequest, name: string, required: boolean): number | undefined {
  const value = request.body?.[name];
  if (value === undefined || value === null) {
    if (required) throw new ApiFailure(400, `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ApiFailure(400, `Invalid ${name}: expected an integer`);
  return value;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * Builds an error body for an operation. The contract documents error responses with the success
 * schema, so a list operation returns `[]` and a record operation returns an object with the
 * definition's required properties at neutral values, plus `ResponseStatus` where the definition
 * has one.
 */
export function errorResponse(operation: OperationSpec | undefined, status: number, message: string, errorCode: string): ApiResponse {
  if (operation?.response.kind === 'array') return { status, body: '[]' };
  const definition = operation?.response.kind === 'record' ? contractSchema.definitions[operation.response.definition] : undefined;
  const body: Record<string, unknown> = {};
  const properties = (definition?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const name of (definition?.['required'] ?? []) as string[]) body[name] = neutralValue(properties[name] ?? {});
  if (definition === undefined || 'ResponseStatus' in properties) body['ResponseStatus'] = { ErrorCode: errorCode, Message: message };
  if ('IsSuccessful' in properties) body['IsSuccessful'] = false;
  return { status, body: toWireJson(body) };
}

function neutralValue(schema: Record<string, unknown>): unknown {
  const types = ([] as unknown[]).concat(schema['type'] ?? 'string');
  if (types.includes('boolean')) return false;
  if (types.includes('integer') || types.includes('number')) return 0;
  if (types.includes('array')) return [];
  if (types.includes('object') || '$ref' in schema) return {};
  if (typeof schema['pattern'] === 'string') return '0001-01-01T00:00:00';
  return ZERO_GUID;
}
