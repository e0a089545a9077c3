export { loadSettings, SETTINGS } from './settings.js';
export type { LoadSettingsOptions, SettingName, SettingOverride, Settings } from './settings.js';
export { requireClientCredentials } from './client-credentials.js';
export type { ClientCredentials } from './client-credentials.js';
export { isLoopbackHostname, loopbackListenAddress } from './loopback-host.js';
