import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { staticToken } from '../../src/api/auth-provider.js';
import { operations } from '../../src/api/generated/operations.js';
import { HttpClient } from '../../src/api/http-client.js';
import { JsonArraySplitter } from '../../src/api/json-array-splitter.js';
import { isHttpError } from '../../src/errors/http-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { startLocalServer, type LocalServer } from '../helpers/local-server.js';

const contacts = operations.ChangedContactsRequestcontacts_Get;

/**
 * Splits `text` fed in pieces that end at each of `cuts`, returning the element texts, after
 * checking that each value is its text parsed.
 */
function split(text: string, cuts: number[] = []): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new JsonArraySplitter();
  const elements: string[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const { texts, values } = splitter.push(bytes.subarray(from, cut));
    assert.equal(values.length, texts.length);
    texts.forEach((element, index) => assert.deepEqual(values[index], parsedOrUndefined(element), element));
    elements.push(...texts);
    from = cut;
  }
  splitter.end();
  return elements;
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('JsonArraySplitter', () => {
  const tricky = ` [ {"a":"x,]}\\"y","b":[1,{"c":"\\\\"}]} , 12345678901234567890,"s\\\\\\"t" ,[],{"é":"😀\\u005c"},null ] `;
  const expected = ['{"a":"x,]}\\"y","b":[1,{"c":"\\\\"}]}', '12345678901234567890', '"s\\\\\\"t"', '[]', '{"é":"😀\\u005c"}', 'null'];

  test('whole body in one chunk', () => {
    assert.deepEqual(split(tricky), expected);
  });

  test('every chunk boundary', () => {
    // Cuts land inside strings, escapes, numbers and multi-byte characters.
    const length = Buffer.byteLength(tricky);
    for (let cut = 0; cut <= length; cut++) assert.deepEqual(split(tricky, [cut]), expected, `cut at byte ${cut}`);
  });

  test('one byte per chunk', () => {
    const cuts = Array.from({ length: Buffer.byteLength(tricky) }, (_, index) => index);
    assert.deepEqual(split(tricky, cuts), expected);
  });

  test('elements parse as JSON', () => {
    assert.deepEqual(JSON.parse(`[${split(tricky).join(',')}]`), JSON.parse(tricky));
  });

  test('byte order mark skipped', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1},2]')]);
    for (let cut = 0; cut <= withBom.length; cut++) {
      const splitter = new JsonArraySplitter();
      const elements = [...splitter.push(withBom.subarray(0, cut)).texts, ...splitter.push(withBom.subarray(cut)).texts];
      splitter.end();
      assert.deepEqual(elements, ['{"a":1}', '2'], `cut at byte ${cut}`);
    }
    assert.throws(() => new JsonArraySplitter().push(Buffer.from([0x20, 0xef, 0xbb, 0xbf, 0x5b, 0x5d])), SyntaxError);
  });

  test('separator inside strings and arrays', () => {
    const records = [
      { Id: 'a', Name: 'x},{"y' },
      { Id: 'b', People: [{ N: 1 }, { N: 2 }, { N: 3 }] },
      { Id: 'c', Note: '\\"},{' },
      { Id: 'd', Nested: { Deeper: [{}, { e: [{}, {}] }] } },
      { Id: 'e' },
    ];
    const body = JSON.stringify(records);
    const texts = records.map((record) => JSON.stringify(record));
    for (let cut = 0; cut <= Buffer.byteLength(body); cut++) assert.deepEqual(split(body, [cut]), texts, `cut at byte ${cut}`);
  });

  test('invalid element has no value', () => {
    const splitter = new JsonArraySplitter();
    const { texts, values } = splitter.push(Buffer.from('[{"a":1},{"b":01},{"c":2} ]'));
    splitter.end();
    assert.deepEqual(texts, ['{"a":1}', '{"b":01}', '{"c":2}']);
    assert.deepEqual(values, [{ a: 1 }, undefined, { c: 2 }]);
  });

  test('generated arrays match JSON.parse', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T>(choices: T[]): T => choices[Math.floor(random() * choices.length)]!;
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? pick(['string', 'number']) : pick(['string', 'number', 'object', 'array', 'object']);
      if (kind === 'string') return pick(['', '},{', '"]', '\\', '\\\\"', 'é😀', 'plain text', '{"x":1},{']);
      if (kind === 'number') return pick([0, -1.5, 12345678901234567, true, null]);
      if (kind === 'array') return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, index) => [`k${index}`, value(depth + 1)]));
    };
    for (let round = 0; round < 300; round++) {
      const elements = Array.from({ length: Math.floor(random() * 6) }, () => value(0));
      const body = JSON.stringify(elements, null, round % 3 === 0 ? 2 : undefined);
      const length = Buffer.byteLength(body);
      const cuts = [random(), random(), random()].map((share) => Math.floor(share * length)).sort((a, b) => a - b);
      assert.deepEqual(split(body, cuts).map((text) => JSON.parse(text) as unknown), elements, body);
      // Small chunks make elements, strings and runs of backslashes span many of them.
      const small: number[] = [];
      for (let cut = 1 + Math.floor(random() * 7); cut < length; cut += 1 + Math.floor(random() * 7)) small.push(cut);
      assert.deepEqual(split(body, small).map((text) => JSON.parse(text) as unknown), elements, `${body} in small chunks`);
    }
  });

  test('non-JSON whitespace kept', () => {
    for (const body of ['[{"Id":"a"}\u00a0]', '[1\ufeff]', '[1\u2028,2]']) {
      const splitter = new JsonArraySplitter();
      const { texts, values } = splitter.push(Buffer.from(body));
      splitter.end();
      assert.equal(values[0], undefined, body);
      assert.equal(texts.length, body.includes(',') ? 2 : 1, body);
    }
  });

  test('invalid and cut UTF-8', () => {
    // Lead bytes, continuation bytes, overlong and surrogate forms, and bytes never valid in UTF-8.
    const soup = [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x80, 0xc0, 0xed, 0xa0, 0xf4, 0x90];
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 40; round++) {
      const middle = Array.from({ length: 12 }, () => soup[Math.floor(random() * soup.length)]!);
      const bytes = Buffer.from([0x5b, 0x22, ...middle, 0x22, 0x5d]);
      const expected = [new TextDecoder().decode(bytes).slice(1, -1)];
      for (let cut = 0; cut <= bytes.length; cut++) {
        const splitter = new JsonArraySplitter();
        const texts = [...splitter.push(bytes.subarray(0, cut)).texts, ...splitter.push(bytes.subarray(cut)).texts];
        splitter.end();
        assert.deepEqual(texts, expected, `bytes ${bytes.toString('hex')} cut at ${cut}`);
      }
      const bytewise = new JsonArraySplitter();
      const texts = [...bytes].flatMap((byte) => bytewise.push(Uint8Array.of(byte)).texts);
      bytewise.end();
      assert.deepEqual(texts, expected, `bytes ${bytes.toString('hex')} one at a time`);
    }
  });

  test('empty array and empty body', () => {
    assert.deepEqual(split('[]'), []);
    assert.deepEqual(split(' \n'), []);
  });

  test('truncated body rejected', () => {
    for (const body of ['[', '[{"a":1}', '[{"a":1},', '[{"a":"x', '[{"a":"x\\"]']) {
      assert.throws(() => split(body), { name: 'SyntaxError', message: /truncated/ }, body);
    }
  });

  test('malformed array rejected', () => {
    for (const body of ['{"a":1}', '[1,,2]', '[,1]', '[1,]', '[1] 2', '[}]']) {
      assert.throws(() => split(body), { name: 'SyntaxError' }, body);
    }
  });
});

describe('HttpClient.callEach', () => {
  let server: LocalServer;
  let respond: (response: import('node:http').ServerResponse, attempt: number) => void;
  let attempts = 0;

  before(async () => {
    server = await startLocalServer((_request, response) => respond(response, ++attempts));
  });
  after(() => server.close());

  const body = '[{"Id":"c1","Timestamp":638600000000000123,"NameText":"A, \\"B\\""},{"Id":"c2","Timestamp":9007199254740993,"NameText":"Zoë"}]';
  const client = () => new HttpClient({ auth: staticToken('token'), baseUrl: server.url, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });

  test('streams records with exact int64', async () => {
    attempts = 0;
    respond = (response) => {
      // Several small writes, so the client reads the body in several chunks.
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const bytes = Buffer.from(body);
      for (let from = 0; from < bytes.length; from += 7) response.write(bytes.subarray(from, from + 7));
      response.end();
    };
    const records: Array<Record<string, unknown>> = [];
    const count = await client().callEach(contacts, { timestamp: 0n }, (record) => records.push(record as Record<string, unknown>));

    assert.equal(count, 2);
    assert.equal(records[0]!.timestamp, 638600000000000123n);
    assert.equal(records[1]!.timestamp, 9007199254740993n);
    assert.equal(records[0]!.nameText, 'A, "B"');
    assert.equal(records[1]!.nameText, 'Zoë');
  });

  test('truncated body after a record fails without onRestart', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length + 10) });
      response.write(body.slice(0, body.indexOf('},{') + 2), () => response.socket?.destroy());
    };
    const records: unknown[] = [];
    await assert.rejects(
      client().callEach(contacts, { timestamp: 0n }, (record) => records.push(record)),
      (error) =>
        error instanceof NetworkError &&
        / failed: .+\. The server had answered 200, and the connection broke while the body arrived; run again\.$/.test(error.message),
    );
    assert.equal(records.length, 1);
    assert.equal(attempts, 1, 'not retried after a record was delivered');
  });

  test('truncated body retried with onRestart', async () => {
    attempts = 0;
    respond = (response, attempt) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      if (attempt === 1) response.write(body.slice(0, body.indexOf('},{') + 2), () => response.socket?.destroy());
      else response.end(body);
    };
    let records: unknown[] = [];
    let restarts = 0;
    const count = await client().callEach(contacts, { timestamp: 0n }, (record) => records.push(record), {
      onRestart: () => {
        restarts++;
        records = [];
      },
    });
    assert.equal(restarts, 1);
    assert.equal(count, 2);
    assert.equal(records.length, 2);
    assert.equal(attempts, 2);
  });

  test('failure before any record retried', async () => {
    attempts = 0;
    respond = (response, attempt) => {
      if (attempt === 1) {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        response.write('[{"Id":"c1","Na', () => response.socket?.destroy());
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(body);
      }
    };
    const records: unknown[] = [];
    await client().callEach(contacts, { timestamp: 0n }, (record) => records.push(record));
    assert.equal(records.length, 2);
    assert.equal(attempts, 2);
  });

  test('invalid JSON is an invalid-response error', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('[{"Id":"c1"},{"Id":}]');
    };
    await assert.rejects(client().callEach(contacts, { timestamp: 0n }, () => {}), (error) => isHttpError(error) && error.reason === 'invalid-response');
    assert.equal(attempts, 1);
  });

  test('body cut short without a socket error is invalid', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('[{"Id":"c1"},');
    };
    await assert.rejects(client().callEach(contacts, { timestamp: 0n }, () => {}), (error) => isHttpError(error) && /truncated/.test(error.message));
  });

  test('onRecord promise delays next record', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    };
    const events: string[] = [];
    const count = await client().callEach(contacts, { timestamp: 0n }, async (record) => {
      const { id } = record as { id: string };
      events.push(`start ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push(`end ${id}`);
    });
    assert.equal(count, 2);
    assert.deepEqual(events, ['start c1', 'end c1', 'start c2', 'end c2']);
  });

  test('error from onRecord passes through unchanged', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    };
    const failure = new RangeError('receiver failed');
    await assert.rejects(
      client().callEach(contacts, { timestamp: 0n }, () => {
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.equal(attempts, 1);
  });

  test('error status read as a whole body', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"ResponseStatus":{"Message":"gone"}}');
    };
    await assert.rejects(client().callEach(contacts, { timestamp: 0n }, () => {}), (error) => isHttpError(error) && error.status === 404);
  });
});

describe('HttpClient.call with onItems', () => {
  let server: LocalServer;
  let respond: (response: import('node:http').ServerResponse, attempt: number) => void;
  let attempts = 0;

  before(async () => {
    server = await startLocalServer((_request, response) => respond(response, ++attempts));
  });
  after(() => server.close());

  const items = ['{"Id":"c1","Timestamp":638600000000000123,"NameText":"A, \\"B\\""}', '{"Id":"c2","NameText":"Zoë"}', 'not json at all'];
  const body = `[${items.join(' ,\n')}]`;
  const client = () => new HttpClient({ auth: staticToken('token'), baseUrl: server.url, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });

  test('passes elements as sent, waits', async () => {
    attempts = 0;
    let bytesWritten = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const bytes = Buffer.from(body);
      for (let from = 0; from < bytes.length; from += 5) response.write(bytes.subarray(from, from + 5));
      bytesWritten = bytes.length;
      response.end();
    };
    const received: string[] = [];
    let busy = false;
    const result = await client().call(contacts, { timestamp: 0n }, {
      onItems: async (batch) => {
        assert.equal(busy, false, 'a batch arrives only after the previous one was taken');
        busy = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
        received.push(...batch);
        busy = false;
      },
    });
    assert.deepEqual(result, []);
    assert.deepEqual(received, items);
    assert.ok(bytesWritten > 0);
  });

  test('error from onItems passes through unchanged and is not retried', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    };
    const failure = new RangeError('receiver full');
    await assert.rejects(
      client().call(contacts, { timestamp: 0n }, {
        onItems: () => {
          throw failure;
        },
      }),
      (error) => error === failure,
    );
    assert.equal(attempts, 1);
  });

  test('timeout counts silence, not the whole stream', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      // 300 ms in all, well past the 150 ms timeout, but never 150 ms without a byte.
      const bytes = Buffer.from(body);
      let from = 0;
      const timer = setInterval(() => {
        response.write(bytes.subarray(from, from + 8));
        from += 8;
        if (from >= bytes.length) {
          clearInterval(timer);
          response.end();
        }
      }, Math.ceil(300 / Math.ceil(bytes.length / 8)));
    };
    const received: string[] = [];
    await client().call(contacts, { timestamp: 0n }, {
      timeoutMs: 150,
      onItems: async (batch) => {
        // Time the receiver takes does not count either.
        await new Promise((resolve) => setTimeout(resolve, 200));
        received.push(...batch);
      },
    });
    assert.deepEqual(received, items);
  });

  test('HTML body is named with a fix', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('\n<!doctype html><title>Sign in</title>');
    };
    await assert.rejects(client().call(contacts, { timestamp: 0n }, { onItems: () => {} }), (error: unknown) => {
      assert.ok(isHttpError(error));
      assert.equal(error.reason, 'invalid-response');
      assert.match(error.message, /^GET \/v1\/contacts returned 200 with a body that is not a valid JSON array: Unexpected '<' where a JSON array should start\. The body is HTML, so the API URL may name a web page rather than the API: check PROPERTYME_API_URL\.$/);
      return true;
    });
  });

  test('stalled stream times out', async () => {
    attempts = 0;
    respond = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(body.slice(0, 20));
    };
    await assert.rejects(
      new HttpClient({ auth: staticToken('token'), baseUrl: server.url, retry: 1 }).call(contacts, { timestamp: 0n }, { timeoutMs: 100, onItems: () => {} }),
      { name: 'TimeoutError', message: 'GET /v1/contacts timed out after 100 ms without data' },
    );
  });

  test('truncated body retried with an asynchronous onRestart', async () => {
    attempts = 0;
    respond = (response, attempt) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      if (attempt === 1) response.write(body.slice(0, body.indexOf(' ,') + 2), () => response.socket?.destroy());
      else response.end(body);
    };
    let received: string[] = [];
    const events: string[] = [];
    await client().call(contacts, { timestamp: 0n }, {
      onItems: (batch) => {
        events.push(`items ${batch.length}`);
        received.push(...batch);
      },
      onRestart: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push('restart');
        received = [];
      },
    });
    assert.deepEqual(received, items);
    assert.equal(events[1], 'restart', 'the retry waits for the restart to finish');
    assert.equal(attempts, 2);
  });
});
