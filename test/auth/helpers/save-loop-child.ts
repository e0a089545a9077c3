// Child process for the interrupted-save test: rewrites the token file given in argv[2] in a loop
// until it is killed. Each token carries a padding of its own length, so a reader can tell a whole
// file from a mixed one. Prints "started" after the first save.
import { writeTokenFile } from '../../../src/auth/index.js';

const tokenFile = process.argv[2] as string;

for (let round = 0; ; round += 1) {
  const padding = 'x'.repeat(1_000 + ((round * 7_919) % 200_000));
  await writeTokenFile(tokenFile, {
    access_token: `at-round-${round}-${padding.length}`,
    refresh_token: padding,
    token_type: 'Bearer',
    expires_at: 2_000_000_000,
    expires_in: 3600,
  });
  if (round === 0) process.stdout.write('started\n');
}
