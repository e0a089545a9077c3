// The checking half of an API call: turns a status and body into models, or into an HttpError whose
// message gives the fix.
import { HttpError, type HttpErrorReason } from '../errors/http-error.js';
import type { OperationSpec } from './operation-spec.js';
import { parseRetryAfter } from './retry-policy.js';
import { LongInt64Digits, parseWireJson } from './wire-json.js';
import { recordFromWire, recordFromWireExact, recordsFromWireInPlace } from './wire-mapping.js';

export interface RawResponse {
  status: number;
  statusText: string;
  retryAfter: string | null;
  body: string;
}

/** Converts a 2xx body to the operation's camelCase result; throws HttpError for anything else. */
export function readResponse(operation: OperationSpec, path: string, response: RawResponse): unknown {
  if (response.status < 200 || response.status > 299) throw httpErrorFor(operation, path, response);
  if (response.body.trim() === '') return undefined;

  const shape = operation.response;
  if (shape.kind !== 'record' && shape.kind !== 'array') return parseBody(operation, path, response, parseWireJson);

  // JSON.parse reads the text as it came, and a separate scan, which copies nothing, collects the
  // exact digits of the long int64 values that JSON.parse rounds. Quoting them in the text first
  // would copy the whole body, which for a list of 100,000 contacts is 160 MB.
  // NOTE: for that list this path measured about 1.3x the CPU time of a bare fetch and JSON.parse
  // (bench/client.ts on a shared 2-vCPU machine), short of the 1.10x aimed at. The scan is a second
  // pass over the text, and each record is built again as a camelCase object, which the garbage
  // collector then has to copy.
  const digits = new LongInt64Digits(response.body);
  const models = modelsFromWire(operation, path, response, parseBody(operation, path, response, JSON.parse), digits);
  if (digits.allTaken) return models;

  // The digits did not line up with the records, for example because an int64-named field sits
  // inside an object the mapper keeps as it is. Quoting the digits before parsing handles every case.
  return modelsFromWire(operation, path, response, parseBody(operation, path, response, parseWireJson), undefined);
}

/**
 * Returns advice for a body that starts like HTML, which usually means the API URL names a web page
 * (a sign-in page, a proxy's error page) rather than the API, or an empty string.
 */
export function htmlHint(bodyStart: string): string {
  return bodyStart.trimStart().startsWith('<') ? ' The body is HTML, so the API URL may name a web page rather than the API: check PROPERTYME_API_URL.' : '';
}

function parseBody(operation: OperationSpec, path: string, response: RawResponse, parse: (text: string) => unknown): unknown {
  try {
    return parse(response.body);
  } catch (error) {
    throw new HttpError(
      `${operation.method} ${path} returned ${response.status} with a body that is not valid JSON: ${(error as Error).message}.${htmlHint(response.body.slice(0, 100))}`,
      { status: response.status, reason: 'invalid-response', operationId: operation.operationId, method: operation.method, path, body: response.body, cause: error },
    );
  }
}

function modelsFromWire(operation: OperationSpec, path: string, response: RawResponse, wire: unknown, digits: LongInt64Digits | undefined): unknown {
  const shape = operation.response;
  if (shape.kind === 'record') return digits ? recordFromWireExact(shape.definition, wire, digits) : recordFromWire(shape.definition, wire);
  if (shape.kind !== 'array') return wire;

  if (!Array.isArray(wire)) {
    throw new HttpError(`${operation.method} ${path} returned ${response.status} with a JSON ${typeof wire} where the contract promises an array`, {
      status: response.status, reason: 'invalid-response', operationId: operation.operationId, method: operation.method, path, body: response.body,
    });
  }
  recordsFromWireInPlace(shape.definition, wire, digits);
  return wire;
}

/** Whether the contract documents a 502 for this operation, which PropertyMe uses for a missing parameter. */
export function documentsMissingParameter502(operation: OperationSpec): boolean {
  return Object.hasOwn(operation.responseSchemas, '502');
}

function reasonFor(operation: OperationSpec, status: number): HttpErrorReason {
  if (status === 400) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 502 && documentsMissingParameter502(operation)) return 'missing-parameter';
  if (status >= 500) return 'server-error';
  return 'unexpected-status';
}

function serverMessage(body: string): string | undefined {
  // PropertyMe reuses the success schema for errors; ServiceStack puts its text in ResponseStatus.Message.
  const match = /"Message"\s*:\s*"((?:[^"\\]|\\.){1,300})"/.exec(body);
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return undefined;
  }
}

export function httpErrorFor(operation: OperationSpec, path: string, response: RawResponse): HttpError {
  const { status } = response;
  const reason = reasonFor(operation, status);
  const request = `${operation.method} ${path}`;
  const retryAfterMs = parseRetryAfter(response.retryAfter);
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  const said = serverMessage(response.body);
  const detail = said ? ` The server said: ${said}` : '';
  const required = operation.parameters.filter((parameter) => parameter.required).map((parameter) => parameter.wireName);

  const messages: Record<HttpErrorReason, string> = {
    'bad-request': `${request} was rejected as invalid (400): check the ids, dates and paging values sent.${detail}`,
    unauthorized: `${request} was refused (401 Unauthorized): the access token is missing, expired or revoked. Sign in again.${detail}`,
    forbidden: operation.scope
      ? `${request} was refused (403 Forbidden): the access token does not grant the ${operation.scope} scope this operation needs. Sign in again with ${operation.scope} among the requested scopes (for 'propertyme auth', add it to PROPERTYME_SCOPES).${detail}`
      : `${request} was refused (403 Forbidden): the signed-in account may not use this operation.${detail}`,
    'not-found': `${request} found nothing (404): no record has that id, or it was deleted.${detail}`,
    'rate-limited': `${request} was rate limited (429)${retryAfterSeconds === undefined ? '' : `; the server asked to wait ${retryAfterSeconds} s`}. Retry later or lower the request rate.`,
    'missing-parameter': `${request} returned 502, which PropertyMe uses for a required parameter that was not supplied${required.length ? ` (required: ${required.join(', ')})` : ''}. Check the call's parameters.${detail}`,
    'server-error': `${request} failed on the server (${status} ${response.statusText}).${detail}`,
    'invalid-response': `${request} returned ${status} with a body the client cannot read.`,
    'unexpected-status': `${request} returned unexpected status ${status} ${response.statusText}.${detail}`,
  };

  return new HttpError(messages[reason], {
    status,
    reason,
    operationId: operation.operationId,
    method: operation.method,
    path,
    body: response.body,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}
