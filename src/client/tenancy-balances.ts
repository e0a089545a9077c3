import type { PropertyMeApi } from '../api/generated/api.js';
import type { TenancyBalanceData } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';

export interface TenancyBalanceListOptions extends RequestOptions {
  /** Only balances updated on or after this time (`LastUpdated`). */
  lastUpdated?: string | Date;
  lotId?: string;
  contactId?: string;
}

/** Rent, arrears and bond of every tenancy, active and closed (`/v1/tenancies/balances`). */
export class TenancyBalances {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  all(options: TenancyBalanceListOptions = {}): Promise<TenancyBalanceData[]> {
    const { lastUpdated, lotId, contactId, ...requestOptions } = options;
    const since = lastUpdated instanceof Date ? lastUpdated.toISOString() : lastUpdated;
    return this.#api.tenancyBalance({ lastUpdated: since, lotId, contactId }, requestOptions);
  }

  /** Lists the balances updated on or after `lastUpdated`. */
  changedSince(lastUpdated: string | Date, options: RequestOptions = {}): Promise<TenancyBalanceData[]> {
    return this.all({ ...options, lastUpdated });
  }

  /** Reads the balance of one tenancy by the tenancy's id. */
  get(id: string, options?: RequestOptions): Promise<TenancyBalanceData> {
    return this.#api.singleTenancyBalance({ id }, options);
  }
}
