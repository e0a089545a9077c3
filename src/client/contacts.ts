import type { PropertyMeApi } from '../api/generated/api.js';
import { HttpError } from '../errors/http-error.js';
import type { Contact, ContactGridData, GetContactResponse, MobContactData, OwnerQueryData, QuerySuppliersResponse } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';
import { paginate, toTimestamp, type PageOptions } from './paginate.js';

export interface ContactListOptions extends RequestOptions {
  /** Include archived contacts (`IncludeArchived`). Default false, as on the API. */
  includeArchived?: boolean;
}

/** Owners, tenants, suppliers and other contacts (`/v1/contacts`). */
export class Contacts {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  /** Lists every contact. */
  all(options: ContactListOptions = {}): Promise<MobContactData[]> {
    return this.changedSince(0n, options);
  }

  /** Lists the contacts whose `Timestamp` is greater than `timestamp`. */
  changedSince(timestamp: bigint | string | number, options: ContactListOptions = {}): Promise<MobContactData[]> {
    const { includeArchived, ...requestOptions } = options;
    return this.#api.changedContacts({ timestamp: toTimestamp(timestamp), includeArchived }, requestOptions);
  }

  /** Reads one contact, unwrapped from the `{ Contact: ... }` envelope the API returns. */
  async get(id: string, options?: RequestOptions): Promise<Contact> {
    const response = await this.#api.contact({ id }, options);
    if (!response?.contact) {
      const path = `/v1/contacts/${encodeURIComponent(id)}`;
      throw new HttpError(`GET ${path} returned no Contact envelope, which the contract promises`, {
        status: 200,
        reason: 'invalid-response',
        operationId: 'ContactRequestcontactsId_Get',
        method: 'GET',
        path,
        body: JSON.stringify(Object.keys(response ?? {})),
      });
    }
    return response.contact;
  }

  /** Reads one contact with its envelope: contact persons, folio and payment settings. */
  getWithDetails(id: string, options?: RequestOptions): Promise<GetContactResponse> {
    return this.#api.contact({ id }, options);
  }

  /** Iterates the tenant contacts page by page. */
  tenants(options: PageOptions & RequestOptions = {}): AsyncGenerator<ContactGridData> {
    return paginate((offset, limit) => this.#api.contactTenants({ offset, limit }, options), options);
  }

  /** Iterates the supplier contacts page by page. */
  suppliers(options: PageOptions & RequestOptions = {}): AsyncGenerator<QuerySuppliersResponse> {
    return paginate((offset, limit) => this.#api.querySuppliers({ offset, limit }, options), options);
  }

  /** Iterates the ownerships (owner contacts with their lots) page by page. */
  ownerships(options: PageOptions & RequestOptions = {}): AsyncGenerator<OwnerQueryData> {
    return paginate((offset, limit) => this.#api.contactOwnerships({ offset, limit }, options), options);
  }
}
