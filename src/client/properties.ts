import type { PropertyMeApi } from '../api/generated/api.js';
import type { Lot, LotDetailApiResponse, LotGridData, LotsQueryData, MobLotGridData, RentalLotQueryData, SalePropertyQueryData } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';
import { paginate, toTimestamp, type PageOptions } from './paginate.js';

/** Properties, which the API calls lots (`/v1/lots`). */
export class Properties {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  /** Lists every active property. Archived ones are listed by `archived()` instead. */
  all(options?: RequestOptions): Promise<MobLotGridData[]> {
    return this.changedSince(0n, options);
  }

  /** Lists the properties whose `Timestamp` is greater than `timestamp`. */
  changedSince(timestamp: bigint | string | number, options?: RequestOptions): Promise<MobLotGridData[]> {
    return this.#api.changedLot({ timestamp: toTimestamp(timestamp) }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Lot> {
    return this.#api.lot({ id }, options);
  }

  /** Reads a property with its ownership, tenancy and folio details (`/v1/lots/{Id}/detail`). */
  detail(id: string, options?: RequestOptions): Promise<LotDetailApiResponse> {
    return this.#api.lotDetail({ id }, options);
  }

  /** Iterates the properties under management for rent, page by page. */
  rentals(options: PageOptions & RequestOptions = {}): AsyncGenerator<RentalLotQueryData> {
    return paginate((offset, limit) => this.#api.lotRentals({ offset, limit }, options), options);
  }

  /** Iterates the properties for sale, page by page. */
  sales(options: PageOptions & RequestOptions & { rentalOnly?: boolean } = {}): AsyncGenerator<SalePropertyQueryData> {
    return paginate((offset, limit) => this.#api.lotActiveSales({ offset, limit, rentalOnly: options.rentalOnly }, options), options);
  }

  /** Iterates the vacant properties, page by page. */
  vacancies(options: PageOptions & RequestOptions & { rentalOnly?: boolean } = {}): AsyncGenerator<LotsQueryData> {
    return paginate((offset, limit) => this.#api.lotVacantSales({ offset, limit, rentalOnly: options.rentalOnly }, options), options);
  }

  /** Iterates the archived properties, optionally only those archived on or after `archivedSince`. */
  archived(options: PageOptions & RequestOptions & { archivedSince?: string | Date } = {}): AsyncGenerator<LotGridData> {
    const archivedSince = options.archivedSince instanceof Date ? options.archivedSince.toISOString() : options.archivedSince;
    return paginate((offset, limit) => this.#api.lotArchived({ offset, limit, archivedSince }, options), options);
  }
}
