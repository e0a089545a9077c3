import { staticToken, type AuthProvider } from '../api/auth-provider.js';
import { PropertyMeAuthProvider } from '../auth/auth-provider.js';
import { DEFAULT_AUTH_URL, type TokenSaver } from '../auth/authenticator.js';
import { transportSecurityFor } from '../auth/load-auth-provider.js';
import type { StoredToken } from '../auth/stored-token.js';
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

/** Options of {@link Client.getClient}: the HTTP settings plus what a token refresh needs. */
export interface GetClientOptions extends Omit<HttpClientOptions, 'auth'> {
  /** Default: the `PROPERTYME_CLIENT_ID` environment variable. */
  clientId?: string;
  /** Default: the `PROPERTYME_CLIENT_SECRET` environment variable. */
  clientSecret?: string;
  /** Identity server. Default: `PROPERTYME_AUTH_URL`, else `https://login.propertyme.com`. */
  authUrl?: string;
  /** Receives every token obtained by a refresh, to store it where the caller keeps tokens. */
  tokenSaver?: TokenSaver;
  /** A token file shared with other processes; refreshed tokens are written back to it under a lock. */
  tokenFile?: string;
}

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

  /**
   * Creates a client from a token, as PyPropertyMe's `Client.get_client` does. A stored token (the
   * token file's shape) is refreshed before it expires and after a 401, and each refreshed token goes
   * to `tokenSaver`; a bare access token string is used as it is and never refreshed. Unset options
   * fall back to the `PROPERTYME_*` environment variables: `PROPERTYME_API_URL` for `baseUrl`.
   *
   * @throws {TypeError} when a stored token is given without a client id and secret to refresh it.
   */
  static getClient(token: StoredToken | string, options: GetClientOptions = {}): Client {
    const { clientId, clientSecret, authUrl, tokenSaver, tokenFile, ...rest } = options;
    const httpOptions = { ...rest, baseUrl: rest.baseUrl ?? (process.env.PROPERTYME_API_URL || undefined) };
    if (typeof token === 'string') return new Client({ ...httpOptions, auth: staticToken(token) });

    const id = clientId ?? process.env.PROPERTYME_CLIENT_ID;
    const secret = clientSecret ?? process.env.PROPERTYME_CLIENT_SECRET;
    if (!id || !secret) {
      throw new TypeError('Client.getClient() needs clientId and clientSecret (or PROPERTYME_CLIENT_ID and PROPERTYME_CLIENT_SECRET) to refresh a stored token');
    }
    const identityServer = authUrl ?? process.env.PROPERTYME_AUTH_URL ?? DEFAULT_AUTH_URL;
    const auth: AuthProvider = new PropertyMeAuthProvider({
      token,
      clientId: id,
      clientSecret: secret,
      authUrl: identityServer,
      tokenSaver,
      tokenFile,
      transportSecurity: transportSecurityFor(identityServer),
    });
    return new Client({ ...httpOptions, auth });
  }
}
