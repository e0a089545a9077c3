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

const timestamp = field('timestamp', 'int64', 'timestamp');
const createdOn = field('created_on', 'date', 'createdOn');
const updatedOn = field('updated_on', 'date', 'updatedOn');
const archivedOn = field('archived_on', 'date', 'archivedOn');
const closedOn = field('closed_on', 'date', 'closedOn');

// Tenancy lists carry `IsClosed` but no close date, so `closed_on` takes the tenancy's end date, or
// its last update when no end date was recorded.
const tenancyClosedOn: ColumnSpec = {
  name: 'closed_on',
  type: 'date',
  value: (record) => (record.isClosed === true ? (record.tenancyEnd ?? record.updatedOn ?? null) : null),
};

/** Columns that jobs, inspections and tasks share: their references and life-cycle dates. */
const activityColumns: readonly ColumnSpec[] = [
  field('lot_id', 'text', 'lotId'),
  field('contact_id', 'text', 'contactId'),
  field('owner_contact_id', 'text', 'ownerContactId'),
  field('tenant_contact_id', 'text', 'tenantContactId'),
  field('manager_member_id', 'text', 'managerMemberId'),
  field('summary', 'text', 'summary'),
  field('due_date', 'date', 'dueDate'),
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
      field('reference', 'text', 'reference'),
      field('name', 'text', 'nameText'),
      field('email', 'text', 'email'),
      field('cell_phone', 'text', 'cellPhone'),
      field('postal_address', 'text', 'postalAddressText'),
      field('physical_address', 'text', 'physicalAddressText'),
      field('is_owner', 'boolean', 'isOwner'),
      field('is_tenant', 'boolean', 'isTenant'),
      field('is_supplier', 'boolean', 'isSupplier'),
      field('is_seller', 'boolean', 'isSeller'),
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
      field('name', 'text', 'name'),
      field('first_name', 'text', 'firstName'),
      field('last_name', 'text', 'lastName'),
      field('email', 'text', 'registeredEmail'),
      field('role', 'text', 'role'),
      field('job_title', 'text', 'jobTitle'),
      field('is_activated', 'boolean', 'isActivated'),
      field('registered_on', 'date', 'registeredOn'),
    ],
  },
  properties: {
    entity: 'properties',
    table: 'properties',
    columns: [
      field('reference', 'text', 'reference'),
      field('address', 'text', 'addressText'),
      nested('suburb', 'text', 'address', 'suburb'),
      nested('state', 'text', 'address', 'state'),
      nested('postcode', 'text', 'address', 'postalCode'),
      field('property_type', 'text', 'primaryType'),
      field('bedrooms', 'integer', 'bedrooms'),
      field('bathrooms', 'integer', 'bathrooms'),
      field('car_spaces', 'integer', 'carSpaces'),
      field('is_rental', 'boolean', 'isRental'),
      field('rent_amount', 'real', 'rentAmount'),
      field('rent_period', 'text', 'rentPeriod'),
      field('owner_contact_id', 'text', 'ownerContactId'),
      field('tenant_contact_id', 'text', 'tenantContactId'),
      field('active_ownership_id', 'text', 'activeOwnershipId'),
      field('active_tenancy_id', 'text', 'activeTenancyId'),
      field('manager_member_id', 'text', 'activeManagerMemberId'),
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
      field('lot_id', 'text', 'lotId'),
      field('contact_id', 'text', 'contactId'),
      field('name', 'text', 'name'),
      field('code', 'text', 'code'),
      field('lot_reference', 'text', 'lotReference'),
      field('lot_address', 'text', 'lotAddress'),
      field('rent_amount', 'real', 'rentAmount'),
      field('rent_period', 'text', 'rentPeriod'),
      field('bond_amount', 'real', 'bondAmount'),
      field('tenancy_start', 'date', 'tenancyStart'),
      field('tenancy_end', 'date', 'tenancyEnd'),
      field('agreement_end', 'date', 'agreementEnd'),
      field('paid_to', 'date', 'paidTo'),
      field('is_active', 'boolean', 'isActive'),
      field('is_closed', 'boolean', 'isClosed'),
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
      field('lot_id', 'text', 'lotId'),
      field('contact_id', 'text', 'contactId'),
      field('folio_id', 'text', 'folioId'),
      field('name', 'text', 'name'),
      field('lot_address', 'text', 'lotAddress'),
      field('rent_amount', 'real', 'rentAmount'),
      field('rent_period', 'text', 'rentPeriod'),
      field('paid_to', 'date', 'paidTo'),
      field('days_in_arrears', 'integer', 'daysInArrears'),
      field('rent_arrears', 'real', 'rentArrears'),
      field('bond_arrears', 'real', 'bondArrears'),
      field('total_arrears', 'real', 'totalArrears'),
      field('is_active', 'boolean', 'isActive'),
      field('is_closed', 'boolean', 'isClosed'),
      updatedOn,
      closedOn,
    ],
    retiredColumn: 'closed_on',
  },
  jobs: {
    entity: 'jobs',
    table: 'jobs',
    columns: [field('number', 'integer', 'number'), field('status', 'text', 'status'), field('priority', 'text', 'priority'), ...activityColumns],
    retiredColumn: 'closed_on',
  },
  inspections: {
    entity: 'inspections',
    table: 'inspections',
    columns: [
      field('type', 'text', 'type'),
      field('status', 'text', 'status'),
      field('start_time', 'date', 'startTime'),
      field('duration_minutes', 'integer', 'duration'),
      field('is_published', 'boolean', 'isPublished'),
      ...activityColumns,
    ],
    retiredColumn: 'closed_on',
  },
  tasks: {
    entity: 'tasks',
    table: 'tasks',
    columns: [field('type', 'text', 'type'), field('status', 'text', 'taskStatus'), field('priority', 'integer', 'priority'), ...activityColumns],
    retiredColumn: 'closed_on',
  },
};
