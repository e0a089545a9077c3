import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { fieldTables } from '../../src/api/generated/mappers.js';
import { csvField, csvLine } from '../../src/cli/output/csv.js';
import { contractFields, defaultTableColumns, parseFieldList } from '../../src/cli/output/fields.js';
import { stringifyWireJson } from '../../src/api/wire-json.js';
import { createRecordWriter } from '../../src/cli/output/record-writer.js';
import { fitColumnWidths, renderTable, truncate } from '../../src/cli/output/table.js';
import { describeTerminal } from '../../src/cli/output/terminal.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';

describe('csvField', () => {
  const cases: Array<[name: string, value: unknown, expected: string]> = [
    ['plain text', 'Smith', 'Smith'],
    ['empty string', '', ''],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['comma', 'Smith, J', '"Smith, J"'],
    ['double quote', 'the "Grange"', '"the ""Grange"""'],
    ['only a quote', '"', '""""'],
    ['line feed', 'line 1\nline 2', '"line 1\nline 2"'],
    ['carriage return', 'a\rb', '"a\rb"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['leading space kept unquoted', ' 12 Main St', ' 12 Main St'],
    ['number', 1250.5, '1250.5'],
    ['boolean', false, 'false'],
    ['int64 beyond 2^53', 638600000000000123n, '638600000000000123'],
    ['nested record as JSON', { suburb: 'Carlton', postcode: '3053' }, '"{""suburb"":""Carlton"",""postcode"":""3053""}"'],
    ['array as JSON', ['a', 'b'], '"[""a"",""b""]"'],
    ['nested bigint stays exact', { timestamp: 638600000000000123n }, '"{""timestamp"":638600000000000123}"'],
    ['date', new Date('2026-01-31T10:00:00Z'), '2026-01-31T10:00:00.000Z'],
  ];
  for (const [name, value, expected] of cases) {
    test(name, () => assert.equal(csvField(value), expected));
  }

  test('line ends in CRLF', () => {
    assert.equal(csvLine(['id', 'name, full', null]), 'id,"name, full",\r\n');
  });
});

describe('stringifyWireJson', () => {
  test('writes bigint as a bare integer', () => {
    assert.equal(stringifyWireJson({ timestamp: 638600000000000123n, list: [-5n] }), '{"timestamp":638600000000000123,"list":[-5]}');
  });

  test('leaves a digit string quoted', () => {
    assert.equal(stringifyWireJson({ reference: '638600000000000123' }), '{"reference":"638600000000000123"}');
  });

  test('indented output keeps every digit', () => {
    const text = stringifyWireJson({ timestamp: 638600000000000123n }, 2);
    assert.match(text, /"timestamp": 638600000000000123\n/);
  });
});

describe('fitColumnWidths', () => {
  test('keeps natural widths that fit', () => {
    assert.deepEqual(fitColumnWidths([5, 10, 3], 40), [5, 10, 3]);
  });

  test('no limit keeps natural widths', () => {
    assert.deepEqual(fitColumnWidths([500, 10], undefined), [500, 10]);
  });

  test('cuts the widest column first', () => {
    // 36 + 10 + 40 + 2 gaps of 2 = 90 > 60, so the wide columns shrink and the narrow one stays.
    const widths = fitColumnWidths([36, 10, 40], 60);
    assert.equal(widths.reduce((sum, width) => sum + width, 0) + 4, 60);
    assert.equal(widths[1], 10);
    assert.ok(widths[0]! < 36);
    assert.ok(widths[2]! < 40);
  });

  test('keeps an id whole while others shrink', () => {
    // 36 + 20 + 30 + 4 = 90 > 70: only the two other columns lose characters.
    const widths = fitColumnWidths([36, 20, 30], 70, [true, false, false]);
    assert.equal(widths[0], 36);
    assert.equal(widths[1]! + widths[2]!, 30);
  });

  test('cuts a kept column once others are at minimum', () => {
    const widths = fitColumnWidths([36, 20, 30], 20, [true, false, false]);
    assert.ok(widths[0]! < 36);
    assert.ok(widths.reduce((sum, width) => sum + width, 0) + 4 <= 20);
  });

  test('falls back to the minimum when nothing fits', () => {
    assert.deepEqual(fitColumnWidths([20, 20, 2], 5), [3, 3, 2]);
  });

  for (const maxWidth of [28, 33, 47, 80, 120]) {
    test(`total never exceeds ${maxWidth}`, () => {
      const widths = fitColumnWidths([36, 8, 50, 12, 25, 5], maxWidth);
      assert.ok(widths.reduce((sum, width) => sum + width, 0) + 10 <= maxWidth);
    });
  }
});

describe('renderTable', () => {
  const rows = [
    ['0b7e6a52-1f0c-4a8e-9d55-2f4c8a1b9e01', 'Unit 4, 12 Long Street, Carlton VIC 3053', 450],
    ['5d2c9f10-7a4b-4c3e-8f21-6b0a9d3e4c72', 'House', 1200.5],
  ];

  test('every line fits the width', () => {
    const text = renderTable(['id', 'address', 'rent'], rows, { maxWidth: 50 });
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines) assert.ok(line.length <= 50, `${JSON.stringify(line)} is ${line.length} characters`);
    assert.match(lines[1]!, /…/);
  });

  test('unlimited width keeps every character', () => {
    const text = renderTable(['id', 'address', 'rent'], rows);
    assert.ok(text.includes('Unit 4, 12 Long Street, Carlton VIC 3053'));
    assert.ok(!text.includes('…'));
  });

  test('bold header only with colour', () => {
    assert.ok(renderTable(['id'], [['a']], { colour: true }).startsWith('\u001b[1m'));
    assert.ok(!renderTable(['id'], [['a']], { colour: false }).includes('\u001b'));
  });

  test('line breaks and escapes become spaces', () => {
    const text = renderTable(['note'], [['first\nsecond\u001b[31m']]);
    assert.equal(text, 'note\nfirst second [31m\n');
  });

  test('truncate ends in an ellipsis', () => {
    assert.equal(truncate('abcdefgh', 5), 'abcd…');
    assert.equal(truncate('abc', 5), 'abc');
  });
});

describe('describeTerminal', () => {
  test('colour on a terminal', () => {
    assert.deepEqual(describeTerminal({ isTTY: true, columns: 100 }, {}), { isTTY: true, columns: 100, colour: true });
  });

  test('NO_COLOR turns colour off', () => {
    assert.equal(describeTerminal({ isTTY: true, columns: 100 }, { NO_COLOR: '1' }).colour, false);
  });

  test('empty NO_COLOR is ignored', () => {
    assert.equal(describeTerminal({ isTTY: true, columns: 100 }, { NO_COLOR: '' }).colour, true);
  });

  test('TERM=dumb turns colour off', () => {
    assert.equal(describeTerminal({ isTTY: true }, { TERM: 'dumb' }).colour, false);
  });

  test('pipe has no colour and no width', () => {
    assert.deepEqual(describeTerminal({ isTTY: false }, {}), { isTTY: false, columns: undefined, colour: false });
  });

  test('COLUMNS sets the width', () => {
    assert.equal(describeTerminal({ isTTY: true, columns: 100 }, { COLUMNS: '60' }).columns, 60);
    assert.equal(describeTerminal({ isTTY: false }, { COLUMNS: '60' }).columns, 60);
    assert.equal(describeTerminal({ isTTY: true, columns: 100 }, { COLUMNS: 'wide' }).columns, 100);
  });
});

describe('fields', () => {
  test('every default table column is a contract field', () => {
    for (const definition of Object.keys(fieldTables)) {
      const known = new Set(contractFields(definition));
      for (const column of defaultTableColumns(definition)) assert.ok(known.has(column), `${definition} has no field ${column}`);
    }
  });

  test('accepts camelCase and wire names', () => {
    assert.deepEqual(parseFieldList('id, NameText,EMAIL', 'MobContactData', 'contacts'), ['id', 'nameText', 'email']);
  });

  test('unknown field lists the valid ones', () => {
    assert.throws(
      () => parseFieldList('id,colour', 'MobContactData', 'contacts'),
      (error: unknown) => {
        assert.ok(isConfigurationError(error));
        assert.match(error.message, /^unknown field "colour" for contacts; valid fields: id, customerId, /);
        assert.equal(error.setting, '--fields');
        return true;
      },
    );
  });
});

async function writeAll(format: 'json' | 'ndjson' | 'csv' | 'table', records: Array<Record<string, unknown>>, fields?: string[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createRecordWriter(format, out, { fields });
  for (const record of records) await writer.write(record);
  await writer.finish();
  return Buffer.concat(chunks).toString('utf8');
}

describe('createRecordWriter', () => {
  const records = [
    { id: 'a', timestamp: 638600000000000123n, address: { suburb: 'Carlton' } },
    { id: 'b, c', timestamp: 1n, address: null },
  ];

  test('json is one array', async () => {
    const text = await writeAll('json', records);
    assert.equal(
      text,
      '[\n  {\n    "id": "a",\n    "timestamp": 638600000000000123,\n    "address": {\n      "suburb": "Carlton"\n    }\n  },\n  {\n    "id": "b, c",\n    "timestamp": 1,\n    "address": null\n  }\n]\n',
    );
  });

  test('json of no records is []', async () => {
    assert.equal(await writeAll('json', []), '[]\n');
  });

  test('ndjson is one record per line', async () => {
    const text = await writeAll('ndjson', records, ['timestamp', 'id']);
    assert.equal(text, '{"timestamp":638600000000000123,"id":"a"}\n{"timestamp":1,"id":"b, c"}\n');
  });

  test('json with fields fills missing ones with null', async () => {
    const text = await writeAll('ndjson', [{ id: 'a' }], ['id', 'email']);
    assert.equal(text, '{"id":"a","email":null}\n');
  });

  test('csv has a header row', async () => {
    const text = await writeAll('csv', records, ['id', 'timestamp', 'address']);
    assert.equal(text, 'id,timestamp,address\r\na,638600000000000123,"{""suburb"":""Carlton""}"\r\n"b, c",1,\r\n');
  });

  test('csv of no records keeps the header', async () => {
    assert.equal(await writeAll('csv', [], ['id', 'timestamp']), 'id,timestamp\r\n');
  });

  test('table waits for finish', async () => {
    const text = await writeAll('table', records, ['id', 'timestamp']);
    assert.equal(text, 'id    timestamp\na     638600000000000123\nb, c  1\n');
  });

  test('waits for drain when the stream is full', async () => {
    let release: (() => void) | undefined;
    let written = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        release = callback;
      },
    });
    const writer = createRecordWriter('ndjson', slow);
    const big = { text: 'x'.repeat(70 * 1024) };

    // The first record fills a 64 KiB chunk; its write cannot finish until the sink calls back.
    let settled = false;
    const pending = writer.write(big).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    assert.ok(written > 0);

    release!();
    await pending;
    assert.equal(settled, true);
  });
});
