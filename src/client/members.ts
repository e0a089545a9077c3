import type { PropertyMeApi } from '../api/generated/api.js';
import type { CustomerMemberData } from '../api/generated/models.js';
import type { RequestOptions } from '../api/operation-spec.js';

/** The agency's staff (`/v1/members`). */
export class Members {
  readonly #api: PropertyMeApi;

  constructor(api: PropertyMeApi) {
    this.#api = api;
  }

  all(options?: RequestOptions): Promise<CustomerMemberData[]> {
    return this.#api.members(options);
  }

  /**
   * Returns the member with this id, or undefined.
   * NOTE: the API has no single-member read, so this lists all members and picks one.
   */
  async get(id: string, options?: RequestOptions): Promise<CustomerMemberData | undefined> {
    const members = await this.all(options);
    return members.find((member) => member.id === id);
  }
}
