import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactPassword } from '../../src/sync/postgres-target.js';

const cases: Array<[given: string, expected: string]> = [
  ['postgres://mirror:hunter2@127.0.0.1:5432/db', 'postgres://mirror:***@127.0.0.1:5432/db'],
  ['postgres://mirror@127.0.0.1/db?password=hunter2&sslmode=disable', 'postgres://mirror@127.0.0.1/db?password=***&sslmode=disable'],
  ['postgres://mirror@127.0.0.1/db?PASSWORD=hunter2', 'postgres://mirror@127.0.0.1/db?PASSWORD=***'],
  ['postgres://mirror@[unparsable/db?password=hunter2', 'postgres://mirror@[unparsable/db?password=***'],
  ['postgres://mirror@127.0.0.1/db', 'postgres://mirror@127.0.0.1/db'],
];

for (const [given, expected] of cases) {
  test(`redactPassword hides the password in ${expected}`, () => {
    assert.equal(redactPassword(given), expected);
  });
}
