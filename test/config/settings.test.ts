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
    { name: 'redirect port 0', env: { PROPERTYME_REDIRECT_URI: 'http://localhost:0/cb' }, setting: 'PROPERTYME_REDIRECT_URI', fragment: /port must be between 1 and 65535, got 0/ },
    { name: 'token file with a line break', env: { PROPERTYME_TOKEN_FILE: '/tmp/t.json\nPROPERTYME_X=1' }, setting: 'PROPERTYME_TOKEN_FILE', fragment: /contains a line break \(value not shown\)/ },
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

describe('loadSettings rejects unsafe values', () => {
  const secret = 'Zq7-distinctive-client-secret-Xv9';

  test('.env with a leading BOM', () => {
    const cwd = folderWithEnvFile('\uFEFFPROPERTYME_API_URL=http://127.0.0.1:9/api\nPROPERTYME_CLIENT_ID=bom-id\n');
    const settings = loadSettings({ env: {}, cwd });
    assert.equal(settings.apiUrl, 'http://127.0.0.1:9/api');
    assert.equal(settings.clientId, 'bom-id');
  });

  const unclosedCases: Array<{ name: string; line: string; setting: string }> = [
    { name: 'token file', line: 'PROPERTYME_TOKEN_FILE="/tmp/pm/tokens.json', setting: 'PROPERTYME_TOKEN_FILE' },
    { name: 'auth URL', line: 'PROPERTYME_AUTH_URL="http://127.0.0.1:9', setting: 'PROPERTYME_AUTH_URL' },
    { name: 'API URL', line: "export PROPERTYME_API_URL='http://127.0.0.1:9/api", setting: 'PROPERTYME_API_URL' },
    { name: 'client secret', line: 'PROPERTYME_CLIENT_SECRET="abc', setting: 'PROPERTYME_CLIENT_SECRET' },
    { name: 'other variable', line: 'OTHER_TOOL_KEY="abc', setting: 'OTHER_TOOL_KEY' },
  ];
  for (const { name, line, setting } of unclosedCases) {
    test(`unclosed quote in ${name} hides the secret`, () => {
      const content = `PROPERTYME_CLIENT_ID=id\n${line}\nPROPERTYME_CLIENT_SECRET=${secret}\nPROPERTYME_SCOPES="[\\"contact:read\\"]"\n`;
      const error = captureConfigurationError(() => loadSettings({ env: {}, cwd: folderWithEnvFile(content) }));

      assert.equal(error.setting, setting);
      assert.match(error.message, new RegExp(`^${setting} \\(in \\.env, line 2\\)`));
      assert.match(error.message, /quote that is not closed on its line/);
      assert.match(error.message, /Add the closing ["'] on line 2 of \.env\.$/);
      assert.ok(!error.message.includes('\n'), 'message is one line');
      assert.ok(!error.message.includes(secret.slice(0, 6)), 'message shows no part of the secret');
    });
  }

  test('unclosed quote with no closing quote below', () => {
    const error = captureConfigurationError(() => loadSettings({ env: {}, cwd: folderWithEnvFile('PROPERTYME_TOKEN_FILE="/tmp/pm/tokens.json\n') }));
    assert.equal(error.setting, 'PROPERTYME_TOKEN_FILE');
    assert.match(error.message, /line 1\) is invalid: it has a quote that is not closed/);
  });

  test('escaped line break in .env value', () => {
    const error = captureConfigurationError(() => loadSettings({ env: {}, cwd: folderWithEnvFile('PROPERTYME_TOKEN_FILE="/tmp/a\\nb.json"\n') }));
    assert.equal(error.setting, 'PROPERTYME_TOKEN_FILE');
    assert.equal(error.message, 'PROPERTYME_TOKEN_FILE (in .env) is invalid: it contains a line break (value not shown). Write the value on one line without \\n escapes.');
  });

  test('closed quotes and other multi-line values pass', () => {
    const content = 'OTHER_PEM="line one\nline two"\nPROPERTYME_TOKEN_FILE="/tmp/pm/t.json" # it\'s here\nPROPERTYME_CLIENT_ID=\'id\'\n';
    const settings = loadSettings({ env: {}, cwd: folderWithEnvFile(content) });
    assert.equal(settings.tokenFile, '/tmp/pm/t.json');
    assert.equal(settings.clientId, 'id');
  });

  const emptyUrlCases: Array<{ variable: string; inEnvFile: boolean; message: string }> = [
    { variable: 'PROPERTYME_API_URL', inEnvFile: false, message: 'PROPERTYME_API_URL is empty: unset it to use the default https://app.propertyme.com/api, or set it. Example: PROPERTYME_API_URL=https://app.propertyme.com/api' },
    { variable: 'PROPERTYME_AUTH_URL', inEnvFile: false, message: 'PROPERTYME_AUTH_URL is empty: unset it to use the default https://login.propertyme.com, or set it. Example: PROPERTYME_AUTH_URL=https://login.propertyme.com' },
    { variable: 'PROPERTYME_API_URL', inEnvFile: true, message: 'PROPERTYME_API_URL (in .env) is empty: remove its line from .env to use the default https://app.propertyme.com/api, or set it. Example: PROPERTYME_API_URL=https://app.propertyme.com/api' },
    { variable: 'PROPERTYME_AUTH_URL', inEnvFile: true, message: 'PROPERTYME_AUTH_URL (in .env) is empty: remove its line from .env to use the default https://login.propertyme.com, or set it. Example: PROPERTYME_AUTH_URL=https://login.propertyme.com' },
  ];
  for (const { variable, inEnvFile, message } of emptyUrlCases) {
    test(`empty ${variable} ${inEnvFile ? 'in .env' : 'in env'}`, () => {
      const env = inEnvFile ? {} : { [variable]: '' };
      const cwd = folderWithEnvFile(inEnvFile ? `${variable}=\n` : `${variable}=http://127.0.0.1:9\n`);
      const error = captureConfigurationError(() => loadSettings({ env, cwd }));
      assert.equal(error.setting, variable);
      assert.equal(error.message, message);
    });
  }

  const credentialCases: Array<{ variable: string; value: string }> = [
    { variable: 'PROPERTYME_API_URL', value: 'http://user:pa55word@127.0.0.1:9/api' },
    { variable: 'PROPERTYME_AUTH_URL', value: 'https://user:pa55word@login.example.com' },
    { variable: 'PROPERTYME_AUTH_URL', value: 'http://pa55word@login.example.com' },
    { variable: 'PROPERTYME_REDIRECT_URI', value: 'http://user:pa55word@localhost:65385/cb' },
  ];
  for (const { variable, value } of credentialCases) {
    test(`${variable} with credentials`, () => {
      const error = captureConfigurationError(() => loadSettings({ env: { [variable]: value }, cwd: folderWithEnvFile() }));
      assert.equal(error.setting, variable);
      assert.match(error.message, new RegExp(`^${variable} is invalid: it contains a user name or password, which is not supported \\(value not shown\\)\\. Remove the part up to and including "@"\\. Example: `));
      assert.ok(!error.message.includes('pa55word'), 'message hides the password');
    });
  }

  test('unparsable URL hides credentials', () => {
    const error = captureConfigurationError(() => loadSettings({ env: { PROPERTYME_API_URL: 'http://user:pa55word@[bad/api' }, cwd: folderWithEnvFile() }));
    assert.match(error.message, /got "http:\/\/\*\*\*@\[bad\/api"/);
  });

  test('redirect URI without a port is port 80', () => {
    const settings = loadSettings({ env: { PROPERTYME_REDIRECT_URI: 'http://localhost/cb' }, cwd: folderWithEnvFile() });
    assert.equal(settings.redirectUri, 'http://localhost/cb');
  });

  test('long value is shortened', () => {
    const error = captureConfigurationError(() => loadSettings({ env: { PROPERTYME_SCOPES: `x${'y'.repeat(500)}` }, cwd: folderWithEnvFile() }));
    const quoted = /got (".*")\. Example/.exec(error.message)?.[1] ?? '';
    assert.ok(quoted.length <= 80, `quoted value has ${quoted.length} characters`);
    assert.ok(quoted.endsWith('..."'));
  });

  test('secret in another variable is hidden', () => {
    const cwd = folderWithEnvFile(`PROPERTYME_CLIENT_SECRET=${secret}\n`);
    const error = captureConfigurationError(() => loadSettings({ env: { PROPERTYME_SCOPES: secret }, cwd }));
    assert.equal(error.setting, 'PROPERTYME_SCOPES');
    assert.ok(!error.message.includes(secret), error.message);
    assert.match(error.message, /got "\*\*\*"/);
  });
});
