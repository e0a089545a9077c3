// The package's main entry: the API client, its errors and the sign-in pieces most programs need.
// The sandbox, sync and the rest of sign-in have subpath exports of their own.
export { Client } from './client/client.js';
export type { ClientOptions, GetClientOptions } from './client/client.js';
export { Contacts } from './client/contacts.js';
export type { ContactListOptions } from './client/contacts.js';
export { Properties } from './client/properties.js';
export { Members } from './client/members.js';
export { Tenancies } from './client/tenancies.js';
export type { TenancyListOptions } from './client/tenancies.js';
export { TenancyBalances } from './client/tenancy-balances.js';
export type { TenancyBalanceListOptions } from './client/tenancy-balances.js';
export { Jobs } from './client/jobs.js';
export { Inspections } from './client/inspections.js';
export { Tasks } from './client/tasks.js';
export { paginate, DEFAULT_PAGE_SIZE } from './client/paginate.js';
export type { PageOptions } from './client/paginate.js';
export { entities, entityNames, findEntity } from './client/entities.js';
export type { EntityDefinition, EntityName, ChangeTracking } from './client/entities.js';

export { PropertyMeApi } from './api/generated/api.js';
export type * from './api/generated/api.js';
export type * from './api/generated/models.js';
export { operations } from './api/generated/operations.js';
export type { OperationId } from './api/generated/operations.js';
export { contractSchema } from './api/generated/schemas.js';
export { HttpClient, DEFAULT_BASE_URL, userAgent } from './api/http-client.js';
export type { HttpClientOptions, HttpStats, Logger } from './api/http-client.js';
export type { OperationSpec, ParameterSpec, RequestOptions } from './api/operation-spec.js';
export type { RetryOptions } from './api/retry-policy.js';
export { staticToken } from './api/auth-provider.js';
export type { AuthProvider } from './api/auth-provider.js';
export { recordFromWire, recordToWire } from './api/wire-mapping.js';
export { parseWireJson, stringifyWireJson } from './api/wire-json.js';

export { PropertyMeAuthenticator, PropertyMeAuthProvider } from './auth/index.js';
export type { StoredToken, TokenSaver, PropertyMeAuthenticatorOptions, PropertyMeAuthProviderOptions } from './auth/index.js';

export { PropertyMeError, isPropertyMeError } from './errors/propertyme-error.js';
export type { PropertyMeErrorCode } from './errors/propertyme-error.js';
export { HttpError, isHttpError } from './errors/http-error.js';
export type { HttpErrorReason } from './errors/http-error.js';
export { NetworkError, isNetworkError } from './errors/network-error.js';
export { TimeoutError, isTimeoutError } from './errors/timeout-error.js';
export { OAuthError, isOAuthError } from './errors/oauth-error.js';
export { ConfigurationError, isConfigurationError } from './errors/configuration-error.js';
export { VERSION } from './version.js';
