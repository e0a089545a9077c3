import type { PropertyMeApi, AddJobV2Params, SearchJobTaskV2Params, UpdateJobV2Params } from '../api/generated/api.js';
import type { IntegratorJobTaskV2QueryData, JobQueryV2Data, JobTaskResponse, JobTaskV2QueryData } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';
import { paginate, toTimestamp, type PageOptions } from './paginate.js';

/** Maintenance jobs, through the v2 job-task endpoints (`/v2/jobtasks`). */
export class Jobs {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  all(options?: RequestOptions): Promise<IntegratorJobTaskV2QueryData[]> {
    return this.changedSince(0n, options);
  }

  /** Lists the jobs whose `Timestamp` is greater than `timestamp`. */
  changedSince(timestamp: bigint | string | number, options?: RequestOptions): Promise<IntegratorJobTaskV2QueryData[]> {
    return this.#api.changedJobTaskV2({ timestamp: toTimestamp(timestamp) }, options);
  }

  get(id: string, options?: RequestOptions): Promise<JobTaskV2QueryData> {
    return this.#api.jobTaskV2({ id }, options);
  }

  /** Iterates the jobs matching the filters, page by page. */
  search(filters: Omit<SearchJobTaskV2Params, 'offset' | 'limit'> = {}, options: PageOptions & RequestOptions = {}): AsyncGenerator<JobQueryV2Data> {
    return paginate((offset, limit) => this.#api.searchJobTaskV2({ ...filters, offset, limit }, options), options);
  }

  /** Creates a job. Never retried: a repeated POST would create a second job. */
  create(params: AddJobV2Params, options?: RequestOptions): Promise<JobTaskResponse> {
    return this.#api.addJobV2(params, options);
  }

  update(params: UpdateJobV2Params, options?: RequestOptions): Promise<JobTaskResponse> {
    return this.#api.updateJobV2(params, options);
  }
}
