import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { PropertyMeApi } from '../../src/api/generated/api.js';
import { operations } from '../../src/api/generated/operations.js';
import { HttpClient } from '../../src/api/http-client.js';
import { readResponse } from '../../src/api/read-response.js';
import { LongInt64Digits, parseWireJson, stringifyWireJson } from '../../src/api/wire-json.js';
import { camelCaseWireName, recordFromWire, recordFromWireExact, recordToWire } from '../../src/api/wire-mapping.js';
import { camelCase } from '../../scripts/generator/names.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';

describe('camelCase wire names', () => {
  const cases: Array<[wire: string, camel: string]> = [
    ['IsOwner', 'isOwner'],
    ['ABN', 'abn'],
    ['Id', 'id'],
    ['URLPath', 'urlPath'],
    ['__type', '__type'],
    ['GSTRate', 'gstRate'],
    ['OwnerContactId', 'ownerContactId'],
    ['BSB', 'bsb'],
    ['A', 'a'],
    ['lotId', 'lotId'],
  ];

  for (const [wire, camel] of cases) {
    test(`runtime rule maps ${wire}`, () => {
      assert.equal(camelCaseWireName(wire), camel);
    });
    test(`generator rule maps ${wire}`, () => {
      assert.equal(camelCase(wire), camel);
    });
  }
});

describe('recordFromWire and recordToWire', () => {
  test('known fields renamed', () => {
    const model = recordFromWire('MobContactData', { Id: 'c-1', IsOwner: true, ABN: '51 824 753 556', OwnerContactId: 'x' }) as Record<string, unknown>;

    assert.equal(model.id, 'c-1');
    assert.equal(model.isOwner, true);
    assert.equal(model.abn, '51 824 753 556');
    assert.equal(model.ownerContactId, 'x');
    assert.equal(model.Id, undefined);
  });

  test('unknown fields survive a round trip', () => {
    const wire = {
      Id: 'c-1',
      GSTRate: 0.1,
      __type: 'PropertyMe.Contact',
      NewThing: { Nested: [1, 2], URLPath: '/x' },
      ContactPersons: [{ Id: 'p-1', FirstName: 'Olivia', PMScore: 3 }],
      PrimaryContactPerson: { Id: 'p-1', ExtraFlag: false },
      Timestamp: '638712345678901234',
    };
    const model = recordFromWire('MobContactData', wire) as Record<string, unknown>;

    assert.equal(model.gstRate, 0.1);
    assert.equal(model.__type, 'PropertyMe.Contact');
    assert.deepEqual(model.newThing, { Nested: [1, 2], URLPath: '/x' });
    assert.deepEqual((model.contactPersons as Array<Record<string, unknown>>)[0], { id: 'p-1', firstName: 'Olivia', pmScore: 3 });
    assert.equal(model.timestamp, 638712345678901234n);

    const back = recordToWire('MobContactData', model);
    assert.deepEqual(back, { ...wire, Timestamp: 638712345678901234n });
  });

  test('unknown field added by the caller is capitalised', () => {
    const back = recordToWire('MobContactData', { id: 'c-1', newField: 1 });

    assert.deepEqual(back, { Id: 'c-1', NewField: 1 });
  });

  test('null and absent values kept as they are', () => {
    const model = recordFromWire('MobContactData', { Id: 'c-1', ArchivedOn: null, PrimaryContactPerson: null, ContactPersons: null });

    assert.deepEqual(model, { id: 'c-1', archivedOn: null, primaryContactPerson: null, contactPersons: null });
  });
});

describe('int64 values', () => {
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer((_request, response) =>
      sendJson(response, 200, '[{"Id":"c-1","Timestamp": 638712345678901234 ,"ContactPersons":[]},{"Id":"c-2","Timestamp":-9007199254740993}]'),
    );
  });
  after(() => server.close());

  const api = () => new PropertyMeApi(new HttpClient({ auth: staticToken('t'), baseUrl: server.url, retry: 0 }));

  test('read exactly from an HTTP response', async () => {
    const contacts = await api().changedContacts({ timestamp: 0n });

    assert.equal(contacts[0]!.timestamp, 638712345678901234n);
    assert.equal(contacts[1]!.timestamp, -9007199254740993n);
  });

  test('sent exactly in the query', async () => {
    await api().changedContacts({ timestamp: 638712345678901235n });

    assert.equal(server.requests.at(-1)!.query.get('Timestamp'), '638712345678901235');
  });

  test('digit string accepted as a query value', async () => {
    await api().changedContacts({ timestamp: '638712345678901236' as unknown as bigint });

    assert.equal(server.requests.at(-1)!.query.get('Timestamp'), '638712345678901236');
  });

  test('unsafe number rejected as a query value', async () => {
    await assert.rejects(api().changedContacts({ timestamp: 638712345678901237 as unknown as bigint }), TypeError);
  });

  test('unlisted field with an int64 name read as bigint', () => {
    const model = recordFromWire('Contact', parseWireJson('{"Id":"c-1","Timestamp":638712345678901234}')) as Record<string, unknown>;

    assert.equal(model.timestamp, 638712345678901234n);
    assert.deepEqual(recordToWire('Contact', model), { Id: 'c-1', Timestamp: 638712345678901234n });
  });

  test('short int64 read as bigint', () => {
    const model = recordFromWire('MobContactData', parseWireJson('{"Timestamp":42}')) as Record<string, unknown>;

    assert.equal(model.timestamp, 42n);
  });

  test('long digits in a string value left alone', () => {
    const parsed = parseWireJson('{"Notes":"\\"Timestamp\\": 638712345678901234}","Timestamp":638712345678901234}') as Record<string, unknown>;

    assert.equal(parsed.Notes, '"Timestamp": 638712345678901234}');
    assert.equal(parsed.Timestamp, '638712345678901234');
  });

  test('stringifyWireJson writes bigints bare', () => {
    const text = stringifyWireJson({ Timestamp: 638712345678901235n, Ids: [1n, -2n], Name: 'x' });

    assert.equal(text, '{"Timestamp":638712345678901235,"Ids":[1,-2],"Name":"x"}');
  });

  test('stringifyWireJson leaves lookalike strings alone', () => {
    const text = stringifyWireJson({ Name: 'int64:123', Timestamp: 1n });

    assert.equal(text, '{"Name":"int64:123","Timestamp":1}');
  });
});

describe('int64 values read without quoting', () => {
  const listContacts = operations.ChangedContactsRequestcontacts_Get;
  const getContact = operations.ContactRequestcontactsId_Get;

  function read(operation: typeof listContacts | typeof getContact, body: string): unknown {
    return readResponse(operation, '/v1/contacts', { status: 200, statusText: 'OK', retryAfter: null, body });
  }

  /** The models the quoting reader produces, which the faster path must reproduce exactly. */
  function readByQuoting(definition: string, body: string): unknown {
    const wire = parseWireJson(body);
    return Array.isArray(wire) ? wire.map((item) => recordFromWire(definition, item)) : recordFromWire(definition, wire);
  }

  const bodies: Array<[name: string, body: string]> = [
    ['contract order', '[{"Id":"c-1","ContactPersons":[{"Id":"p-1","FirstName":"Olivia"}],"PrimaryContactPerson":null,"Timestamp":638712345678901234}]'],
    ['reordered keys', '[{"Timestamp":638712345678901234,"Id":"c-1"},{"Id":"c-2","Timestamp":638712345678901235}]'],
    ['unknown fields', '[{"Id":"c-1","GSTRate":0.1,"Notes":"\\"Timestamp\\": 638712345678901299","Timestamp":-638712345678901234}]'],
    ['short and null', '[{"Id":"c-1","Timestamp":42},{"Id":"c-2","Timestamp":null},{"Id":"c-3"}]'],
    ['int64 in a person', '[{"Id":"c-1","ContactPersons":[{"Id":"p-1","Timestamp":638712345678901236}],"Timestamp":638712345678901237}]'],
  ];

  for (const [name, body] of bodies) {
    test(`list with ${name} read as by quoting`, () => {
      assert.deepEqual(read(listContacts, body), readByQuoting('MobContactData', body));
    });
  }

  test('close values in document order', () => {
    // Both round to the same double, so only their order distinguishes them.
    const contacts = read(listContacts, '[{"Id":"c-1","Timestamp":638712345678901235},{"Id":"c-2","Timestamp":638712345678901234}]') as Array<Record<string, unknown>>;

    assert.equal(contacts[0]!.timestamp, 638712345678901235n);
    assert.equal(contacts[1]!.timestamp, 638712345678901234n);
  });

  test('unlisted int64 in a record response', () => {
    const body = '{"Contact":{"Id":"c-1","Timestamp":638712345678901234},"Code":"x"}';
    const response = read(getContact, body) as { contact: Record<string, unknown> };

    assert.equal(response.contact.timestamp, 638712345678901234n);
    assert.deepEqual(response, readByQuoting('GetContactResponse', body));
  });

  test('int64 inside an unknown object falls back', () => {
    // The scan finds the nested value, which the mapper never visits, so the digits do not line up.
    const body = '[{"Id":"c-1","Extra":{"Timestamp":638712345678901234},"Timestamp":638712345678901235}]';
    const contacts = read(listContacts, body) as Array<Record<string, unknown>>;

    assert.equal(contacts[0]!.timestamp, 638712345678901235n);
    assert.deepEqual(contacts[0]!.extra, { Timestamp: '638712345678901234' });
    assert.deepEqual(contacts, readByQuoting('MobContactData', body));
  });

  test('exponent form falls back', () => {
    const body = '[{"Id":"c-1","Timestamp":6.387123456789012e17}]';
    const contacts = read(listContacts, body) as Array<Record<string, unknown>>;

    assert.equal(contacts[0]!.timestamp, BigInt(6.387123456789012e17));
  });

  test('digits taken in order report a full match', () => {
    const text = '{"Id":"c-1","Timestamp":638712345678901234}';
    const digits = new LongInt64Digits(text);
    const model = recordFromWireExact('MobContactData', JSON.parse(text), digits) as Record<string, unknown>;

    assert.equal(model.timestamp, 638712345678901234n);
    assert.equal(digits.allTaken, true);
  });

  test('digits left over report no match', () => {
    const digits = new LongInt64Digits('{"Timestamp":638712345678901234,"Size":1638712345678901234}');

    assert.equal(digits.take(638712345678901234), '638712345678901234');
    assert.equal(digits.allTaken, false);
  });

  test('digits for another value report no match', () => {
    const digits = new LongInt64Digits('{"Timestamp":638712345678901234}');

    assert.equal(digits.take(638712345678909999), undefined);
    assert.equal(digits.allTaken, false);
  });
});
