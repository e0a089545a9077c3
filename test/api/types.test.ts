// Type tests for the generated client: `npm run typecheck` fails when a `@ts-expect-error` line below
// stops being an error, and the runtime test checks that the types describe what the client returns.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { PropertyMeApi, type SearchJobTaskV2Params } from '../../src/api/generated/api.js';
import type { MobContactData } from '../../src/api/generated/models.js';
import { HttpClient } from '../../src/api/http-client.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';

/** Compiled by the type checker and never called. */
export function typeChecks(api: PropertyMeApi, contact: MobContactData): void {
  const timestamp: bigint = contact.timestamp;
  const isOwner: boolean = contact.isOwner;
  const updatedOn: string = contact.updatedOn;
  // @ts-expect-error int64 fields are bigint, not number
  const asNumber: number = contact.timestamp;
  // @ts-expect-error models use camelCase names only for contract fields
  const pascal: string = contact.IsOwner;

  void api.changedContacts({ timestamp: 0n });
  // @ts-expect-error Timestamp is required
  void api.changedContacts({});
  // @ts-expect-error Timestamp is int64, so a number is not accepted
  void api.changedContacts({ timestamp: 5 });
  // @ts-expect-error the params object is required when a parameter is
  void api.changedContacts();

  const search: SearchJobTaskV2Params = { offset: 0, limit: 10, status: 'Assigned' };
  // @ts-expect-error Status is an enum
  const wrongStatus: SearchJobTaskV2Params = { offset: 0, limit: 10, status: 'Lost' };

  void api.members();
  void [timestamp, isOwner, updatedOn, asNumber, pascal, search, wrongStatus];
}

let server: LocalServer;
before(async () => {
  server = await startLocalServer((_request, response) =>
    sendJson(response, 200, '[{"Id":"c-1","IsOwner":true,"UpdatedOn":"2024-05-01T09:30:00Z","Timestamp":638712345678901234}]'),
  );
});
after(() => server.close());

test('MobContactData runtime values match its types', async () => {
  const api = new PropertyMeApi(new HttpClient({ auth: staticToken('t'), baseUrl: server.url, retry: 0 }));
  const [contact] = await api.changedContacts({ timestamp: 0n });

  assert.equal(typeof contact!.timestamp, 'bigint');
  assert.equal(typeof contact!.isOwner, 'boolean');
  assert.equal(typeof contact!.updatedOn, 'string');
});
