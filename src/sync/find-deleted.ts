// Decides which stored rows PropertyMe no longer has. Only ids that a complete read did not return
// are checked, so a run costs one request per vanished record rather than one per record.
import type { RequestOptions } from '../api/operation-spec.js';
import type { Client } from '../client/client.js';
import type { EntityName } from '../client/entities.js';
import { isHttpError } from '../errors/http-error.js';

type SingleRead = (client: Client, id: string, options: RequestOptions) => Promise<unknown>;

/**
 * Single-record reads, by entity. Members and tenancies have none: their lists already include
 * every record (closed tenancies too), so an id missing from them is gone.
 */
const singleReads: Partial<Record<EntityName, SingleRead>> = {
  contacts: (client, id, options) => client.api.contact({ id }, options),
  properties: (client, id, options) => client.api.lot({ id }, options),
  'tenancy-balances': (client, id, options) => client.api.singleTenancyBalance({ id }, options),
  jobs: (client, id, options) => client.api.jobTaskV2({ id }, options),
  inspections: (client, id, options) => client.api.getInspection({ id }, options),
  tasks: (client, id, options) => client.api.getTask({ id }, options),
};

/** Single reads sent at once; the HTTP client's own limit applies on top. */
const RECHECK_CONCURRENCY = 4;

export interface DeletedIds {
  deletedIds: string[];
  requests: number;
}

/**
 * Returns the ids among `missing` whose single read returns 404. A record that a single read still
 * returns keeps its row as it was.
 *
 * @throws the first error other than 404, which fails the entity's sync.
 */
export async function findDeleted(client: Client, entity: EntityName, missing: readonly string[], options: RequestOptions): Promise<DeletedIds> {
  const read = singleReads[entity];
  if (read === undefined || missing.length === 0) return { deletedIds: [...missing], requests: 0 };

  const deletedIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const id = missing[next++]!;
      try {
        await read(client, id, options);
      } catch (error) {
        if (isHttpError(error) && error.status === 404) deletedIds.push(id);
        else throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RECHECK_CONCURRENCY, missing.length) }, worker));
  // Workers finish in any order; sorting keeps the write order stable between runs.
  return { deletedIds: deletedIds.sort(), requests: missing.length };
}
