// The mirror's tables: one per entity, with typed columns for the fields people filter and join on,
// and a `data` column holding the whole record. Both targets build their DDL from these specs.
import type { EntityName } from '../client/entities.js';

/**
 * Column kinds, mapped per target. Dates stay ISO 8601 text as PropertyMe sends them, so they sort
 * as text and keep whatever offset the API wrote. `int64` is a `Timestamp`: TEXT in SQLite and
 * NUMERIC(20) in PostgreSQL, never a floating-point number.
 */
export type ColumnType = 'text' | 'integer' | 'real' | 'boolean' | 'date' | 'int64';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Reads the column's value from the record as PropertyMe sent it, with PropertyMe's field names. */
  readonly value: (record: Record<string, unknown>) => unknown;
}

export interface TableSpec {
  readonly entity: EntityName;
  readonly table: string;
  /** Typed columns after `id`, in order; `deleted_at` and `data` follow them. */
  readonly columns: readonly ColumnSpec[];
  /** Column that is set once the record is archived or closed, for the summary's `archived` count. */
  readonly retiredColumn?: 'archived_on' | 'closed_on';
}

/** Table with one row per entity: its cursor, last sync time and row count. */
export const CURSOR_TABLE = 'sync_cursors';

function field(name: string, type: ColumnType, key: string): ColumnSpec {
  return { name, type, value: (record) => record[key] };
}

function nested(name: string, type: ColumnType, outer: string, inner: string): ColumnSpec {
  return {
    name,
    type,
    value: (record) => {
      const value = record[outer];
      return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[inner] : null;
    },
  };
}

const timestamp = field('timestamp', 'int64', 'Timestamp');
const createdOn = field('created_on', 'date', 'CreatedOn');
const updatedOn = field('updated_on', 'date', 'UpdatedOn');
const archivedOn = field('archived_on', 'date', 'ArchivedOn');
const closedOn = field('closed_on', 'date', 'ClosedOn');

// Tenancy lists carry `IsClosed` but no close date, so `closed_on` takes the tenancy's end date, or
// its last update when no end date was recorded.
const tenancyClosedOn: ColumnSpec = {
  name: 'closed_on',
  type: 'date',
  value: (record) => (record.IsClosed === true ? (record.TenancyEnd ?? record.UpdatedOn ?? null) : null),
};

/** Columns that jobs, inspections and tasks share: their references and life-cycle dates. */
const activityColumns: readonly ColumnSpec[] = [
  field('lot_id', 'text', 'LotId'),
  field('contact_id', 'text', 'ContactId'),
  field('owner_contact_id', 'text', 'OwnerContactId'),
  field('tenant_contact_id', 'text', 'TenantContactId'),
  field('manager_member_id', 'text', 'ManagerMemberId'),
  field('summary', 'text', 'Summary'),
  field('due_date', 'date', 'DueDate'),
  createdOn,
  updatedOn,
  closedOn,
  timestamp,
];

export const tables: Readonly<Record<EntityName, TableSpec>> = {
  contacts: {
    entity: 'contacts',
    table: 'contacts',
    columns: [
      field('reference', 'text', 'Reference'),
      field('name', 'text', 'NameText'),
      field('email', 'text', 'Email'),
      field('cell_phone', 'text', 'CellPhone'),
      field('postal_address', 'text', 'PostalAddressText'),
      field('physical_address', 'text', 'PhysicalAddressText'),
      field('is_owner', 'boolean', 'IsOwner'),
      field('is_tenant', 'boolean', 'IsTenant'),
      field('is_supplier', 'boolean', 'IsSupplier'),
      field('is_seller', 'boolean', 'IsSeller'),
      createdOn,
      updatedOn,
      archivedOn,
      timestamp,
    ],
    retiredColumn: 'archived_on',
  },
  members: {
    entity: 'members',
    table: 'members',
    columns: [
      field('name', 'text', 'Name'),
      field('first_name', 'text', 'FirstName'),
      field('last_name', 'text', 'LastName'),
      field('email', 'text', 'RegisteredEmail'),
      field('role', 'text', 'Role'),
      field('job_title', 'text', 'JobTitle'),
      field('is_activated', 'boolean', 'IsActivated'),
      field('registered_on', 'date', 'RegisteredOn'),
    ],
  },
  properties: {
    entity: 'properties',
    table: 'properties',
    columns: [
      field('reference', 'text', 'Reference'),
      field('address', 'text', 'AddressText'),
      nested('suburb', 'text', 'Address', 'Suburb'),
      nested('state', 'text', 'Address', 'State'),
      nested('postcode', 'text', 'Address', 'PostalCode'),
      field('property_type', 'text', 'PrimaryType'),
      field('bedrooms', 'integer', 'Bedrooms'),
      field('bathrooms', 'integer', 'Bathrooms'),
      field('car_spaces', 'integer', 'CarSpaces'),
      field('is_rental', 'boolean', 'IsRental'),
      field('rent_amount', 'real', 'RentAmount'),
      field('rent_period', 'text', 'RentPeriod'),
      field('owner_contact_id', 'text', 'OwnerContactId'),
      field('tenant_contact_id', 'text', 'TenantContactId'),
      field('active_ownership_id', 'text', 'ActiveOwnershipId'),
      field('active_tenancy_id', 'text', 'ActiveTenancyId'),
      field('manager_member_id', 'text', 'ActiveManagerMemberId'),
      createdOn,
      updatedOn,
      archivedOn,
      timestamp,
    ],
    retiredColumn: 'archived_on',
  },
  tenancies: {
    entity: 'tenancies',
    table: 'tenancies',
    columns: [
      field('lot_id', 'text', 'LotId'),
      field('contact_id', 'text', 'ContactId'),
      field('name', 'text', 'Name'),
      field('code', 'text', 'Code'),
      field('lot_reference', 'text', 'LotReference'),
      field('lot_address', 'text', 'LotAddress'),
      field('rent_amount', 'real', 'RentAmount'),
      field('rent_period', 'text', 'RentPeriod'),
      field('bond_amount', 'real', 'BondAmount'),
      field('tenancy_start', 'date', 'TenancyStart'),
      field('tenancy_end', 'date', 'TenancyEnd'),
      field('agreement_end', 'date', 'AgreementEnd'),
      field('paid_to', 'date', 'PaidTo'),
      field('is_active', 'boolean', 'IsActive'),
      field('is_closed', 'boolean', 'IsClosed'),
      createdOn,
      updatedOn,
      tenancyClosedOn,
    ],
    retiredColumn: 'closed_on',
  },
  'tenancy-balances': {
    entity: 'tenancy-balances',
    table: 'tenancy_balances',
    columns: [
      field('lot_id', 'text', 'LotId'),
      field('contact_id', 'text', 'ContactId'),
      field('folio_id', 'text', 'FolioId'),
      field('name', 'text', 'Name'),
      field('lot_address', 'text', 'LotAddress'),
      field('rent_amount', 'real', 'RentAmount'),
      field('rent_period', 'text', 'RentPeriod'),
      field('paid_to', 'date', 'PaidTo'),
      field('days_in_arrears', 'integer', 'DaysInArrears'),
      field('rent_arrears', 'real', 'RentArrears'),
      field('bond_arrears', 'real', 'BondArrears'),
      field('total_arrears', 'real', 'TotalArrears'),
      field('is_active', 'boolean', 'IsActive'),
      field('is_closed', 'boolean', 'IsClosed'),
      updatedOn,
      closedOn,
    ],
    retiredColumn: 'closed_on',
  },
  jobs: {
    entity: 'jobs',
    table: 'jobs',
    columns: [field('number', 'integer', 'Number'), field('status', 'text', 'Status'), field('priority', 'text', 'Priority'), ...activityColumns],
    retiredColumn: 'closed_on',
  },
  inspections: {
    entity: 'inspections',
    table: 'inspections',
    columns: [
      field('type', 'text', 'Type'),
      field('status', 'text', 'Status'),
      field('start_time', 'date', 'StartTime'),
      field('duration_minutes', 'integer', 'Duration'),
      field('is_published', 'boolean', 'IsPublished'),
      ...activityColumns,
    ],
    retiredColumn: 'closed_on',
  },
  tasks: {
    entity: 'tasks',
    table: 'tasks',
    columns: [field('type', 'text', 'Type'), field('status', 'text', 'TaskStatus'), field('priority', 'integer', 'Priority'), ...activityColumns],
    retiredColumn: 'closed_on',
  },
};
