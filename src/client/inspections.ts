import type { AddInspectionParams, PropertyMeApi, QueryInspectionParams, SearchInspectionsParams } from '../api/generated/api.js';
import type { ChangedInspectionData, GetInspectionResponse, InspectionDataTableRow, InspectionTask, ScheduleInspectionResponse } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';
import { paginate, toTimestamp, type PageOptions } from './paginate.js';

/**
 * Routine, entry and exit inspections (`/v1/inspections`).
 * `StartTime` values end in `Z` but, by integrators' reports, hold the agency's local time.
 */
export class Inspections {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  all(options?: RequestOptions): Promise<ChangedInspectionData[]> {
    return this.changedSince(0n, options);
  }

  changedSince(timestamp: bigint | string | number, options?: RequestOptions): Promise<ChangedInspectionData[]> {
    return this.#api.changedInspections({ timestamp: toTimestamp(timestamp) }, options);
  }

  get(id: string, options?: RequestOptions): Promise<GetInspectionResponse> {
    return this.#api.getInspection({ id }, options);
  }

  /** Iterates the inspections of a lot or contact, page by page. */
  search(filters: Omit<SearchInspectionsParams, 'offset' | 'limit'> = {}, options: PageOptions & RequestOptions = {}): AsyncGenerator<InspectionTask> {
    return paginate((offset, limit) => this.#api.searchInspections({ ...filters, offset, limit }, options), options);
  }

  /** Iterates the inspections matching due dates, type, status and other filters, page by page. */
  query(filters: Omit<QueryInspectionParams, 'offset' | 'limit'> = {}, options: PageOptions & RequestOptions = {}): AsyncGenerator<InspectionDataTableRow> {
    return paginate((offset, limit) => this.#api.queryInspection({ ...filters, offset, limit }, options), options);
  }

  /** Schedules an inspection. Never retried: a repeated POST would create a second one. */
  create(params: AddInspectionParams, options?: RequestOptions): Promise<ScheduleInspectionResponse> {
    return this.#api.addInspection(params, options);
  }
}
