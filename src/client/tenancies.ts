import type { PropertyMeApi } from '../api/generated/api.js';
import type { TenancyApiData } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';

export interface TenancyListOptions extends RequestOptions {
  /** Include closed tenancies (`IncludeClosed`). Default false, as on the API. */
  includeClosed?: boolean;
  lotId?: string;
  contactId?: string;
  hasOwnership?: boolean;
}

/** Tenancies (`/v1/tenancies`). */
export class Tenancies {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  all(options: TenancyListOptions = {}): Promise<TenancyApiData[]> {
    const { includeClosed, lotId, contactId, hasOwnership, ...requestOptions } = options;
    return this.#api.tenancy({ includeClosed, lotId, contactId, hasOwnership }, requestOptions);
  }

  /**
   * Returns the tenancy with this id, closed ones included, or undefined.
   * NOTE: the API has no single-tenancy read, so this lists the tenancies and picks one.
   */
  async get(id: string, options?: RequestOptions): Promise<TenancyApiData | undefined> {
    const tenancies = await this.all({ ...options, includeClosed: true });
    return tenancies.find((tenancy) => tenancy.id === id);
  }
}
