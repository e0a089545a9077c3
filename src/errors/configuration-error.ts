import { PropertyMeError } from './propertyme-error.js';

/** An invalid or missing setting: an environment variable, a `.env` entry or a command-line option. */
export class ConfigurationError extends PropertyMeError {
  /** The variable or option that holds the invalid value, such as `PROPERTYME_SCOPES`. */
  readonly setting: string;

  constructor(message: string, details: { setting: string; cause?: unknown }) {
    super('E_CONFIG', message, { cause: details.cause });
    this.setting = details.setting;
  }
}

export function isConfigurationError(value: unknown): value is ConfigurationError {
  return value instanceof ConfigurationError;
}
