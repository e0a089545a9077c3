import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSettings, requireClientCredentials } from '../../src/config/index.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function folderWithEnvFile(content?: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pm-config-'));
  folders.push(folder);
  if (content !== undefined) writeFileSync(join(folder, '.env'), content);
  return folder;
}

function captureConfigurationError(action: () => unknown): { message: string; setting: string } {
  try {
    action();
  } catch (error) {
    assert.ok(isConfigurationError(error), `expected a ConfigurationError, got ${String(error)}`);
    assert.equal(error.code, 'E_CONFIG');
    return { message: error.message, setting: error.setting };
  }
  assert.fail('expected a ConfigurationError');
}

describe('loadSettings', () => {
  test('defaults when nothing is set', () => {
    const settings = loadSettings({ env: {}, cwd: folderWithEnvFile(), homeDir: '/home/agent' });

    assert.equal(settings.clientId, undefined);
    assert.equal(settings.clientSecret, undefined);
    assert.equal(settings.redirectUri, 'http://localhost:65385/home/callback');
    assert.deepEqual(settings.scopes, [
      'activity:read',
      'communication:read',
      'contact:read',
      'property:read',
      'transaction:read',
      'offline_access',
    ]);
    assert.equal(settings.authUrl, 'https://login.propertyme.com');
    assert.equal(settings.apiUrl, 'https://app.propertyme.com/api');
    assert.equal(settings.tokenFile, '/home/agent/.propertyme/tokens.json');
  });

  test('precedence flag, env, .env, default', () => {
    const cwd = folderWithEnvFile('PROPERTYME_TOKEN_FILE=from-dotenv.json\nPROPERTYME_CLIENT_ID=dotenv-id\nPROPERTYME_API_URL=http://127.0.0.1:9/api/\n');
    const env = { PROPERTYME_TOKEN_FILE: '/env/tokens.json', PROPERTYME_CLIENT_ID: 'env-id' };

    const withFlag = loadSettings({ env, cwd, overrides: { tokenFile: { value: 'flag.json', flag: '--token-file' } } });
    assert.equal(withFlag.tokenFile, join(cwd, 'flag.json'));
    assert.equal(withFlag.clientId, 'env-id');
    assert.equal(withFlag.apiUrl, 'http://127.0.0.1:9/api');

    const withoutFlag = loadSettings({ env, cwd });
    assert.equal(withoutFlag.tokenFile, '/env/tokens.json');

    const dotenvOnly = loadSettings({ env: {}, cwd });
    assert.equal(dotenvOnly.tokenFile, join(cwd, 'from-dotenv.json'));
    assert.equal(dotenvOnly.clientId, 'dotenv-id');
  });

  test('empty variable falls through', () => {
    const cwd = folderWithEnvFile('PROPERTYME_CLIENT_ID=dotenv-id\n');
    assert.equal(loadSettings({ env: { PROPERTYME_CLIENT_ID: '' }, cwd }).clientId, 'dotenv-id');
  });

  test('client secret is not enumerable', () => {
    const settings = loadSettings({ env: { PROPERTYME_CLIENT_ID: 'id', PROPERTYME_CLIENT_SECRET: 'hunter2-secret' }, cwd: folderWithEnvFile() });

    assert.equal(settings.clientSecret, 'hunter2-secret');
    assert.ok(!JSON.stringify(settings).includes('hunter2'));
    assert.ok(!Object.keys(settings).includes('clientSecret'));
    assert.ok(!JSON.stringify({ ...settings }).includes('hunter2'));

    const credentials = requireClientCredentials(settings);
    assert.equal(credentials.clientSecret, 'hunter2-secret');
    assert.ok(!JSON.stringify(credentials).includes('hunter2'));
  });

  const invalidCases: Array<{ name: string; env: Record<string, string>; setting: string; fragment: RegExp }> = [
    { name: 'scopes not JSON', env: { PROPERTYME_SCOPES: 'contact:read' }, setting: 'PROPERTYME_SCOPES', fragment: /expected a JSON array of strings, got "contact:read"/ },
    { name: 'scopes an object', env: { PROPERTYME_SCOPES: '{"a":1}' }, setting: 'PROPERTYME_SCOPES', fragment: /non-empty JSON array/ },
    { name: 'scopes with a number', env: { PROPERTYME_SCOPES: '["contact:read",3]' }, setting: 'PROPERTYME_SCOPES', fragment: /got 3/ },
    { name: 'scopes with a space', env: { PROPERTYME_SCOPES: '["contact:read offline_access"]' }, setting: 'PROPERTYME_SCOPES', fragment: /without spaces/ },
    { name: 'redirect not http', env: { PROPERTYME_REDIRECT_URI: 'https://localhost:65385/cb' }, setting: 'PROPERTYME_REDIRECT_URI', fragment: /expected an http URL/ },
    { name: 'redirect not a URL', env: { PROPERTYME_REDIRECT_URI: 'localhost:65385' }, setting: 'PROPERTYME_REDIRECT_URI', fragment: /expected an http URL/ },
    { name: 'redirect remote host', env: { PROPERTYME_REDIRECT_URI: 'http://example.com/cb' }, setting: 'PROPERTYME_REDIRECT_URI', fragment: /localhost, 127\.0\.0\.1 or \[::1\]/ },
    { name: 'auth url plain http remote', env: { PROPERTYME_AUTH_URL: 'http://login.example.com' }, setting: 'PROPERTYME_AUTH_URL', fragment: /only for loopback hosts/ },
    { name: 'api url not a URL', env: { PROPERTYME_API_URL: 'app.propertyme.com' }, setting: 'PROPERTYME_API_URL', fragment: /expected an https URL/ },
    { name: 'token file a folder', env: { PROPERTYME_TOKEN_FILE: '/tmp/' }, setting: 'PROPERTYME_TOKEN_FILE', fragment: /expected a file path/ },
    { name: 'client id padded', env: { PROPERTYME_CLIENT_ID: ' id ' }, setting: 'PROPERTYME_CLIENT_ID', fragment: /whitespace/ },
  ];
  for (const { name, env, setting, fragment } of invalidCases) {
    test(`rejects ${name}`, () => {
      const error = captureConfigurationError(() => loadSettings({ env, cwd: folderWithEnvFile() }));

      assert.equal(error.setting, setting);
      assert.match(error.message, new RegExp(`^${setting} is invalid: `));
      assert.match(error.message, fragment);
      assert.match(error.message, new RegExp(`Example: ${setting}=`));
      assert.ok(!error.message.includes('\n'), 'message is one line');
    });
  }

  test('names .env as the source', () => {
    const error = captureConfigurationError(() => loadSettings({ env: {}, cwd: folderWithEnvFile('PROPERTYME_SCOPES=nope\n') }));
    assert.match(error.message, /^PROPERTYME_SCOPES \(in \.env\) is invalid/);
  });

  test('names the flag for overrides', () => {
    const error = captureConfigurationError(() =>
      loadSettings({ env: {}, cwd: folderWithEnvFile(), overrides: { tokenFile: { value: 'dir/', flag: '--token-file' } } }),
    );
    assert.equal(error.setting, '--token-file');
    assert.match(error.message, /^--token-file is invalid/);
  });

  test('padded secret error hides value', () => {
    const error = captureConfigurationError(() => loadSettings({ env: { PROPERTYME_CLIENT_SECRET: ' hunter2-secret' }, cwd: folderWithEnvFile() }));
    assert.ok(!error.message.includes('hunter2'));
  });
});

describe('requireClientCredentials', () => {
  test('names missing client id', () => {
    const settings = loadSettings({ env: { PROPERTYME_CLIENT_SECRET: 'secret' }, cwd: folderWithEnvFile() });
    const error = captureConfigurationError(() => requireClientCredentials(settings));
    assert.equal(error.setting, 'PROPERTYME_CLIENT_ID');
    assert.match(error.message, /^PROPERTYME_CLIENT_ID is missing: .* Example: PROPERTYME_CLIENT_ID=/);
  });

  test('names missing client secret', () => {
    const settings = loadSettings({ env: { PROPERTYME_CLIENT_ID: 'id' }, cwd: folderWithEnvFile() });
    const error = captureConfigurationError(() => requireClientCredentials(settings));
    assert.equal(error.setting, 'PROPERTYME_CLIENT_SECRET');
  });
});
