import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { operations } from '../../src/api/generated/operations.js';
import { buildParams, resolveOperation } from '../../src/cli/api.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(isConfigurationError(error), `expected a ConfigurationError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a ConfigurationError');
}

describe('resolveOperation', () => {
  test('by operationId', () => {
    const id = operations.LotDetailRequestlotsIddetail_Get?.operationId ?? Object.keys(operations).find((key) => key.startsWith('LotDetail'))!;
    assert.equal(resolveOperation([id]).operation.methodName, 'lotDetail');
  });

  test('by method name in any case', () => {
    assert.equal(resolveOperation(['LOTDETAIL']).operation.path, '/v1/lots/{Id}/detail');
  });

  test('by METHOD and template', () => {
    const { operation, values } = resolveOperation(['GET', '/v1/lots/{Id}/detail']);
    assert.equal(operation.methodName, 'lotDetail');
    assert.equal(values.size, 0);
  });

  test('concrete path fills the id', () => {
    const { operation, values } = resolveOperation(['get /v1/lots/abc%2F1/detail']);
    assert.equal(operation.methodName, 'lotDetail');
    assert.deepEqual([...values], [['Id', 'abc/1']]);
  });

  test('literal segment beats a placeholder', () => {
    assert.equal(resolveOperation(['GET', '/v1/lots/archived']).operation.methodName, 'lotArchived');
    assert.equal(resolveOperation(['GET', '/v1/lots/0b7e']).operation.methodName, 'lot');
  });

  test('query string becomes parameters', () => {
    const { operation, values } = resolveOperation(['GET', '/v1/lots?Timestamp=5']);
    assert.equal(operation.methodName, 'changedLot');
    assert.equal(values.get('Timestamp'), '5');
  });

  test('wrong method names the accepted ones', () => {
    assert.equal(usageMessage(() => resolveOperation(['PUT', '/v1/members'])), 'PUT /v1/members is not an operation of the API; that path takes GET');
  });

  test('unknown name suggests similar ones', () => {
    const message = usageMessage(() => resolveOperation(['lotdetails']));
    assert.match(message, /^unknown operation "lotdetails"\. Run `propertyme api --list` to see all 86$/);
    assert.match(usageMessage(() => resolveOperation(['archived'])), /similar: lotArchived \(GET \/v1\/lots\/archived\)/);
  });
});

describe('buildParams', () => {
  const changedLot = resolveOperation(['changedLot']).operation;
  const lotArchived = resolveOperation(['lotArchived']).operation;
  const addTask = resolveOperation(['addTask']).operation;

  test('int64 becomes an exact bigint', () => {
    assert.deepEqual(buildParams(changedLot, new Map(), ['Timestamp=638600000000000123'], undefined), { timestamp: 638600000000000123n });
  });

  test('camelCase name in any case', () => {
    assert.deepEqual(buildParams(changedLot, new Map(), ['TIMESTAMP=0'], undefined), { timestamp: 0n });
  });

  test('int32 becomes a number', () => {
    assert.deepEqual(buildParams(lotArchived, new Map(), ['Offset=10', 'Limit=5'], undefined), { offset: 10, limit: 5 });
  });

  test('int32 range is checked', () => {
    assert.match(usageMessage(() => buildParams(lotArchived, new Map(), ['Offset=0', 'Limit=2147483648'], undefined)), /Limit of lotArchived must be a 32-bit integer, not "2147483648"$/);
    assert.equal(buildParams(lotArchived, new Map(), ['Offset=-2147483648', 'Limit=2147483647'], undefined).limit, 2147483647);
  });

  test('date-time is checked', () => {
    assert.match(usageMessage(() => buildParams(lotArchived, new Map(), ['Offset=0', 'Limit=10', 'ArchivedSince=yesterday'], undefined)), /ArchivedSince of lotArchived must be an ISO 8601 date-time/);
    assert.equal(buildParams(lotArchived, new Map(), ['Offset=0', 'Limit=10', 'ArchivedSince=2026-01-31T00:00:00Z'], undefined).archivedSince, '2026-01-31T00:00:00Z');
  });

  test('integer rejects text', () => {
    assert.equal(usageMessage(() => buildParams(changedLot, new Map(), ['Timestamp=soon'], undefined)), 'parameter Timestamp of changedLot must be an integer, not "soon"');
  });

  test('boolean is true or false', () => {
    const changedContacts = resolveOperation(['changedContacts']).operation;
    assert.deepEqual(buildParams(changedContacts, new Map(), ['Timestamp=0', 'IncludeArchived=TRUE'], undefined), { timestamp: 0n, includeArchived: true });
    assert.match(usageMessage(() => buildParams(changedContacts, new Map(), ['Timestamp=0', 'IncludeArchived=yes'], undefined)), /must be true or false/);
  });

  test('unknown parameter lists the valid ones', () => {
    assert.equal(
      usageMessage(() => buildParams(changedLot, new Map(), ['Timestamp=0', 'Colour=red'], undefined)),
      'changedLot (GET /v1/lots) has no parameter "Colour"; its parameters are: Timestamp (required)',
    );
  });

  test('missing required parameter is named', () => {
    assert.equal(
      usageMessage(() => buildParams(changedLot, new Map(), [], undefined)),
      'changedLot (GET /v1/lots) is missing required parameter Timestamp; give it with -p Timestamp=VALUE',
    );
  });

  test('pair without = is rejected', () => {
    assert.equal(usageMessage(() => buildParams(changedLot, new Map(), ['Timestamp'], undefined)), '-p expects name=value, not "Timestamp"');
  });

  test('body fields by wire name, -p wins', () => {
    const params = buildParams(addTask, new Map(), ['Summary=From -p'], { Summary: 'From body', Description: 'Check smoke alarms' });
    assert.equal(params.summary, 'From -p');
    assert.equal(params.description, 'Check smoke alarms');
  });

  test('missing body field points to --body', () => {
    assert.match(usageMessage(() => buildParams(addTask, new Map(), [], { Summary: 'x' })), /missing required parameter Description; give it with -p Description=VALUE or in --body$/);
  });

  test('unknown body field lists the body fields', () => {
    assert.match(usageMessage(() => buildParams(addTask, new Map(), [], { Colour: 'red' })), /^--body field "Colour" is not a body field of addTask; its body fields are: /);
  });

  test('body on an operation without one', () => {
    assert.equal(usageMessage(() => buildParams(changedLot, new Map(), ['Timestamp=0'], { A: 1 })), 'changedLot (GET /v1/lots) takes no request body');
  });

  test('whole-body definition maps wire names', () => {
    const schedule = Object.values(operations).find((operation) => operation.bodyDefinition === 'ScheduleInspectionRequest')!;
    const params = buildParams(schedule, new Map([['id', 'abc']]), [], { Id: 'abc' });
    assert.equal(params.id, 'abc');
    assert.equal(typeof params.body, 'object');
    assert.notEqual(params.body, null);
    assert.ok('id' in (params.body as object));
  });
});
