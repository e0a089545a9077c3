// Shared helpers of the sandbox tests: contract validation, a cookie-keeping fetch "browser" and
// OAuth request builders. The browser stops at the first redirect that leaves the sandbox origin,
// so the redirect URI (a loopback port with no listener) is never contacted.
import { createHash, randomBytes } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { operations } from '../../src/api/generated/operations.js';
import { contractSchema } from '../../src/api/generated/schemas.js';
import type { OperationSpec } from '../../src/api/operation-spec.js';
import type { Sandbox } from '../../src/sandbox/index.js';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(contractSchema);
const validators = new Map<string, ValidateFunction>();

/** Returns the contract's validator for an operation's response body at a status. */
export function responseValidator(operationId: string, status: number): ValidateFunction {
  const key = `${operationId} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const operation = (operations as Record<string, OperationSpec>)[operationId];
    if (operation === undefined) throw new Error(`Unknown operation ${operationId}`);
    const schema = operation.responseSchemas[String(status)];
    if (schema === undefined) throw new Error(`${operationId} documents no ${status} response`);
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', `"${contractSchema.$id}#/definitions/`)) as object;
    validate = ajv.compile(rebased);
    validators.set(key, validate);
  }
  return validate;
}

/** Checks a body against the contract and returns a readable error list (empty when valid). */
export function contractErrors(operationId: string, status: number, body: unknown): string {
  const validate = responseValidator(operationId, status);
  if (validate(body)) return '';
  return ajv.errorsText(validate.errors?.slice(0, 5), { separator: '\n' });
}

export async function apiGet(sandbox: Sandbox, token: string | undefined, path: string): Promise<{ status: number; text: string; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${sandbox.apiUrl}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

export async function apiSend(sandbox: Sandbox, token: string, method: string, path: string, body: unknown): Promise<{ status: number; text: string; body: unknown }> {
  const response = await fetch(`${sandbox.apiUrl}${path}`, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

/** Minimal browser: keeps cookies per origin and follows redirects within the sandbox origin. */
export class Browser {
  readonly #origin: string;
  readonly #cookies = new Map<string, string>();

  constructor(origin: string) {
    this.#origin = origin;
  }

  /** Fetches `url`, following same-origin redirects; returns the last response and the URL that left the origin, if any. */
  async navigate(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ response: Response; html: string; url: string; external?: URL }> {
    let current = new URL(url, this.#origin);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form === undefined ? undefined : new URLSearchParams(init.form).toString();
    for (let hop = 0; hop < 20; hop += 1) {
      if (current.origin !== this.#origin) return { response: new Response(null), html: '', url: current.href, external: current };
      const headers: Record<string, string> = { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, { method, headers, body, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const index = pair?.indexOf('=') ?? -1;
        if (pair === undefined || index < 0) continue;
        const name = pair.slice(0, index);
        const value = pair.slice(index + 1);
        if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
        else this.#cookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.arrayBuffer();
        current = new URL(location, current);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { response, html: await response.text(), url: current.href };
    }
    throw new Error(`Too many redirects from ${url}`);
  }
}

/** Reads the hidden inputs of the form with the given id (default: the first form) from an HTML page. */
export function hiddenInputs(html: string, formId?: string): Record<string, string> {
  const idPattern = formId === undefined ? '' : `[^>]*id="${formId.replace('.', '\\.')}"`;
  const form = new RegExp(`<form${idPattern}[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
  if (form === undefined) throw new Error(`No form ${formId} in page:\n${html.slice(0, 500)}`);
  const inputs: Record<string, string> = {};
  for (const match of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) inputs[match[1] as string] = match[2] as string;
  return inputs;
}

export function pkcePair(method: 'S256' | 'plain' = 'S256'): { verifier: string; challenge: string; method: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge, method };
}

export function authorizeUrl(sandbox: Sandbox, params: Record<string, string>): string {
  const url = new URL('/connect/authorize', sandbox.authUrl);
  url.search = new URLSearchParams({ response_type: 'code', client_id: sandbox.clientId, redirect_uri: sandbox.redirectUri, ...params }).toString();
  return url.href;
}

export function basicAuth(sandbox: Sandbox): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(sandbox.clientId)}:${encodeURIComponent(sandbox.clientSecret)}`).toString('base64')}`;
}

/** Posts a form to the token, revocation or introspection endpoint with client_secret_basic. */
export async function postForm(sandbox: Sandbox, path: string, form: Record<string, string>, auth: 'basic' | 'post' = 'basic'): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const fields = { ...form };
  if (auth === 'basic') headers['authorization'] = basicAuth(sandbox);
  else Object.assign(fields, { client_id: sandbox.clientId, client_secret: sandbox.clientSecret });
  const response = await fetch(`${sandbox.authUrl}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Runs an authorization-code flow with PKCE against an auto-approving sandbox and returns the token response. */
export async function signIn(sandbox: Sandbox, scope: string, method: 'S256' | 'plain' = 'S256', auth: 'basic' | 'post' = 'basic'): Promise<{ status: number; body: Record<string, unknown> }> {
  const pkce = pkcePair(method);
  const state = randomBytes(8).toString('hex');
  const browser = new Browser(sandbox.url);
  const { external } = await browser.navigate(authorizeUrl(sandbox, { scope, state, code_challenge: pkce.challenge, code_challenge_method: pkce.method }));
  if (external === undefined) throw new Error('The authorization flow did not reach the redirect URI');
  if (external.searchParams.get('state') !== state) throw new Error(`State mismatch in ${external.href}`);
  const code = external.searchParams.get('code');
  if (code === null) throw new Error(`No code in ${external.href}`);
  return postForm(sandbox, '/connect/token', { grant_type: 'authorization_code', code, redirect_uri: sandbox.redirectUri, code_verifier: pkce.verifier }, auth);
}

/** Extracts the `Timestamp` values of a raw JSON text as exact bigints. */
export function rawTimestamps(text: string): bigint[] {
  return [...text.matchAll(/"Timestamp":(-?\d+)/g)].map((match) => BigInt(match[1] as string));
}
