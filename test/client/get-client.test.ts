// Client.getClient against the sandbox: a stored token is refreshed when expired and handed to the
// token saver; a bare access token string is used as it is.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '../../src/client/client.js';
import type { StoredToken } from '../../src/auth/stored-token.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { signIn } from '../sandbox/helpers.js';

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox({ port: 0, scale: 'small', autoApprove: true });
});

after(async () => {
  await sandbox.close();
});

test('getClient refreshes an expired stored token', async () => {
  const signedIn = await signIn(sandbox, 'openid contact:read offline_access');
  assert.equal(signedIn.status, 200);
  const expired: StoredToken = {
    access_token: String(signedIn.body.access_token),
    refresh_token: String(signedIn.body.refresh_token),
    token_type: 'Bearer',
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) - 10,
    scope: String(signedIn.body.scope),
  };
  const saved: StoredToken[] = [];

  const client = Client.getClient(expired, {
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    authUrl: sandbox.authUrl,
    baseUrl: sandbox.apiUrl,
    tokenSaver: (token) => {
      saved.push(token);
    },
  });
  const contacts = await client.contacts.all();

  assert.ok(contacts.length > 0);
  assert.equal(saved.length, 1);
  assert.notEqual(saved[0]!.access_token, expired.access_token);
  assert.ok((saved[0]!.expires_at ?? 0) > Date.now() / 1000);
});

test('getClient uses a bare access token as it is', async () => {
  const accessToken = await sandbox.issueAccessToken(['property:read']);
  const client = Client.getClient(accessToken, { baseUrl: sandbox.apiUrl });

  const lots = await client.properties.all();
  const raw = await fetch(`${sandbox.apiUrl}/v1/lots?Timestamp=0`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const expected = (await raw.json()) as unknown[];

  assert.ok(lots.length > 0);
  assert.equal(lots.length, expected.length);
});

test('getClient without client credentials rejects a stored token', () => {
  const previous = { id: process.env.PROPERTYME_CLIENT_ID, secret: process.env.PROPERTYME_CLIENT_SECRET };
  delete process.env.PROPERTYME_CLIENT_ID;
  delete process.env.PROPERTYME_CLIENT_SECRET;
  try {
    const token: StoredToken = { access_token: 'a', token_type: 'Bearer', expires_at: 0, expires_in: 0 };
    assert.throws(() => Client.getClient(token, { baseUrl: sandbox.apiUrl }), /needs clientId and clientSecret/);
  } finally {
    if (previous.id !== undefined) process.env.PROPERTYME_CLIENT_ID = previous.id;
    if (previous.secret !== undefined) process.env.PROPERTYME_CLIENT_SECRET = previous.secret;
  }
});
