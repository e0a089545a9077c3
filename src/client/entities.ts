// The eight entities that `sync`, `list` and `export` work with, and how each one is read.
import type { RequestOptions } from '../api/operation-spec.js';
import type { Client } from './client.js';

export type EntityName =
  | 'contacts'
  | 'members'
  | 'properties'
  | 'tenancies'
  | 'tenancy-balances'
  | 'jobs'
  | 'inspections'
  | 'tasks';

/**
 * How an entity reports change: an int64 `Timestamp` cursor (strictly greater than), the
 * `LastUpdated` date-time of tenancy balances (on or after), or nothing (re-read in full).
 */
export type ChangeTracking = 'timestamp' | 'last-updated' | 'none';

export interface EntityDefinition {
  name: EntityName;
  /** Contract definition of one listed record, such as `MobContactData`. */
  definition: string;
  /** Endpoint behind the list, for messages and docs. */
  endpoint: string;
  changeTracking: ChangeTracking;
  /** Lists every record, archived and closed ones included where the API allows it. */
  listAll(client: Client, options?: RequestOptions): Promise<Array<Record<string, unknown>>>;
  /** Lists the records changed after a cursor; absent for entities without change tracking. */
  listChanged?(client: Client, cursor: bigint | string, options?: RequestOptions): Promise<Array<Record<string, unknown>>>;
}

type Rows = Promise<Array<Record<string, unknown>>>;

export const entities: Readonly<Record<EntityName, EntityDefinition>> = {
  contacts: {
    name: 'contacts',
    definition: 'MobContactData',
    endpoint: 'GET /v1/contacts',
    changeTracking: 'timestamp',
    listAll: (client, options) => client.contacts.all({ ...options, includeArchived: true }) as Rows,
    listChanged: (client, cursor, options) => client.contacts.changedSince(cursor as bigint, { ...options, includeArchived: true }) as Rows,
  },
  members: {
    name: 'members',
    definition: 'CustomerMemberData',
    endpoint: 'GET /v1/members',
    changeTracking: 'none',
    listAll: (client, options) => client.members.all(options) as Rows,
  },
  properties: {
    name: 'properties',
    definition: 'MobLotGridData',
    endpoint: 'GET /v1/lots',
    changeTracking: 'timestamp',
    listAll: (client, options) => client.properties.all(options) as Rows,
    listChanged: (client, cursor, options) => client.properties.changedSince(cursor as bigint, options) as Rows,
  },
  tenancies: {
    name: 'tenancies',
    definition: 'TenancyApiData',
    endpoint: 'GET /v1/tenancies',
    changeTracking: 'none',
    listAll: (client, options) => client.tenancies.all({ ...options, includeClosed: true }) as Rows,
  },
  'tenancy-balances': {
    name: 'tenancy-balances',
    definition: 'TenancyBalanceData',
    endpoint: 'GET /v1/tenancies/balances',
    changeTracking: 'last-updated',
    listAll: (client, options) => client.tenancyBalances.all(options) as Rows,
    listChanged: (client, cursor, options) => client.tenancyBalances.changedSince(String(cursor), options) as Rows,
  },
  jobs: {
    name: 'jobs',
    definition: 'IntegratorJobTaskV2QueryData',
    endpoint: 'GET /v2/jobtasks',
    changeTracking: 'timestamp',
    listAll: (client, options) => client.jobs.all(options) as Rows,
    listChanged: (client, cursor, options) => client.jobs.changedSince(cursor as bigint, options) as Rows,
  },
  inspections: {
    name: 'inspections',
    definition: 'ChangedInspectionData',
    endpoint: 'GET /v1/inspections',
    changeTracking: 'timestamp',
    listAll: (client, options) => client.inspections.all(options) as Rows,
    listChanged: (client, cursor, options) => client.inspections.changedSince(cursor as bigint, options) as Rows,
  },
  tasks: {
    name: 'tasks',
    definition: 'MobTaskQueryData',
    endpoint: 'GET /v1/tasks',
    changeTracking: 'timestamp',
    listAll: (client, options) => client.tasks.all(options) as Rows,
    listChanged: (client, cursor, options) => client.tasks.changedSince(cursor as bigint, options) as Rows,
  },
};

export const entityNames = Object.keys(entities) as EntityName[];

/** Finds an entity by name, accepting `tenancy_balances`, `tenancyBalances` and `lots` as well. */
export function findEntity(name: string): EntityDefinition | undefined {
  const normalised = name
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
  if (normalised === 'lots') return entities.properties;
  return Object.hasOwn(entities, normalised) ? (entities as Record<string, EntityDefinition>)[normalised] : undefined;
}
