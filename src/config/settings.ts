import { homedir } from 'node:os';
import { ConfigurationError } from '../errors/configuration-error.js';
import { readEnvFile } from './env-file.js';
import {
  parseFilePath,
  parseIdentifier,
  parseRedirectUri,
  parseScopes,
  parseSecret,
  parseServiceUrl,
  type ParseContext,
  type SettingParser,
} from './setting-parsers.js';

/**
 * The validated configuration every command starts from. `clientSecret` is a non-enumerable property,
 * so `JSON.stringify`, `console.log` and object spreads leave it out.
 */
export interface Settings {
  /** `PROPERTYME_CLIENT_ID`; `undefined` when not set. {@link requireClientCredentials} checks it. */
  readonly clientId: string | undefined;
  /** `PROPERTYME_CLIENT_SECRET`, non-enumerable; `undefined` when not set. */
  readonly clientSecret: string | undefined;
  /** `PROPERTYME_REDIRECT_URI`, a loopback http URL. */
  readonly redirectUri: string;
  /** `PROPERTYME_SCOPES`, parsed from a JSON array. */
  readonly scopes: readonly string[];
  /** `PROPERTYME_AUTH_URL`, the identity server's issuer, without a trailing slash. */
  readonly authUrl: string;
  /** `PROPERTYME_API_URL`, the API base, without a trailing slash. */
  readonly apiUrl: string;
  /** `PROPERTYME_TOKEN_FILE` as an absolute path. */
  readonly tokenFile: string;
}

/** Names of the settings a caller, such as a command-line flag, can override. */
export type SettingName = keyof Settings;

interface SettingSpec<T> {
  variable: string;
  defaultValue: string | undefined;
  example: string;
  parse: SettingParser<T>;
  /** Whether an empty value set in the environment or `.env` is an error rather than "not set". */
  rejectEmpty?: true;
}

/**
 * Every setting, its environment variable, default and example. Precedence, from strongest to weakest:
 * `overrides` (command-line flags), then the process environment, then `.env` in the working directory,
 * then the default below. An empty value counts as not set, so the next source applies, except for
 * the two service URLs: there an empty value is an error, because falling back to the production
 * host without a word is worse than stopping.
 */
export const SETTINGS: { readonly [K in SettingName]: SettingSpec<Settings[K]> } = {
  clientId: {
    variable: 'PROPERTYME_CLIENT_ID',
    defaultValue: undefined,
    example: 'PROPERTYME_CLIENT_ID=your-client-id',
    parse: parseIdentifier,
  },
  clientSecret: {
    variable: 'PROPERTYME_CLIENT_SECRET',
    defaultValue: undefined,
    example: 'PROPERTYME_CLIENT_SECRET=your-client-secret',
    parse: parseSecret,
  },
  redirectUri: {
    variable: 'PROPERTYME_REDIRECT_URI',
    defaultValue: 'http://localhost:65385/home/callback',
    example: 'PROPERTYME_REDIRECT_URI=http://localhost:65385/home/callback',
    parse: parseRedirectUri,
  },
  scopes: {
    variable: 'PROPERTYME_SCOPES',
    defaultValue: '["activity:read","communication:read","contact:read","property:read","transaction:read","offline_access"]',
    example: `PROPERTYME_SCOPES='["contact:read","property:read","offline_access"]'`,
    parse: parseScopes,
  },
  authUrl: {
    variable: 'PROPERTYME_AUTH_URL',
    defaultValue: 'https://login.propertyme.com',
    example: 'PROPERTYME_AUTH_URL=https://login.propertyme.com',
    parse: parseServiceUrl,
    rejectEmpty: true,
  },
  apiUrl: {
    variable: 'PROPERTYME_API_URL',
    defaultValue: 'https://app.propertyme.com/api',
    example: 'PROPERTYME_API_URL=https://app.propertyme.com/api',
    parse: parseServiceUrl,
    rejectEmpty: true,
  },
  tokenFile: {
    variable: 'PROPERTYME_TOKEN_FILE',
    defaultValue: '~/.propertyme/tokens.json',
    example: 'PROPERTYME_TOKEN_FILE=~/.propertyme/tokens.json',
    parse: parseFilePath,
  },
};

/** A value given on the command line, with the flag that set it so errors can name it. */
export interface SettingOverride {
  value: string;
  /** The option that set the value, such as `--token-file`. */
  flag: string;
}

export interface LoadSettingsOptions {
  /** Variables to read. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Folder whose `.env` file is read and where relative paths start. Default: `process.cwd()`. */
  cwd?: string;
  /** Folder that `~/` expands to. Default: `os.homedir()`. */
  homeDir?: string;
  /** Values from command-line flags; `undefined` entries are ignored. */
  overrides?: { readonly [K in SettingName]?: SettingOverride | undefined };
}

/**
 * Reads and validates every setting. See {@link SETTINGS} for the variables, defaults and precedence.
 *
 * @throws {ConfigurationError} for the first invalid value, naming its variable (or flag), what is
 *   wrong and an example. The message shows only non-secret values, on one line and shortened. A missing client id or secret is not an error here, because commands that
 *   never talk to the identity server do not need them; see {@link requireClientCredentials}.
 */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const context: ParseContext = { cwd, homeDir: options.homeDir ?? homedir() };
  const envFile = readEnvFile(cwd);

  const secretValues = [env[SETTINGS.clientSecret.variable], envFile[SETTINGS.clientSecret.variable]].filter(
    (value): value is string => value !== undefined && value.length >= 4,
  );
  const fail = (message: string, setting: string): never => {
    // A secret pasted into the wrong variable would otherwise be echoed in the message.
    const redacted = secretValues.reduce((text, secret) => text.replaceAll(secret, '***'), message);
    throw new ConfigurationError(redacted, { setting });
  };

  const resolveSetting = <K extends SettingName>(name: K): Settings[K] => {
    const spec = SETTINGS[name] as SettingSpec<Settings[K]>;
    const override = options.overrides?.[name];
    const candidates: Array<{ raw: string | undefined; source: string; unset?: string }> = [
      { raw: override?.value, source: override?.flag ?? spec.variable },
      { raw: env[spec.variable], source: spec.variable, unset: 'unset it' },
      { raw: envFile[spec.variable], source: `${spec.variable} (in .env)`, unset: 'remove its line from .env' },
      { raw: spec.defaultValue, source: `the default ${spec.variable}` },
    ];

    if (spec.rejectEmpty) {
      const empty = candidates.find((candidate) => candidate.raw === '' && candidate.unset !== undefined);
      if (empty !== undefined) {
        fail(`${empty.source} is empty: ${empty.unset} to use the default ${spec.defaultValue}, or set it. Example: ${spec.example}`, spec.variable);
      }
    }

    const chosen = candidates.find((candidate) => candidate.raw !== undefined && candidate.raw !== '');
    if (chosen === undefined) return undefined as Settings[K];

    const setting = override !== undefined && chosen.source === override.flag ? override.flag : spec.variable;
    const raw = chosen.raw as string;
    // A value from .env with a line break was already rejected with the line number; this covers the
    // environment and flags. Such a value is never shown, because it may contain other settings.
    if (/[\r\n]/.test(raw)) {
      fail(`${chosen.source} is invalid: it contains a line break (value not shown). Set it on one line. Example: ${spec.example}`, setting);
    }

    const result = spec.parse(raw, context);
    if ('problem' in result) fail(`${chosen.source} is invalid: ${result.problem}. Example: ${spec.example}`, setting);
    return (result as { value: Settings[K] }).value;
  };

  const settings = {
    clientId: resolveSetting('clientId'),
    redirectUri: resolveSetting('redirectUri'),
    scopes: resolveSetting('scopes'),
    authUrl: resolveSetting('authUrl'),
    apiUrl: resolveSetting('apiUrl'),
    tokenFile: resolveSetting('tokenFile'),
  };
  Object.defineProperty(settings, 'clientSecret', { value: resolveSetting('clientSecret'), enumerable: false });
  return Object.freeze(settings) as Settings;
}
