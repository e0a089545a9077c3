// Child process for the cross-process refresh tests. It loads the auth provider from the settings in
// its environment, waits until the start time given in argv[2] and requests an access token. It
// prints one JSON line: a hash of the token (never the token itself) and whether this process did
// the refresh, or the error.
import { createHash } from 'node:crypto';
import { loadAuthProviderFromSettings } from '../../../src/auth/index.js';
import { loadSettings } from '../../../src/config/index.js';
import { isPropertyMeError } from '../../../src/errors/propertyme-error.js';

const startAt = Number(process.argv[2]);

try {
  let refreshed = false;
  const provider = await loadAuthProviderFromSettings(loadSettings(), {
    tokenSaver: () => {
      refreshed = true;
    },
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const accessToken = await provider.getAccessToken();
  const tokenHash = createHash('sha256').update(accessToken).digest('hex');
  process.stdout.write(`${JSON.stringify({ ok: true, tokenHash, refreshed })}\n`);
} catch (error) {
  const details = isPropertyMeError(error) ? { code: error.code, error: (error as { error?: string }).error } : {};
  process.stdout.write(`${JSON.stringify({ ok: false, ...details, message: (error as Error).message })}\n`);
  process.exitCode = 1;
}
