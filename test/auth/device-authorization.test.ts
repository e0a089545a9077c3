import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PropertyMeAuthenticator, type DeviceUserPrompt } from '../../src/auth/index.js';
import { isOAuthError } from '../../src/errors/oauth-error.js';
import { startLocalTokenServer, type LocalTokenServer, type LocalTokenServerOptions } from './helpers/local-token-server.js';

const servers: LocalTokenServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function setup(options: LocalTokenServerOptions): Promise<{ server: LocalTokenServer; authenticator: PropertyMeAuthenticator }> {
  const server = await startLocalTokenServer(options);
  servers.push(server);
  const authenticator = new PropertyMeAuthenticator({
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    redirectUrl: 'http://localhost:65385/home/callback',
    scopes: ['contact:read', 'offline_access'],
    authUrl: server.url,
    transportSecurity: 'allow-http-on-loopback',
  });
  return { server, authenticator };
}

describe('authenticateWithDevice', () => {
  test('slow_down adds 5 s', async () => {
    const { server, authenticator } = await setup({ devicePollScript: ['authorization_pending', 'slow_down', 'approve'] });
    const prompts: DeviceUserPrompt[] = [];

    const token = await authenticator.authenticateWithDevice({ onUserPrompt: (prompt) => void prompts.push(prompt) });

    assert.equal(prompts[0]?.userCode, 'WDJB-MJHT');
    assert.equal(prompts[0]?.verificationUri, `${server.url}/connect/device`);
    assert.equal(token.scope, 'contact:read offline_access');
    assert.equal(server.devicePolls.length, 3);
    const [first, second, third] = server.devicePolls as [number, number, number];
    assert.ok(second - first >= 900, `second poll after ${second - first} ms, expected the 1 s interval`);
    assert.ok(third - second >= 5_900, `third poll after ${third - second} ms, expected 1 s + 5 s after slow_down`);
  });

  test('expired_token message', async () => {
    const { authenticator } = await setup({ devicePollScript: ['expired_token'] });

    await assert.rejects(authenticator.authenticateWithDevice({ onUserPrompt: () => undefined }), (error: unknown) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.error, 'expired_token');
      assert.match(error.message, /^The device code expired before the sign-in was approved .*Run 'propertyme auth --device' again\.$/);
      return true;
    });
  });

  test('access_denied message', async () => {
    const { authenticator } = await setup({ devicePollScript: ['authorization_pending', 'access_denied'] });

    await assert.rejects(authenticator.authenticateWithDevice({ onUserPrompt: () => undefined }), (error: unknown) => {
      assert.ok(isOAuthError(error));
      assert.equal(error.error, 'access_denied');
      assert.match(error.message, /^The sign-in was denied or cancelled \(access_denied\)\.$/);
      return true;
    });
  });

  test('signal cancels polling', async () => {
    const { authenticator } = await setup({ devicePollScript: ['authorization_pending'] });
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');

    const pending = authenticator.authenticateWithDevice({ onUserPrompt: () => setTimeout(() => controller.abort(reason), 1_500), signal: controller.signal });
    await assert.rejects(pending, (error: unknown) => error === reason);
  });
});
