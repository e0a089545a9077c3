export { PropertyMeAuthenticator, DEFAULT_AUTH_URL } from './authenticator.js';
export type {
  AuthenticateOptions,
  DeviceAuthenticateOptions,
  DeviceUserPrompt,
  PropertyMeAuthenticatorOptions,
  TokenSaver,
} from './authenticator.js';
export { PropertyMeAuthProvider, DEFAULT_REFRESH_MARGIN_SECONDS } from './auth-provider.js';
export type { PropertyMeAuthProviderOptions } from './auth-provider.js';
export { loadAuthProviderFromSettings, transportSecurityFor } from './load-auth-provider.js';
export type { LoadAuthProviderOptions } from './load-auth-provider.js';
export { startCallbackServer, DEFAULT_CALLBACK_TIMEOUT_MS } from './callback-server.js';
export type { CallbackServer, CallbackServerOptions } from './callback-server.js';
export { readTokenFile, writeTokenFile, deleteTokenFile } from './token-file.js';
export { withTokenFileLock, tokenFileLockPath } from './token-file-lock.js';
export type { TokenFileLockOptions } from './token-file-lock.js';
export { readTokenStatus } from './token-status.js';
export type { TokenStatus } from './token-status.js';
export { revokeToken } from './revocation.js';
export type { RevocationOutcome, RevokeTokenOptions } from './revocation.js';
export { parseStoredToken, storedTokenFromResponse } from './stored-token.js';
export type { StoredToken } from './stored-token.js';
export { openDefaultBrowser } from './browser-opener.js';
export type { BrowserOpener } from './browser-opener.js';
export type { Clock } from './clock.js';
export type { FetchFunction, TransportSecurity } from './identity-server.js';
export type { AuthProvider } from '../api/auth-provider.js';
export { CallbackError, isCallbackError } from '../errors/callback-error.js';
export type { CallbackFailure } from '../errors/callback-error.js';
export { TokenError, isTokenError } from '../errors/token-error.js';
export type { TokenProblem } from '../errors/token-error.js';
export { OAuthError, isOAuthError } from '../errors/oauth-error.js';
