import * as oidc from 'openid-client';
import { NetworkError } from '../errors/network-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { isPropertyMeError } from '../errors/propertyme-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** The identity server request that failed, for messages: what it was for and where it went. */
export interface IdentityServerRequest {
  /** Purpose of the request, in words that fit "... failed", such as `the token refresh`. */
  purpose: string;
  method: string;
  url: string | undefined;
  grant?: 'authorization_code' | 'refresh_token' | 'device_code';
  /** The time limit of the request, in milliseconds. */
  timeoutMs?: number;
  /** Client authentication methods tried, in order, such as `client_secret_basic`. */
  clientAuthMethods?: readonly string[];
}

/** Returns the OAuth error code of a token or revocation endpoint failure, if it has one. */
export function oauthErrorCode(error: unknown): string | undefined {
  if (error instanceof oidc.ResponseBodyError) return error.error;
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    return error.cause.find((challenge) => typeof challenge.parameters.error === 'string')?.parameters.error;
  }
  if (error instanceof OAuthError) return error.error;
  return undefined;
}

/** Tells whether the identity server rejected the client's authentication (RFC 6749 section 5.2). */
export function isInvalidClient(error: unknown): boolean {
  return oauthErrorCode(error) === 'invalid_client';
}

/**
 * Turns an openid-client failure into this package's errors, with messages that state what to do next.
 * `invalid_grant` on a refresh means this user must sign in again; `invalid_client` means the
 * application's credentials were rejected, which stops every account that uses them. The original
 * error travels in `cause`; none of these messages contain a token or the client secret.
 */
export function toIdentityServerError(error: unknown, request: IdentityServerRequest): Error {
  if (isPropertyMeError(error)) return error;

  const code = oauthErrorCode(error);
  if (code !== undefined) {
    const description = describeOAuthError(error);
    return new OAuthError(messageForOAuthError(code, description, request), {
      error: code,
      errorDescription: description,
      cause: error,
    });
  }

  const where = `${request.method} ${request.url === undefined ? '(no endpoint)' : pathOf(request.url)}`;
  if (error instanceof TypeError && !(error instanceof oidc.ClientError)) {
    // Node's fetch rejects with TypeError('fetch failed') and the socket error in `cause`.
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    return new NetworkError(`${capitalise(request.purpose)} failed: ${where} got no response from the identity server (${detail}).`, {
      method: request.method,
      path: request.url === undefined ? '' : pathOf(request.url),
      cause: error,
    });
  }

  if (error instanceof oidc.ClientError && error.code === 'OAUTH_TIMEOUT') {
    return new TimeoutError(`${capitalise(request.purpose)} timed out: ${where} did not respond within ${Math.round((request.timeoutMs ?? 0) / 1000)} s.`, {
      method: request.method,
      path: request.url === undefined ? '' : pathOf(request.url),
      timeoutMs: request.timeoutMs ?? 0,
      cause: error,
    });
  }

  if (error instanceof oidc.ClientError) {
    return new OAuthError(`${capitalise(request.purpose)} failed: ${where} returned an unexpected response (${error.message}).`, {
      error: 'invalid_response',
      errorDescription: error.message,
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function messageForOAuthError(code: string, description: string | undefined, request: IdentityServerRequest): string {
  const detail = description === undefined ? code : `${code}: ${description}`;
  switch (code) {
    case 'invalid_client':
      return (
        `The identity server rejected the application's client id or secret (${detail}${triedMethods(request)}). ` +
        `This stops every account that uses this application: check PROPERTYME_CLIENT_ID and PROPERTYME_CLIENT_SECRET.`
      );
    case 'invalid_grant':
      if (request.grant === 'authorization_code') {
        return `The identity server rejected the authorization code (${detail}): it expired or was used, or PROPERTYME_REDIRECT_URI differs from the registered one. Run 'propertyme auth' again.`;
      }
      return `The sign-in expired or was revoked (${detail}). Run 'propertyme auth' again.`;
    case 'access_denied':
      return `The sign-in was denied or cancelled (${detail}).`;
    case 'expired_token':
      return `The device code expired before the sign-in was approved (${detail}). Run 'propertyme auth --device' again.`;
    default:
      return `${capitalise(request.purpose)} failed: the identity server returned ${detail}.`;
  }
}

function triedMethods(request: IdentityServerRequest): string {
  const methods = request.clientAuthMethods ?? [];
  return methods.length === 0 ? '' : `; tried ${methods.join(' and ')}`;
}

function describeOAuthError(error: unknown): string | undefined {
  if (error instanceof oidc.ResponseBodyError) return error.error_description;
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    return error.cause.find((challenge) => typeof challenge.parameters.error_description === 'string')?.parameters.error_description;
  }
  if (error instanceof OAuthError) return error.errorDescription;
  return undefined;
}

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
