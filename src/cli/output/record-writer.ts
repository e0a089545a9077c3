// Streams records to an output in one of the formats. Text is gathered into chunks of about 64 KiB
// and each chunk waits for the stream to drain, so memory stays flat however many records pass.
import type { Writable } from 'node:stream';
import { csvLine } from './csv.js';
import { pickFields, projectRecord } from './fields.js';
import type { OutputFormat } from './format.js';
import { stringifyWireJson } from '../../api/wire-json.js';
import { renderTable } from './table.js';
import { writeChunk } from './write-chunk.js';

const CHUNK_SIZE = 64 * 1024;

export interface RecordWriterOptions {
  /**
   * Fields to write, in order. Required for `csv` and `table`, which need their columns before the
   * first record; for `json` and `ndjson`, undefined writes each record whole.
   */
  fields?: readonly string[] | undefined;
  /** Table width in character cells; undefined means no limit. */
  maxWidth?: number | undefined;
  /** Table header in bold. */
  colour?: boolean;
}

// The `id` column of a table is never cut while other columns can shrink, because a cut id cannot
// be passed to `propertyme get`.

export interface RecordWriter {
  write(record: Record<string, unknown>): Promise<void>;
  /** Writes whatever closes the format (the `]` of a JSON array, a table) without ending the stream. */
  finish(): Promise<void>;
  /** Records written so far. */
  readonly count: number;
}

/**
 * Creates a writer for one list of records. `json` is one array with each record indented, as
 * `JSON.stringify(records, null, 2)` would write it; `ndjson` is one record per line; `csv` has a
 * header row; `table` keeps the selected cells until `finish()`, because column widths depend on
 * every row.
 */
export function createRecordWriter(format: OutputFormat, out: Writable, options: RecordWriterOptions = {}): RecordWriter {
  const fields = options.fields;
  if ((format === 'csv' || format === 'table') && fields === undefined) throw new TypeError(`The ${format} format needs a list of fields`);

  let pending = '';
  let count = 0;
  const tableRows: unknown[][] = [];

  const flush = async (force: boolean) => {
    if (pending.length < CHUNK_SIZE && !force) return;
    const text = pending;
    pending = '';
    if (text !== '') await writeChunk(out, text);
  };

  const select = (record: Record<string, unknown>) => (fields === undefined ? record : projectRecord(record, fields));

  return {
    get count() {
      return count;
    },

    async write(record) {
      if (format === 'table') {
        tableRows.push(pickFields(record, fields!));
        count++;
        return;
      }

      if (format === 'json') {
        const text = stringifyWireJson(select(record), 2).replaceAll('\n', '\n  ');
        pending += `${count === 0 ? '[\n' : ',\n'}  ${text}`;
      } else if (format === 'ndjson') {
        pending += `${stringifyWireJson(select(record))}\n`;
      } else {
        if (count === 0) pending += csvLine(fields!);
        pending += csvLine(pickFields(record, fields!));
      }
      count++;
      await flush(false);
    },

    async finish() {
      if (format === 'table') {
        pending = renderTable(fields!, tableRows, { maxWidth: options.maxWidth, colour: options.colour === true, keepWhole: ['id'] });
        tableRows.length = 0;
      } else if (format === 'json') {
        pending += count === 0 ? '[]\n' : '\n]\n';
      } else if (format === 'csv' && count === 0) {
        // An empty list still gets its header row, so the file states its columns.
        pending += csvLine(fields!);
      }
      await flush(true);
    },
  };
}
