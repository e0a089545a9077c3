// `propertyme list <entity>`: one list of records, as a table, JSON, NDJSON or CSV.
import type { Command } from 'commander';
import type { Client } from '../client/client.js';
import { entities, entityNames, findEntity, type EntityDefinition, type EntityName } from '../client/entities.js';
import { DEFAULT_PAGE_SIZE } from '../client/paginate.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createClientFromSettings } from './client-from-settings.js';
import { watchBrokenPipe } from './output/broken-pipe.js';
import { contractFields, defaultTableColumns, parseFieldList } from './output/fields.js';
import { defaultFormat, formatOption, OUTPUT_FORMATS, type OutputFormat } from './output/format.js';
import { parsePositiveInteger } from './output/option-parsers.js';
import { createRecordWriter } from './output/record-writer.js';
import { describeTerminal } from './output/terminal.js';

type AnyRecord = Record<string, unknown>;

/** The filtered lists, each served by its own paged endpoint. */
const FILTERS = {
  rentals: { entity: 'properties', definition: 'RentalLotQueryData', endpoint: 'GET /v1/lots/rentals' },
  sales: { entity: 'properties', definition: 'SalePropertyQueryData', endpoint: 'GET /v1/lots/sales' },
  vacant: { entity: 'properties', definition: 'LotsQueryData', endpoint: 'GET /v1/lots/vacancy' },
  tenants: { entity: 'contacts', definition: 'ContactGridData', endpoint: 'GET /v1/contacts/tenants' },
  suppliers: { entity: 'contacts', definition: 'QuerySuppliersResponse', endpoint: 'GET /v1/contacts/suppliers' },
  owners: { entity: 'contacts', definition: 'OwnerQueryData', endpoint: 'GET /v1/contacts/ownerships' },
} as const satisfies Record<string, { entity: EntityName; definition: string; endpoint: string }>;
type FilterName = keyof typeof FILTERS;

/** Entities for which `--archived` changes what is listed, and how. */
const ARCHIVED_MEANING: Partial<Record<EntityName, string>> = {
  contacts: 'archived contacts are included',
  tenancies: 'closed tenancies are included',
  properties: 'only archived properties are listed (GET /v1/lots/archived)',
};

export interface ListOptions {
  changedSince?: string;
  archived?: boolean;
  fields?: string;
  limit?: number;
  format?: OutputFormat;
  rentals?: boolean;
  sales?: boolean;
  vacant?: boolean;
  tenants?: boolean;
  suppliers?: boolean;
  owners?: boolean;
}

/** The records of one list request, with the contract definition that describes them. */
export interface ListSource {
  definition: string;
  records: AsyncIterable<AnyRecord>;
}

/**
 * Finds an entity by name or alias.
 *
 * @throws {ConfigurationError} naming the value and listing the valid entities.
 */
export function requireEntity(name: string, setting = '<entity>'): EntityDefinition {
  const entity = findEntity(name);
  if (entity === undefined) {
    throw new ConfigurationError(`unknown entity "${name}"; valid entities: ${entityNames.join(', ')}`, { setting });
  }
  return entity;
}

async function* fromArray(rows: Promise<unknown[]>): AsyncGenerator<AnyRecord> {
  yield* (await rows) as AnyRecord[];
}

function chosenFilter(entity: EntityDefinition, options: ListOptions): FilterName | undefined {
  const given = (Object.keys(FILTERS) as FilterName[]).filter((name) => options[name] === true);
  if (given.length > 1) throw new ConfigurationError(`--${given[0]} and --${given[1]} cannot be combined; choose one`, { setting: `--${given[1]}` });

  const filter = given[0];
  if (filter !== undefined && FILTERS[filter].entity !== entity.name) {
    throw new ConfigurationError(`--${filter} applies to ${FILTERS[filter].entity} only, not ${entity.name}`, { setting: `--${filter}` });
  }
  return filter;
}

/** Parses `--changed-since` as the entity's change cursor: an int64 Timestamp or a date-time. */
function parseChangedSince(value: string, entity: EntityDefinition, kind: 'timestamp' | 'date-time'): bigint | string {
  if (kind === 'timestamp') {
    if (!/^\d+$/.test(value)) {
      throw new ConfigurationError(
        `--changed-since for ${entity.name} must be a Timestamp (an integer such as 638600000000000000), not "${value}"`,
        { setting: '--changed-since' },
      );
    }
    return BigInt(value);
  }
  if (Number.isNaN(Date.parse(value))) {
    throw new ConfigurationError(`--changed-since for ${entity.name} must be an ISO 8601 date-time such as 2026-01-31T00:00:00Z, not "${value}"`, {
      setting: '--changed-since',
    });
  }
  return value;
}

/**
 * Works out which endpoint serves a `list` request and starts reading it.
 *
 * @throws {ConfigurationError} for options that do not apply to the entity or to each other.
 */
export function openListSource(client: Client, entity: EntityDefinition, options: ListOptions): ListSource {
  const filter = chosenFilter(entity, options);
  const paging = { pageSize: Math.min(options.limit ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE) };

  if (options.archived && ARCHIVED_MEANING[entity.name] === undefined) {
    const names = Object.keys(ARCHIVED_MEANING).join(', ');
    throw new ConfigurationError(`--archived applies to ${names} only, not ${entity.name}`, { setting: '--archived' });
  }
  if (options.archived && filter !== undefined) {
    throw new ConfigurationError(`--archived cannot be combined with --${filter}`, { setting: '--archived' });
  }

  if (entity.name === 'properties' && options.archived) {
    const since = options.changedSince === undefined ? undefined : parseChangedSince(options.changedSince, entity, 'date-time');
    return { definition: 'LotGridData', records: client.properties.archived({ ...paging, archivedSince: since as string | undefined }) as AsyncIterable<AnyRecord> };
  }

  if (filter !== undefined) {
    if (options.changedSince !== undefined) {
      throw new ConfigurationError(`--changed-since cannot be combined with --${filter}, because ${FILTERS[filter].endpoint} has no change filter`, {
        setting: '--changed-since',
      });
    }
    const pages: Record<FilterName, () => AsyncIterable<unknown>> = {
      rentals: () => client.properties.rentals(paging),
      sales: () => client.properties.sales(paging),
      vacant: () => client.properties.vacancies(paging),
      tenants: () => client.contacts.tenants(paging),
      suppliers: () => client.contacts.suppliers(paging),
      owners: () => client.contacts.ownerships(paging),
    };
    return { definition: FILTERS[filter].definition, records: pages[filter]() as AsyncIterable<AnyRecord> };
  }

  let since: bigint | string | undefined;
  if (options.changedSince !== undefined) {
    if (entity.changeTracking === 'none') {
      throw new ConfigurationError(`--changed-since does not apply to ${entity.name}, because ${entity.endpoint} has no change filter`, {
        setting: '--changed-since',
      });
    }
    since = parseChangedSince(options.changedSince, entity, entity.changeTracking === 'timestamp' ? 'timestamp' : 'date-time');
  }

  // The API leaves out archived contacts and closed tenancies unless asked. The registry's listAll
  // always includes them, as sync needs, so these two entities are read through the client.
  if (entity.name === 'contacts') {
    const rows = client.contacts.changedSince(since ?? 0n, { includeArchived: options.archived === true });
    return { definition: entity.definition, records: fromArray(rows) };
  }
  if (entity.name === 'tenancies') {
    return { definition: entity.definition, records: fromArray(client.tenancies.all({ includeClosed: options.archived === true })) };
  }

  const rows = since === undefined ? entity.listAll(client) : entity.listChanged!(client, since);
  return { definition: entity.definition, records: fromArray(rows) };
}

/** Chooses the fields to print: `--fields`, else every contract field for CSV or a short set for tables. */
export function outputFields(format: OutputFormat, definition: string, subject: string, fieldsOption: string | undefined): string[] | undefined {
  if (fieldsOption !== undefined) return parseFieldList(fieldsOption, definition, subject);
  // NOTE: a field the API sends beyond the contract appears in JSON and NDJSON only, because CSV
  // columns are fixed before the first record arrives.
  if (format === 'csv') return contractFields(definition);
  if (format === 'table') return defaultTableColumns(definition);
  return undefined;
}

async function runList(entityName: string, options: ListOptions): Promise<void> {
  const entity = requireEntity(entityName);
  const stdout = describeTerminal(process.stdout);
  const format = options.format ?? defaultFormat(stdout);

  const client = await createClientFromSettings();
  const source = openListSource(client, entity, options);
  const fields = outputFields(format, source.definition, entity.name, options.fields);
  const writer = createRecordWriter(format, process.stdout, { fields, maxWidth: stdout.columns, colour: stdout.colour });
  const pipe = watchBrokenPipe(process.stdout);

  try {
    for await (const record of source.records) {
      await writer.write(record);
      // Stopping here, not when the next record arrives, saves fetching a page that is not printed.
      if (options.limit !== undefined && writer.count >= options.limit) break;
    }
    await writer.finish();
  } catch (error) {
    // The reader of the pipe has exited (as `head` does), so the output is not read any more.
    if (pipe.broken) return;
    throw error;
  } finally {
    pipe.dispose();
  }

  if (format === 'table' && writer.count === 0) process.stderr.write(`No ${entity.name} found.\n`);
}

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('List the records of one entity.')
    .argument('<entity>', `one of ${entityNames.join(', ')}`)
    .option('--changed-since <cursor>', 'only records changed after this Timestamp (an integer); for tenancy-balances, updated on or after this ISO 8601 date-time; with properties --archived, archived on or after it')
    .option('--archived', `contacts: include archived ones; tenancies: include closed ones; properties: list only archived ones`)
    .option('--rentals', 'properties: only those under management for rent')
    .option('--sales', 'properties: only those for sale')
    .option('--vacant', 'properties: only the vacant ones')
    .option('--tenants', 'contacts: only tenants')
    .option('--suppliers', 'contacts: only suppliers')
    .option('--owners', 'contacts: only owners, with their balances')
    .option('--fields <names>', 'comma-separated fields to print, in camelCase or as on the wire (default: all; a short set in a table)')
    .option('--limit <n>', 'print at most this many records', parsePositiveInteger)
    .addOption(formatOption(OUTPUT_FORMATS, 'output format (default: table on a terminal, json otherwise)'))
    .addHelpText(
      'after',
      `
Field names are the camelCase names of the client's models; int64 Timestamps are printed in full.
In CSV, nested records and arrays are JSON. Dates are ISO 8601 as the API sends them.

Examples:
  $ propertyme list properties --rentals --limit 20
  $ propertyme list contacts --owners --fields id,reference,balance --format csv > owners.csv
  $ propertyme list jobs --changed-since 638600000000000000 --format ndjson | jq .summary`,
    )
    .action(async (entityName: string, options: ListOptions) => runList(entityName, options));
}
