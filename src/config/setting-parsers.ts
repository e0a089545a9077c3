import { isAbsolute, resolve } from 'node:path';
import { isLoopbackHostname } from './loopback-host.js';

/** The environment of one parse: where relative paths start and what `~` means. */
export interface ParseContext {
  cwd: string;
  homeDir: string;
}

/**
 * Turns one raw setting value into its typed form, or returns a problem: what is wrong, in words that
 * follow "<VARIABLE> is invalid: ".
 */
export type SettingParser<T> = (raw: string, context: ParseContext) => { value: T } | { problem: string };

/** The longest quoted value, in characters, that an error message shows. */
const MAX_QUOTED_LENGTH = 80;

/**
 * Quotes a value for an error message on one line: `JSON.stringify` escapes line breaks and other
 * control characters, and a longer result is cut to 80 characters. Callers must never pass the
 * client secret.
 */
export function quoteValue(raw: string): string {
  const quoted = JSON.stringify(raw);
  return quoted.length > MAX_QUOTED_LENGTH ? `${quoted.slice(0, MAX_QUOTED_LENGTH - 4)}..."` : quoted;
}

/** Quotes a URL like {@link quoteValue}, with any `user:password@` part replaced by `***@`. */
function quoteUrl(raw: string): string {
  return quoteValue(raw.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@'));
}

/** Returns why a parsed URL must be rejected for carrying credentials, without showing them. */
function credentialsProblem(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return 'it contains a user name or password, which is not supported (value not shown). Remove the part up to and including "@"';
}

/** A non-empty string with no surrounding whitespace, such as a client id. */
export const parseIdentifier: SettingParser<string> = (raw) => {
  if (raw.trim() !== raw) return { problem: 'it has leading or trailing whitespace' };
  return { value: raw };
};

/** A secret: any non-empty string. Its value never appears in a message. */
export const parseSecret: SettingParser<string> = (raw) => {
  if (raw.trim() !== raw) return { problem: 'it has leading or trailing whitespace (value not shown)' };
  return { value: raw };
};

/** A JSON array of non-empty scope strings without spaces (RFC 6749 section 3.3). */
export const parseScopes: SettingParser<readonly string[]> = (raw) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { problem: `expected a JSON array of strings, got ${quoteValue(raw)}` };
  }

  if (!Array.isArray(parsed) || parsed.length === 0) {
    return { problem: `expected a non-empty JSON array of strings, got ${quoteValue(raw)}` };
  }
  for (const scope of parsed) {
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) {
      const json = JSON.stringify(scope);
      let scopeText = typeof scope === 'string' ? quoteValue(scope) : json;
      if (scopeText.length > MAX_QUOTED_LENGTH) scopeText = `${scopeText.slice(0, MAX_QUOTED_LENGTH - 3)}...`;
      return { problem: `every scope must be a non-empty string without spaces, got ${scopeText}` };
    }
  }
  return { value: Object.freeze([...(parsed as string[])]) };
};

/**
 * A loopback `http:` redirect URI (RFC 8252 section 7.3): the callback server listens on its host and
 * port, so a remote host cannot work. A URI without a port uses port 80.
 */
export const parseRedirectUri: SettingParser<string> = (raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const credentials = url && credentialsProblem(url);
  if (credentials !== undefined) return { problem: credentials };
  if (url === undefined || url.protocol !== 'http:') {
    return { problem: `expected an http URL, got ${quoteUrl(raw)}` };
  }
  // Port 0 would make the callback server listen on a random port that the identity server never
  // sends the browser to. The URL parser already rejects ports above 65535.
  if (url.port === '0') return { problem: 'the port must be between 1 and 65535, got 0' };
  if (!isLoopbackHostname(url.hostname)) {
    return { problem: `the host must be localhost, 127.0.0.1 or [::1] so the callback server can listen on it, got ${quoteValue(url.hostname)}` };
  }
  if (url.hash !== '') return { problem: 'a redirect URI must not contain a fragment (RFC 6749 section 3.1.2)' };
  return { value: raw };
};

/**
 * An `https:` base URL, or `http:` on a loopback host for local servers such as the sandbox. Trailing
 * slashes are removed so paths can be appended.
 */
export const parseServiceUrl: SettingParser<string> = (raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const credentials = url && credentialsProblem(url);
  if (credentials !== undefined) return { problem: credentials };
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { problem: `expected an https URL, got ${quoteUrl(raw)}` };
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return { problem: `plain http is accepted only for loopback hosts, got ${quoteUrl(raw)}` };
  }
  if (url.search !== '' || url.hash !== '') return { problem: `expected a URL without query or fragment, got ${quoteUrl(raw)}` };
  return { value: raw.replace(/\/+$/, '') };
};

/** A file path. `~/` starts at the home folder and a relative path at the working directory. */
export const parseFilePath: SettingParser<string> = (raw, context) => {
  if (raw === '~' || raw.endsWith('/') || raw.endsWith('\\')) return { problem: `expected a file path, got the folder ${quoteValue(raw)}` };
  if (raw.startsWith('~/')) return { value: resolve(context.homeDir, raw.slice(2)) };
  return { value: isAbsolute(raw) ? raw : resolve(context.cwd, raw) };
};
