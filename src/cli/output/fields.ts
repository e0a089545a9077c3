// Field selection for output: every field the contract lists, the ones `--fields` names, or a short
// default set for tables.
import { fieldTables } from '../../api/generated/mappers.js';
import { ConfigurationError } from '../../errors/configuration-error.js';

/**
 * camelCase names of every field the contract lists for a definition, `id` first and the rest in the
 * contract's order, so that CSV files start with the key a spreadsheet joins on.
 */
export function contractFields(definition: string): string[] {
  const table = fieldTables[definition];
  if (table === undefined) throw new TypeError(`The contract has no definition named ${definition}`);
  const names = Object.values(table).map(([name]) => name);
  return names.includes('id') ? ['id', ...names.filter((name) => name !== 'id')] : names;
}

/**
 * Checks a comma-separated `--fields` value against a definition and returns the camelCase names.
 * A field may be given in camelCase (`nameText`) or as on the wire (`NameText`), in any letter case.
 *
 * @throws {ConfigurationError} naming the unknown field and listing the valid ones.
 */
export function parseFieldList(value: string, definition: string, subject: string): string[] {
  const table = fieldTables[definition] ?? {};
  const byLowerName = new Map<string, string>();
  for (const [wireName, [name]] of Object.entries(table)) {
    byLowerName.set(name.toLowerCase(), name);
    byLowerName.set(wireName.toLowerCase(), name);
  }

  const requested = value
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  if (requested.length === 0) throw new ConfigurationError('--fields is empty; give field names separated by commas, such as --fields id,reference', { setting: '--fields' });

  return requested.map((field) => {
    const name = byLowerName.get(field.toLowerCase());
    if (name === undefined) {
      throw new ConfigurationError(`unknown field "${field}" for ${subject}; valid fields: ${contractFields(definition).join(', ')}`, {
        setting: '--fields',
      });
    }
    return name;
  });
}

// Columns a table shows when `--fields` is not given, per contract definition: enough to recognise a
// record and copy its id for `propertyme get`, few enough to fit a terminal.
const TABLE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  MobContactData: ['id', 'reference', 'nameText', 'rolesString', 'email', 'cellPhone', 'isArchived'],
  ContactGridData: ['id', 'reference', 'primaryPerson', 'rolesString', 'phone'],
  QuerySuppliersResponse: ['id', 'reference', 'primaryPerson', 'phone', 'balance', 'paymentsDue'],
  OwnerQueryData: ['id', 'reference', 'primaryPerson', 'phone', 'balance', 'billsDue'],
  CustomerMemberData: ['id', 'name', 'role', 'registeredEmail', 'mobilePhone', 'isActivated'],
  MobLotGridData: ['id', 'reference', 'addressText', 'managerName', 'rentAmount', 'rentPeriod', 'vacant'],
  RentalLotQueryData: ['id', 'reference', 'addressText', 'managerName', 'rentAmount', 'rentPeriod', 'daysInArrears'],
  SalePropertyQueryData: ['id', 'reference', 'addressText', 'status', 'askingPrice', 'managerName'],
  LotsQueryData: ['id', 'reference', 'addressText', 'managerName', 'adRentAmount', 'adRentPeriod'],
  LotGridData: ['id', 'reference', 'addressText', 'managerName', 'archivedOn'],
  TenancyApiData: ['id', 'lotReference', 'name', 'rentAmount', 'rentPeriod', 'paidTo', 'isActive'],
  TenancyBalanceData: ['id', 'lotReference', 'name', 'rentAmount', 'totalArrears', 'daysInArrears', 'isActive'],
  IntegratorJobTaskV2QueryData: ['id', 'number', 'summary', 'status', 'lotReference', 'dueDate'],
  ChangedInspectionData: ['id', 'type', 'status', 'lotReference', 'startTime', 'dueDate'],
  MobTaskQueryData: ['id', 'summary', 'taskStatus', 'priority', 'lotReference', 'dueDate'],
};

/** Columns of a table of this definition when `--fields` is not given. */
export function defaultTableColumns(definition: string): string[] {
  const chosen = TABLE_COLUMNS[definition];
  if (chosen !== undefined) return [...chosen];
  return contractFields(definition).slice(0, 6);
}

/** Reads the named fields of a record, in order. */
export function pickFields(record: Record<string, unknown>, fields: readonly string[]): unknown[] {
  return fields.map((field) => record[field]);
}

/**
 * Copies a record with only the named fields, in order, for JSON output. A field the record lacks is
 * null, so every JSON record has the same keys.
 */
export function projectRecord(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const projected: Record<string, unknown> = {};
  for (const field of fields) projected[field] = record[field] ?? null;
  return projected;
}
