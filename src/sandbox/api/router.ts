import { operations } from '../../api/generated/operations.js';
import type { OperationSpec } from '../../api/operation-spec.js';
import type { Portfolio } from '../data/portfolio.js';
import { toWireJson, type WireJsonCache } from '../json.js';
import { contactHandlers } from './contacts.js';
import { ApiFailure, errorResponse, type ApiHandler, type ApiResponse } from './context.js';
import { inspectionHandlers } from './inspections.js';
import { jobHandlers } from './jobs.js';
import { lotHandlers } from './lots.js';
import { taskHandlers } from './tasks.js';

const handlers: Record<string, ApiHandler> = { ...contactHandlers, ...lotHandlers, ...jobHandlers, ...taskHandlers, ...inspectionHandlers };

interface Route {
  operation: OperationSpec;
  pattern: RegExp;
  /** Lower-case placeholder names in path order. */
  names: string[];
  placeholders: number;
}

/** Builds one route per contract operation. Literal paths sort before templated ones, so `/v1/contacts/agency` wins over `/v1/contacts/{Id}`. */
function buildRoutes(): Route[] {
  const routes = Object.values(operations as Record<string, OperationSpec>).map((operation) => {
    const names: string[] = [];
    const source = operation.path.replace(/[.*+?^${}()|[\]\\]/g, (char) => (char === '{' || char === '}' ? char : `\\${char}`)).replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name.toLowerCase());
      return '([^/]+)';
    });
    // The live service, like other ServiceStack hosts, matches paths case-insensitively.
    return { operation, pattern: new RegExp(`^${source}/?$`, 'i'), names, placeholders: names.length };
  });
  return routes.sort((a, b) => a.placeholders - b.placeholders);
}

const routes = buildRoutes();

/** Result of checking an access token with the identity server. */
export interface TokenCheck {
  scopes: ReadonlySet<string>;
}

export interface ApiRouterOptions {
  portfolio: () => Portfolio;
  cache: WireJsonCache;
  /** Looks up an opaque access token; undefined when it is unknown, revoked or expired. */
  checkToken: (token: string) => Promise<TokenCheck | undefined>;
  now: () => Date;
}

export interface ApiCall {
  method: string;
  /** Path below `/api`, such as `/v1/contacts`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Raw request body text, or undefined when there is none. */
  body: string | undefined;
}

function unauthorised(message: string, error: string): ApiResponse {
  return {
    status: 401,
    body: toWireJson({ ResponseStatus: { ErrorCode: 'Unauthorized', Message: message } }),
    headers: { 'www-authenticate': `Bearer error="${error}", error_description="${message}"` },
  };
}

/**
 * Handles one API call: routes it to its contract operation, checks the bearer token and the scope
 * that the operation's description names, then runs the handler. Handler failures become the
 * documented error statuses with bodies in the success schema's shape.
 */
export async function routeApiCall(options: ApiRouterOptions, call: ApiCall): Promise<ApiResponse> {
  const matches = routes.filter((route) => route.pattern.test(call.path));
  const route = matches.find((candidate) => candidate.operation.method === call.method);
  if (route === undefined) {
    const status = matches.length > 0 ? 405 : 404;
    return jsonError(status, matches.length > 0 ? `Method ${call.method} is not allowed on ${call.path}` : `No operation at ${call.path}`, status === 405 ? 'MethodNotAllowed' : 'NotFound');
  }

  const header = call.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer === undefined) return unauthorised('A bearer access token is required', 'invalid_request');
  const token = await options.checkToken(bearer);
  if (token === undefined) return unauthorised('The access token is invalid or expired', 'invalid_token');
  const scope = route.operation.scope?.toLowerCase();
  if (scope !== undefined && ![...token.scopes].some((granted) => granted.toLowerCase() === scope)) {
    return {
      status: 403,
      body: toWireJson({ ResponseStatus: { ErrorCode: 'Forbidden', Message: `The access token lacks the scope ${scope}` } }),
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
    };
  }

  const handler = handlers[route.operation.operationId];
  if (handler === undefined) {
    return errorResponse(undefined, 501, `The sandbox does not implement ${route.operation.method} ${route.operation.path}`, 'NotImplemented');
  }

  try {
    const values = route.pattern.exec(call.path)?.slice(1) ?? [];
    const pathParams = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(values[index] ?? '')]));
    const query = new Map<string, string>();
    for (const [key, value] of call.query) query.set(key.toLowerCase(), value);
    return handler({ operation: route.operation, portfolio: options.portfolio(), cache: options.cache, pathParams, query, body: parseBody(call.body), now: options.now });
  } catch (error) {
    if (error instanceof ApiFailure) return errorResponse(route.operation, error.status, error.message, errorCodeFor(error.status));
    throw error;
  }
}

function parseBody(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiFailure(400, 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiFailure(400, 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

function errorCodeFor(status: number): string {
  return ({ 400: 'ArgumentException', 404: 'NotFound', 502: 'MissingParameter' } as Record<number, string>)[status] ?? 'Error';
}

function jsonError(status: number, message: string, code: string): ApiResponse {
  return { status, body: toWireJson({ ResponseStatus: { ErrorCode: code, Message: message } }) };
}
