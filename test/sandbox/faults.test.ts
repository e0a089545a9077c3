import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { apiGet } from './helpers.js';

let sandbox: Sandbox;
let token: string;
before(async () => {
  sandbox = await startSandbox();
  token = await sandbox.issueAccessToken(['contact:read', 'property:read']);
});
after(() => sandbox.close());

/** Sends a raw GET and reports what arrived: status, declared length, received bytes and how it ended. */
function rawGet(path: string): Promise<{ status?: number; declared?: number; received: number; outcome: 'complete' | 'aborted' | 'error' }> {
  return new Promise((resolve) => {
    const url = new URL(`${sandbox.apiUrl}${path}`);
    const req = request(url, { headers: { authorization: `Bearer ${token}`, connection: 'close' } }, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, declared: Number(res.headers['content-length']), received, outcome: 'complete' }));
      res.on('aborted', () => resolve({ status: res.statusCode, declared: Number(res.headers['content-length']), received, outcome: 'aborted' }));
      res.on('error', () => resolve({ status: res.statusCode, declared: Number(res.headers['content-length']), received, outcome: 'aborted' }));
    });
    req.on('error', () => resolve({ received: 0, outcome: 'error' }));
    req.end();
  });
}

describe('faults', () => {
  test('off by default', async () => {
    for (let i = 0; i < 20; i += 1) assert.equal((await apiGet(sandbox, token, '/v1/members')).status, 200);
  });

  test('errorRate 1 answers 500', async () => {
    sandbox.setFaults({ errorRate: 1 });
    try {
      const response = await apiGet(sandbox, token, '/v1/members');
      assert.equal(response.status, 500);
      assert.equal(typeof response.body, 'object');
    } finally {
      sandbox.setFaults({});
    }
  });

  test('tooManyRequestsRate 1 answers 429 with Retry-After', async () => {
    sandbox.setFaults({ tooManyRequestsRate: 1, retryAfterSeconds: 7 });
    try {
      const response = await apiGet(sandbox, token, '/v1/members');
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '7');
    } finally {
      sandbox.setFaults({});
    }
  });

  test('slowRate 1 delays by slowMs', async () => {
    sandbox.setFaults({ slowRate: 1, slowMs: 300 });
    try {
      const started = performance.now();
      assert.equal((await apiGet(sandbox, token, '/v1/members')).status, 200);
      assert.ok(performance.now() - started >= 290);
    } finally {
      sandbox.setFaults({});
    }
  });

  test('dropRate 1 closes the connection unanswered', async () => {
    sandbox.setFaults({ dropRate: 1 });
    try {
      const result = await rawGet('/v1/members');
      assert.equal(result.outcome, 'error');
      assert.equal(result.status, undefined);
    } finally {
      sandbox.setFaults({});
    }
  });

  test('truncateRate 1 sends half the declared body', async () => {
    sandbox.setFaults({ truncateRate: 1 });
    try {
      const result = await rawGet('/v1/contacts?Timestamp=0');
      assert.equal(result.status, 200);
      assert.equal(result.outcome, 'aborted');
      assert.notEqual(result.declared, undefined, 'a Content-Length is declared');
      assert.ok(result.declared! > 0, 'the declared Content-Length is positive');
      assert.ok(result.received < result.declared!, `received ${result.received} of ${result.declared} bytes`);
    } finally {
      sandbox.setFaults({});
    }
  });

  test('rates apply about as configured and repeat with the seed', async () => {
    const run = async () => {
      sandbox.setFaults({ errorRate: 0.3, seed: 5 });
      const statuses: number[] = [];
      for (let i = 0; i < 100; i += 1) statuses.push((await apiGet(sandbox, token, '/v1/contacts/agency')).status);
      return statuses;
    };
    try {
      const first = await run();
      const errors = first.filter((status) => status === 500).length;
      assert.ok(errors >= 15, `${errors} of 100 requests failed at rate 0.3`);
      assert.ok(errors <= 45, `${errors} of 100 requests failed at rate 0.3`);
      assert.deepEqual(await run(), first);
    } finally {
      sandbox.setFaults({});
    }
  });

  test('identity server is never faulted', async () => {
    sandbox.setFaults({ errorRate: 1 });
    try {
      const response = await fetch(`${sandbox.authUrl}/.well-known/openid-configuration`);
      assert.equal(response.status, 200);
    } finally {
      sandbox.setFaults({});
    }
  });

  test('invalid rate is a TypeError', () => {
    assert.throws(() => sandbox.setFaults({ errorRate: 2 }), TypeError);
  });

  test('stats count requests and faults', async () => {
    const before = sandbox.stats.apiRequests;
    const faultsBefore = sandbox.stats.faults.error;
    sandbox.setFaults({ errorRate: 1 });
    await apiGet(sandbox, token, '/v1/members');
    sandbox.setFaults({});
    assert.equal(sandbox.stats.apiRequests, before + 1);
    assert.equal(sandbox.stats.faults.error, faultsBefore + 1);
  });
});
