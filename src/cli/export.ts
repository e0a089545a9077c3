// `propertyme export`: every entity to one file each, streamed from the API to disk. Each file is
// written under a temporary name and renamed when complete, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RecordStreamOptions } from '../api/http-client.js';
import type { Client } from '../client/client.js';
import { entityNames, type EntityDefinition } from '../client/entities.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createClientFromSettings } from './client-from-settings.js';
import { requireEntity } from './list.js';
import { contractFields } from './output/fields.js';
import { formatOption, type OutputFormat } from './output/format.js';
import { Progress } from './output/progress.js';
import { createRecordWriter, type RecordWriter } from './output/record-writer.js';
import { describeTerminal } from './output/terminal.js';

const EXPORT_FORMATS = ['ndjson', 'csv', 'json'] as const satisfies readonly OutputFormat[];
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportOptions {
  entity?: string[];
  format: ExportFormat;
  out: string;
}

export interface ExportedFile {
  entity: string;
  path: string;
  records: number;
}

/** Parses the `--entity` values: names or aliases, repeated or comma-separated, duplicates dropped. */
export function parseEntityList(values: readonly string[]): EntityDefinition[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) return entityNames.map((name) => requireEntity(name));

  const chosen = new Map<string, EntityDefinition>();
  for (const name of names) {
    const entity = requireEntity(name, '--entity');
    chosen.set(entity.name, entity);
  }
  return [...chosen.values()];
}

/** Number of records waiting to be written above which reading the response waits for the disk. */
const MAX_UNWRITTEN_RECORDS = 1000;

/**
 * Writes one entity to `folder/<entity>.<format>`. The client streams the list: each record is
 * formatted and written as it is parsed from the response, so neither the response nor the records
 * are held whole. Writes are chained in arrival order; when the disk is slower than the network,
 * the chain keeps the records not yet written, and past `MAX_UNWRITTEN_RECORDS` the download waits.
 */
export async function exportEntity(client: Client, entity: EntityDefinition, format: ExportFormat, folder: string, progress: Progress): Promise<ExportedFile> {
  const path = join(folder, `${entity.name}.${format}`);
  const fields = format === 'csv' ? contractFields(entity.definition) : undefined;
  let file = await openTemporaryFile(folder, entity, format, fields);
  let written: Promise<unknown> = Promise.resolve();
  let failed: unknown;
  let unwritten = 0;

  const chain = (step: () => Promise<unknown>) => {
    written = written.then(step).catch((error: unknown) => {
      failed ??= error;
    });
  };
  const streaming: RecordStreamOptions = {
    onRecord: (record) => {
      unwritten++;
      chain(async () => {
        unwritten--;
        if (failed !== undefined) return;
        await file.writer.write(record as Record<string, unknown>);
        progress.status(`${entity.name}: ${file.writer.count} records`);
      });
      if (unwritten > MAX_UNWRITTEN_RECORDS) return written.then(() => undefined);
    },
    // A retry after a dropped connection delivers the list from its start: begin a new file.
    onRestart: () => {
      const previous = file;
      chain(async () => {
        await discard(previous);
        file = await openTemporaryFile(folder, entity, format, fields);
      });
    },
  };

  progress.status(`${entity.name}: reading ${entity.endpoint}…`, true);
  try {
    const returned = await entity.listAll(client, streaming);
    for (const record of returned) streaming.onRecord!(record);
    await written;
    if (failed !== undefined) throw failed;

    await file.writer.finish();
    file.stream.end();
    await once(file.stream, 'close');
    await rename(file.path, path);
  } catch (error) {
    await written;
    await discard(file);
    throw error;
  }

  return { entity: entity.name, path, records: file.writer.count };
}

interface TemporaryFile {
  path: string;
  stream: WriteStream;
  writer: RecordWriter;
}

/** Opens a new temporary file beside the target, renamed over it only when complete. */
async function openTemporaryFile(folder: string, entity: EntityDefinition, format: ExportFormat, fields: string[] | undefined): Promise<TemporaryFile> {
  const path = join(folder, `.${entity.name}.${format}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // `flush` makes the stream fsync the file before closing it, so the rename never exposes a file
  // whose content is still only in the page cache.
  const stream = createWriteStream(path, { flags: 'wx', mode: 0o644, flush: true });
  await once(stream, 'open');
  return { path, stream, writer: createRecordWriter(format, stream, { fields }) };
}

async function discard(file: TemporaryFile): Promise<void> {
  file.stream.destroy();
  await unlink(file.path).catch(() => undefined);
}

async function runExport(options: ExportOptions): Promise<void> {
  const chosen = parseEntityList(options.entity ?? []);
  const folder = resolve(options.out);
  const progress = new Progress(process.stderr, describeTerminal(process.stderr));

  const client = await createClientFromSettings();
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'it, or a folder above it, is a file' : (error as Error).message;
    throw new ConfigurationError(`--out ${options.out} cannot be used as the export folder: ${reason}. Give a folder path.`, { setting: '--out', cause: error });
  }

  try {
    for (const entity of chosen) {
      const file = await exportEntity(client, entity, options.format, folder, progress);
      progress.done(`${file.entity}: ${file.records} records written to ${file.path}`);
    }
  } finally {
    progress.clear();
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Write every entity to one file each, for spreadsheets, databases and other tools.')
    .requiredOption('--out <folder>', 'folder to write the files to; created when missing')
    .option('--entity <names>', `entities to export, repeated or comma-separated (default: all of ${entityNames.join(', ')})`, (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .addOption(formatOption(EXPORT_FORMATS, 'file format').default('ndjson'))
    .addHelpText(
      'after',
      `
Each entity goes to <folder>/<entity>.<format>, such as contacts.ndjson. A file is written under a
temporary name and renamed when complete, so an existing export is replaced only by a whole one.
Archived contacts and closed tenancies are included. Archived properties are not, because the API
lists them apart: use \`propertyme list properties --archived\`. CSV files have a header row with
every field of the contract, nested values as JSON and CRLF line ends (RFC 4180).

Examples:
  $ propertyme export --out ./portfolio
  $ propertyme export --entity contacts,properties --format csv --out ./sheets`,
    )
    .action(async (options: ExportOptions) => runExport(options));
}
