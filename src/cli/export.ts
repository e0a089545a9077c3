// `propertyme export`: every entity to one file each, streamed to disk. Each file is written under a
// temporary name and renamed when complete, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Client } from '../client/client.js';
import { entityNames, type EntityDefinition } from '../client/entities.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createClientFromSettings } from './client-from-settings.js';
import { requireEntity } from './list.js';
import { contractFields } from './output/fields.js';
import { formatOption, type OutputFormat } from './output/format.js';
import { Progress } from './output/progress.js';
import { createRecordWriter } from './output/record-writer.js';
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

/**
 * Writes one entity to `folder/<entity>.<format>`. Records are formatted and written one at a time,
 * waiting whenever the disk falls behind, and each is released once written, so the memory held is
 * the API's response rather than the response plus its formatted copy.
 */
export async function exportEntity(client: Client, entity: EntityDefinition, format: ExportFormat, folder: string, progress: Progress): Promise<ExportedFile> {
  const path = join(folder, `${entity.name}.${format}`);
  const temporaryPath = join(folder, `.${entity.name}.${format}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

  progress.status(`${entity.name}: reading ${entity.endpoint}…`, true);
  // NOTE: these endpoints return their whole list in one response, and the HTTP layer reads it into
  // memory before the first record can be written. The largest entity therefore sets the peak.
  const rows = (await entity.listAll(client)) as Array<Record<string, unknown> | undefined>;

  // `flush` makes the stream fsync the file before closing it, so the rename below never exposes a
  // file whose content is still only in the page cache.
  const stream = createWriteStream(temporaryPath, { flags: 'wx', mode: 0o644, flush: true });
  const fields = format === 'csv' ? contractFields(entity.definition) : undefined;
  const writer = createRecordWriter(format, stream, { fields });

  try {
    await once(stream, 'open');
    for (let index = 0; index < rows.length; index++) {
      const record = rows[index]!;
      rows[index] = undefined;
      await writer.write(record);
      progress.status(`${entity.name}: ${writer.count} of ${rows.length} records`);
    }
    await writer.finish();

    stream.end();
    await once(stream, 'close');
    await rename(temporaryPath, path);
  } catch (error) {
    stream.destroy();
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }

  return { entity: entity.name, path, records: writer.count };
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
