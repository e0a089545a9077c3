// `propertyme get <entity> <id>`: one record, as a field/value table, JSON, NDJSON or CSV.
import type { Command } from 'commander';
import type { Client } from '../client/client.js';
import { entityNames, type EntityName } from '../client/entities.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createClientFromSettings } from './client-from-settings.js';
import { requireEntity } from './list.js';
import { csvLine } from './output/csv.js';
import { defaultFormat, formatOption, OUTPUT_FORMATS, type OutputFormat } from './output/format.js';
import { stringifyWireJson } from '../api/wire-json.js';
import { renderTable } from './output/table.js';
import { describeTerminal, type TerminalInfo } from './output/terminal.js';

interface GetOptions {
  detail?: boolean;
  format?: OutputFormat;
}

type Reader = (client: Client, id: string) => Promise<unknown>;

const READERS: Record<EntityName, Reader> = {
  contacts: (client, id) => client.contacts.get(id),
  members: (client, id) => client.members.get(id),
  properties: (client, id) => client.properties.get(id),
  tenancies: (client, id) => client.tenancies.get(id),
  'tenancy-balances': (client, id) => client.tenancyBalances.get(id),
  jobs: (client, id) => client.jobs.get(id),
  inspections: (client, id) => client.inspections.get(id),
  tasks: (client, id) => client.tasks.get(id),
};

/** Readers for `--detail`: the record with the records that belong to it. */
const DETAIL_READERS: Partial<Record<EntityName, Reader>> = {
  contacts: (client, id) => client.contacts.getWithDetails(id),
  properties: (client, id) => client.properties.detail(id),
};

/** Formats one record; nested records stay nested in JSON and become JSON text in CSV and tables. */
export function formatRecord(record: Record<string, unknown>, format: OutputFormat, terminal: TerminalInfo): string {
  if (format === 'json') return `${stringifyWireJson(record, 2)}\n`;
  if (format === 'ndjson') return `${stringifyWireJson(record)}\n`;

  const fields = Object.keys(record);
  if (format === 'csv') return csvLine(fields) + csvLine(fields.map((field) => record[field]));
  return renderTable(
    ['field', 'value'],
    fields.map((field) => [field, record[field]]),
    { maxWidth: terminal.columns, colour: terminal.colour },
  );
}

async function runGet(entityName: string, id: string, options: GetOptions): Promise<void> {
  const entity = requireEntity(entityName);
  const reader = options.detail ? DETAIL_READERS[entity.name] : READERS[entity.name];
  if (reader === undefined) {
    const names = Object.keys(DETAIL_READERS).join(', ');
    throw new ConfigurationError(`--detail applies to ${names} only, not ${entity.name}`, { setting: '--detail' });
  }
  if (id.trim() === '') throw new ConfigurationError('the id is empty; give the id of a record, as `propertyme list` prints it', { setting: '<id>' });

  const stdout = describeTerminal(process.stdout);
  const format = options.format ?? defaultFormat(stdout);
  const client = await createClientFromSettings();
  const record = await reader(client, id);

  // Members and tenancies have no single-record endpoint, so the client lists them and may find none.
  if (record === undefined || record === null) throw new Error(`no ${entity.name} record has the id ${id}; run \`propertyme list ${entity.name}\` to see the ids`);
  process.stdout.write(formatRecord(record as Record<string, unknown>, format, stdout));
}

export function registerGetCommand(program: Command): void {
  program
    .command('get')
    .description('Show one record by its id.')
    .argument('<entity>', `one of ${entityNames.join(', ')}`)
    .argument('<id>', 'the record id (a GUID, as `propertyme list` prints it)')
    .option('--detail', 'properties: add ownership, tenancy and folio (GET /v1/lots/{Id}/detail); contacts: add contact persons and folio')
    .addOption(formatOption(OUTPUT_FORMATS, 'output format (default: a field/value table on a terminal, json otherwise)'))
    .addHelpText(
      'after',
      `
Examples:
  $ propertyme get properties 0b7e6a52-1f0c-4a8e-9d55-2f4c8a1b9e01 --detail
  $ propertyme get contacts 5d2c9f10-7a4b-4c3e-8f21-6b0a9d3e4c72 --format json | jq .email`,
    )
    .action(async (entityName: string, id: string, options: GetOptions) => runGet(entityName, id, options));
}
