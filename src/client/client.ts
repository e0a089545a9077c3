import type { AuthProvider } from '../api/auth-provider.js';
import { PropertyMeApi } from '../api/generated/api.js';
import { HttpClient, type HttpClientOptions, type HttpStats } from '../api/http-client.js';
import { Contacts } from './contacts.js';
import { Inspections } from './inspections.js';
import { Jobs } from './jobs.js';
import { Members } from './members.js';
import { Properties } from './properties.js';
import { Tasks } from './tasks.js';
import { Tenancies } from './tenancies.js';
import { TenancyBalances } from './tenancy-balances.js';

export type ClientOptions = HttpClientOptions;

/**
 * The PropertyMe API client: one collection per entity, plus `api` with every operation of the
 * contract as a typed method.
 *
 * ```ts
 * const client = new Client({ auth: staticToken(accessToken) });
 * for (const contact of await client.contacts.all()) console.log(contact.nameText);
 * ```
 */
export class Client {
  /** Every operation of the contract, writes included. */
  readonly api: PropertyMeApi;
  readonly contacts: Contacts;
  /** Properties; the API calls them lots. */
  readonly properties: Properties;
  readonly members: Members;
  readonly tenancies: Tenancies;
  readonly tenancyBalances: TenancyBalances;
  /** Maintenance jobs (v2 job tasks). */
  readonly jobs: Jobs;
  readonly inspections: Inspections;
  readonly tasks: Tasks;
  readonly #http: HttpClient;

  constructor(options: ClientOptions) {
    this.#http = new HttpClient(options);
    this.api = new PropertyMeApi(this.#http);
    this.contacts = new Contacts(this.api);
    this.properties = new Properties(this.api);
    this.members = new Members(this.api);
    this.tenancies = new Tenancies(this.api);
    this.tenancyBalances = new TenancyBalances(this.api);
    this.jobs = new Jobs(this.api);
    this.inspections = new Inspections(this.api);
    this.tasks = new Tasks(this.api);
  }

  /** Requests, retries and refreshes after 401 made by this client so far. */
  get stats(): Readonly<HttpStats> {
    return this.#http.stats;
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** The auth provider given to the constructor is used for every request. */
  static withAuth(auth: AuthProvider, options: Omit<ClientOptions, 'auth'> = {}): Client {
    return new Client({ ...options, auth });
  }
}
