// The CLI against a broken .env: an unclosed quote must not carry the client secret into any output
// or any request, and a corrupt --body must not be echoed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, startCliSandbox, type CliSandbox } from './helpers/cli-harness.js';

const SECRET = 'Qx3-distinctive-secret-7Lm2pV9wR4';

let cli: CliSandbox;

before(async () => {
  cli = await startCliSandbox({ scale: 'small', seed: 3 }, ['contact:read', 'activity:write']);
});
after(() => cli.close());

/** Returns the harness environment without the variables that `.env` sets in a case. */
function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...cli.env };
  for (const name of names) delete env[name];
  return env;
}

function assertNoSecret(output: string): void {
  assert.ok(!output.includes(SECRET.slice(0, 8)), `output shows part of the secret: ${output}`);
}

describe('unclosed quote in .env', () => {
  const cases: Array<{ name: string; opening: string; setting: string; envSets: string[] }> = [
    {
      name: 'token file',
      opening: 'PROPERTYME_TOKEN_FILE="tokens-elsewhere.json',
      setting: 'PROPERTYME_TOKEN_FILE',
      envSets: ['PROPERTYME_CLIENT_SECRET', 'PROPERTYME_TOKEN_FILE'],
    },
    { name: 'auth URL', opening: 'PROPERTYME_AUTH_URL="{authUrl}', setting: 'PROPERTYME_AUTH_URL', envSets: ['PROPERTYME_CLIENT_SECRET', 'PROPERTYME_AUTH_URL'] },
    // The secret is also in the environment, so a missing secret cannot stop the run before a request.
    { name: 'API URL', opening: 'PROPERTYME_API_URL="{apiUrl}', setting: 'PROPERTYME_API_URL', envSets: ['PROPERTYME_API_URL'] },
  ];

  for (const { name, opening, setting, envSets } of cases) {
    test(`${name}: one line, no secret, no request`, async () => {
      const line = opening.replace('{authUrl}', cli.sandbox.authUrl).replace('{apiUrl}', cli.sandbox.apiUrl);
      // The last line closes the quote, as in a file where only one quote went missing.
      writeFileSync(join(cli.folder, '.env'), `${line}\nPROPERTYME_CLIENT_SECRET=${SECRET}\nPROPERTYME_SCOPES="["contact:read"]"\n`);
      const env = envWithout(...envSets);

      for (const args of [['auth', 'status'], ['list', 'contacts', '--limit', '1']]) {
        const before = cli.sandbox.stats.apiRequests;
        const result = await runCli(args, { env, cwd: cli.folder });

        assertNoSecret(result.stdout);
        assertNoSecret(result.stderr);
        assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.equal(result.errorLines.length, 1, result.stderr);
        assert.match(result.errorLines[0]!, new RegExp(`^propertyme: ${setting} \\(in \\.env, line 1\\) is invalid: it has a quote that is not closed on its line`));
        assert.equal(cli.sandbox.stats.apiRequests, before, 'no request reached the sandbox');
      }
    });
  }
});

describe('api --body errors', () => {
  test('invalid JSON shows only the position', async () => {
    const bodyFile = join(cli.folder, 'body.json');
    writeFileSync(bodyFile, `{\n  "Summary": ${SECRET}\n}\n`);

    const result = await runCli(['api', 'addTask', '--body', bodyFile], { env: cli.env, cwd: cli.folder });

    assertNoSecret(result.stderr);
    assert.equal(result.status, 2);
    assert.deepEqual(result.errorLines, [`propertyme: --body ${bodyFile} is not valid JSON: unexpected character at line 2, column 14`]);
  });

  test('missing file names --body', async () => {
    const bodyFile = join(cli.folder, 'absent.json');
    const result = await runCli(['api', 'addTask', '--body', bodyFile], { env: cli.env, cwd: cli.folder });

    assert.equal(result.status, 2);
    assert.equal(result.errorLines.length, 1);
    assert.match(result.errorLines[0]!, /^propertyme: Cannot read --body .*absent\.json: ENOENT: .*Give a JSON file, or - for standard input\.$/);
  });
});
