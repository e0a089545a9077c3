import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { staticToken } from '../../src/api/auth-provider.js';
import { PropertyMeApi } from '../../src/api/generated/api.js';
import { operations } from '../../src/api/generated/operations.js';
import { contractSchema } from '../../src/api/generated/schemas.js';
import { HttpClient } from '../../src/api/http-client.js';
import type { OperationSpec } from '../../src/api/operation-spec.js';
import { VERSION } from '../../src/version.js';
import { sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../helpers/local-server.js';
import { referToContract, sampleParameter, sampleSchema, toWireText, type Sample } from './contract-samples.js';

const TOKEN = 'operations-test-token';
const CONTRACT_FILE = fileURLToPath(new URL('../../../shared/propertyme/openapi.json', import.meta.url));
const allOperations = Object.values(operations) as OperationSpec[];

/** Parses JSON with every integer of 16 or more digits read as a digit string, so nothing is rounded. */
function parseExact(text: string): unknown {
  return JSON.parse(text.replace(/(:\s*|\[\s*|,\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** Turns a path template such as `/v1/lots/{Id}` into a pattern that matches any filled-in path. */
function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`);
}

let server: LocalServer;
let responseText = '';
const api = () => new PropertyMeApi(new HttpClient({ auth: staticToken(TOKEN), baseUrl: `${server.url}/api`, retry: 0 }));

before(async () => {
  server = await startLocalServer((_request, response) => sendJson(response, 200, responseText));
});
after(() => server.close());

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(contractSchema);

describe('PropertyMeApi operations', () => {
  test('table lists 86 operations', () => {
    assert.equal(allOperations.length, 86);
  });

  for (const operation of allOperations) {
    test(`${operation.methodName} request and response`, async () => {
      // Arguments: a sample for every parameter, required and optional, and a whole body when the
      // operation takes one.
      const params: Record<string, unknown> = {};
      const expectedText = new Map<string, string>();
      for (const parameter of operation.parameters) {
        const { value, wireText } = sampleParameter(parameter);
        params[parameter.name] = value;
        expectedText.set(parameter.wireName, wireText);
      }
      let bodySample: Sample | undefined;
      if (operation.bodyDefinition) {
        bodySample = sampleSchema({ $ref: `#/definitions/${operation.bodyDefinition}` });
        params.body = bodySample.model;
      }

      const responseSchema = operation.responseSchemas['200'];
      assert.ok(responseSchema, `${operation.operationId} documents no 200 response`);
      const responseSample = sampleSchema(responseSchema as Record<string, unknown>, 0, true);
      responseText = toWireText(responseSample.wire);

      const before = server.requests.length;
      const method = (api() as unknown as Record<string, (params: object) => Promise<unknown>>)[operation.methodName]!;
      assert.equal(typeof method, 'function', `PropertyMeApi has no method ${operation.methodName}`);
      const result = await method.call(api(), params);

      assert.equal(server.requests.length, before + 1, 'expected exactly one request');
      const request = server.requests.at(-1)!;
      checkRequestLine(operation, request, params);
      checkQuery(operation, request, expectedText);
      checkBody(operation, request, params, bodySample);
      checkHeaders(request);

      assert.deepEqual(result, responseSample.model);
      const validate = ajv.compile(referToContract(responseSchema) as object);
      const valid = validate(JSON.parse(responseText));
      assert.ok(valid, `the sample 200 body of ${operation.operationId} fails its schema: ${ajv.errorsText(validate.errors)}`);
    });
  }
});

function checkRequestLine(operation: OperationSpec, request: RecordedRequest, params: Record<string, unknown>): void {
  assert.equal(request.method, operation.method);
  assert.match(request.pathname, templatePattern(`/api${operation.path}`));

  let expectedPath = `/api${operation.path}`;
  for (const parameter of operation.parameters.filter((item) => item.in === 'path')) {
    const placeholder = new RegExp(`\\{${parameter.wireName}\\}`, 'i');
    assert.match(operation.path, placeholder, `path ${operation.path} has no placeholder for ${parameter.wireName}`);
    expectedPath = expectedPath.replace(placeholder, encodeURIComponent(String(params[parameter.name])));
  }
  assert.equal(request.pathname, expectedPath);
}

function checkQuery(operation: OperationSpec, request: RecordedRequest, expectedText: Map<string, string>): void {
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const allowed = new Set(queryParameters.map((parameter) => parameter.wireName));
  for (const name of request.query.keys()) assert.ok(allowed.has(name), `query parameter ${name} is not in the contract`);

  for (const parameter of queryParameters) {
    if (parameter.required) assert.ok(request.query.has(parameter.wireName), `required query parameter ${parameter.wireName} is missing`);
    assert.deepEqual(request.query.getAll(parameter.wireName), [expectedText.get(parameter.wireName)]);
  }
}

function checkBody(operation: OperationSpec, request: RecordedRequest, params: Record<string, unknown>, bodySample: Sample | undefined): void {
  const bodyParameters = operation.parameters.filter((parameter) => parameter.in === 'body');
  const formParameters = operation.parameters.filter((parameter) => parameter.in === 'formData');

  if (formParameters.length > 0) {
    assert.match(String(request.headers['content-type']), /^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(request.body);
    const expected = new Map<string, string>();
    for (const [name, value] of Object.entries((bodySample?.wire ?? {}) as Record<string, unknown>)) expected.set(name, String(value));
    for (const parameter of formParameters) expected.set(parameter.wireName, String(params[parameter.name]));
    assert.deepEqual(new Set(form.keys()), new Set(expected.keys()));
    for (const [name, value] of expected) assert.equal(form.get(name), value, `form field ${name}`);
    return;
  }

  if (operation.method === 'GET') {
    assert.equal(request.body, '');
    assert.equal(request.headers['content-type'], undefined);
    return;
  }

  assert.equal(request.headers['content-type'], 'application/json');
  const body = parseExact(request.body) as Record<string, unknown>;
  const expected: Record<string, unknown> = bodySample ? (parseExact(toWireText(bodySample.wire)) as Record<string, unknown>) : {};
  for (const parameter of bodyParameters) {
    const value = params[parameter.name];
    expected[parameter.wireName] = typeof value === 'bigint' ? value.toString() : value;
  }
  assert.deepEqual(Object.keys(body).sort(), Object.keys(expected).sort());
  assert.deepEqual(body, expected);
}

function checkHeaders(request: RecordedRequest): void {
  assert.equal(request.headers.accept, 'application/json');
  assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(request.headers['user-agent'], `propertyme/${VERSION} node/${process.versions.node}`);
  assert.match(String(request.headers['user-agent']), /^propertyme\/\d+\.\d+\.\d+\S* node\/\d+\.\d+\.\d+$/);
}

describe('operation table', () => {
  test('matches the contract file', (t) => {
    if (!existsSync(CONTRACT_FILE)) {
      t.skip(`contract file not found at ${CONTRACT_FILE}; skipping the comparison`);
      return;
    }
    const contract = JSON.parse(readFileSync(CONTRACT_FILE, 'utf8')) as {
      paths: Record<
        string,
        Record<string, { operationId: string; description?: string; parameters?: Array<{ name: string; in: string; required?: boolean }> }>
      >;
    };

    let seen = 0;
    for (const [path, item] of Object.entries(contract.paths)) {
      for (const [method, entry] of Object.entries(item)) {
        if (method === 'parameters') continue;
        seen++;
        const operation = (operations as Record<string, OperationSpec>)[entry.operationId];
        assert.ok(operation, `operation ${entry.operationId} is missing from the table`);
        assert.equal(operation.method, method.toUpperCase());
        assert.equal(operation.path, path);
        const scope = /scope of (\S+:[a-z]+)/i.exec(entry.description ?? '')?.[1];
        assert.equal(operation.scope, scope === undefined ? null : scope.toLowerCase(), `${entry.operationId}: scope`);

        const placeholders = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!.toLowerCase()));
        const declared = (entry.parameters ?? []).filter((parameter) => parameter.in !== 'header' && parameter.name !== 'body');
        for (const parameter of declared) {
          const spec = operation.parameters.find((candidate) => candidate.wireName === parameter.name);
          assert.ok(spec, `${entry.operationId}: parameter ${parameter.name} is missing`);
          const location = placeholders.has(parameter.name.toLowerCase()) ? 'path' : parameter.in;
          assert.equal(spec.in, location, `${entry.operationId}: location of ${parameter.name}`);
          assert.equal(spec.required, location === 'path' || parameter.required === true, `${entry.operationId}: required flag of ${parameter.name}`);
        }
        assert.equal(operation.parameters.length, declared.length, `${entry.operationId}: parameter count`);
      }
    }
    assert.equal(seen, 86);
  });
});
