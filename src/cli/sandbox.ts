import { InvalidArgumentError, type Command } from 'commander';
import { CHURN_KINDS, type ChurnKind } from '../sandbox/churn.js';
import type { FaultOptions, Sandbox, ScalePreset } from '../sandbox/index.js';

/** Port the CLI sandbox binds by default, fixed so that the printed settings keep working after a restart. */
export const DEFAULT_SANDBOX_PORT = 5990;

interface SandboxFlags {
  port: number;
  host: string;
  scale: string;
  seed: number;
  state?: string;
  tokenTtl: number;
  rotateRefreshTokens?: boolean;
  autoApprove?: boolean;
  churnEvery?: number;
  churnCount: number;
  churnKinds?: string;
  faultErrorRate?: number;
  faultTooManyRequestsRate?: number;
  faultRetryAfter?: number;
  faultSlowRate?: number;
  faultSlowMs?: number;
  faultDropRate?: number;
  faultTruncateRate?: number;
  faultSeed?: number;
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `${name} must be an integer of at least ${min}.` : `${name} must be an integer from ${min} to ${max}.`);
    }
    return parsed;
  };
}

function probability(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError('a rate must be a number from 0 to 1.');
  return parsed;
}

/** Parses `--scale`: a preset name or explicit counts such as `lots=200,contacts=600`. */
function parseScale(value: string): ScalePreset | Record<string, number> {
  if (value === 'small' || value === 'large') return value;
  const counts: Record<string, number> = {};
  for (const part of value.split(',')) {
    const [name, count] = part.split('=');
    if (name === undefined || count === undefined || !/^\d+$/.test(count)) {
      throw new InvalidArgumentError(`--scale must be small, large or counts such as lots=200,contacts=600,jobs=400; got ${JSON.stringify(value)}.`);
    }
    counts[name.trim()] = Number(count);
  }
  return counts;
}

function faultsFrom(flags: SandboxFlags): FaultOptions {
  return {
    errorRate: flags.faultErrorRate,
    tooManyRequestsRate: flags.faultTooManyRequestsRate,
    retryAfterSeconds: flags.faultRetryAfter,
    slowRate: flags.faultSlowRate,
    slowMs: flags.faultSlowMs,
    dropRate: flags.faultDropRate,
    truncateRate: flags.faultTruncateRate,
    seed: flags.faultSeed,
  };
}

function printBanner(sandbox: Sandbox, flags: SandboxFlags, stdout: NodeJS.WritableStream): void {
  const { portfolio } = sandbox;
  stdout.write(
    [
      `PropertyMe sandbox listening on ${sandbox.url}`,
      `  identity server: ${sandbox.authUrl}/.well-known/openid-configuration`,
      `  API:             ${sandbox.apiUrl}`,
      `  portfolio:       ${portfolio.lots.size} lots, ${portfolio.contacts.size} contacts, ${portfolio.jobs.size} jobs, ${portfolio.inspections.size} inspections, ${portfolio.tasks.size} tasks`,
      `  sign-in users:   ${sandbox.users.map((user) => user.email).join(', ')}`,
      flags.state === undefined ? '  state:           not saved (the client secret changes on every start; use --state FILE to keep it)' : `  state:           ${flags.state}`,
      '',
      'Paste these lines into a .env file in the folder you run propertyme from (in a shell, put',
      "'export ' before each). The token file keeps sandbox sign-ins apart from a real PropertyMe one.",
      '',
      `PROPERTYME_CLIENT_ID=${sandbox.clientId}`,
      `PROPERTYME_CLIENT_SECRET=${sandbox.clientSecret}`,
      `PROPERTYME_AUTH_URL=${sandbox.authUrl}`,
      `PROPERTYME_API_URL=${sandbox.apiUrl}`,
      `PROPERTYME_REDIRECT_URI=${sandbox.redirectUri}`,
      'PROPERTYME_TOKEN_FILE=./propertyme-sandbox-tokens.json',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/**
 * Registers `propertyme sandbox`: starts a local PropertyMe (identity server and API over a
 * synthetic portfolio) and runs until SIGINT or SIGTERM.
 */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Run a local PropertyMe (identity server and API over a synthetic portfolio) for trying the package without credentials.')
    .addHelpText(
      'after',
      `
Examples:
  $ propertyme sandbox
  $ propertyme sandbox --scale large --state ./sandbox.json
  $ propertyme sandbox --token-ttl 30 --rotate-refresh-tokens --churn-every 10
  $ propertyme sandbox --fault-error-rate 0.1 --fault-too-many-requests-rate 0.05`,
    )
    .option('--port <n>', 'TCP port to listen on; 0 picks a free one', integer('--port', 0, 65535), DEFAULT_SANDBOX_PORT)
    .option('--host <address>', 'address to bind; anything but a loopback address exposes the sandbox to the network', '127.0.0.1')
    .option('--scale <size>', 'portfolio size: small (about 50 lots), large (about 5,000 lots) or counts such as lots=200,contacts=600', 'small')
    .option('--seed <n>', 'seed of the generated portfolio', integer('--seed', 0), 1)
    .option('--state <file>', 'keep the portfolio, client credentials and grants in this file across restarts')
    .option('--token-ttl <seconds>', 'access-token lifetime in seconds', integer('--token-ttl', 1), 3600)
    .option('--rotate-refresh-tokens', 'issue a new refresh token on every refresh (PropertyMe does not)')
    .option('--auto-approve', 'approve every sign-in at once as the first user, without the consent page')
    .option('--churn-every <seconds>', 'change the portfolio every this many seconds', integer('--churn-every', 1))
    .option('--churn-count <n>', 'changes per churn round', integer('--churn-count', 1), 10)
    .option('--churn-kinds <list>', `comma-separated churn kinds (default: all of ${CHURN_KINDS.join(', ')})`)
    .option('--fault-error-rate <rate>', 'share of API requests answered with 500 (0 to 1)', probability)
    .option('--fault-too-many-requests-rate <rate>', 'share of API requests answered with 429 (0 to 1)', probability)
    .option('--fault-retry-after <seconds>', 'Retry-After value of 429 answers in seconds', integer('--fault-retry-after', 0))
    .option('--fault-slow-rate <rate>', 'share of API requests answered late (0 to 1)', probability)
    .option('--fault-slow-ms <ms>', 'delay of late answers in milliseconds', integer('--fault-slow-ms', 0))
    .option('--fault-drop-rate <rate>', 'share of API requests whose connection is closed unanswered (0 to 1)', probability)
    .option('--fault-truncate-rate <rate>', 'share of API responses cut off halfway (0 to 1)', probability)
    .option('--fault-seed <n>', 'seed of the fault decisions', integer('--fault-seed', 0))
    .action(async (flags: SandboxFlags) => {
      const kinds = flags.churnKinds?.split(',').map((kind) => kind.trim()) as ChurnKind[] | undefined;
      const unknownKind = kinds?.find((kind) => !(CHURN_KINDS as readonly string[]).includes(kind));
      if (unknownKind !== undefined) throw new InvalidArgumentError(`Unknown churn kind ${unknownKind}; use some of ${CHURN_KINDS.join(', ')}.`);

      // Loaded on use: the identity server and portfolio generator would slow down every other command.
      const { startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox({
        port: flags.port,
        host: flags.host,
        scale: parseScale(flags.scale),
        seed: flags.seed,
        stateFile: flags.state,
        accessTokenTtlSeconds: flags.tokenTtl,
        rotateRefreshTokens: flags.rotateRefreshTokens === true,
        autoApprove: flags.autoApprove === true,
        faults: faultsFrom(flags),
        onError: (message, error) => process.stderr.write(`propertyme sandbox: ${message}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`),
      });
      printBanner(sandbox, flags, process.stdout);

      const timer = flags.churnEvery === undefined ? undefined : setInterval(() => {
        const summary = sandbox.churn({ count: flags.churnCount, kinds });
        process.stdout.write(`churn: ${summary.changes} changes, last Timestamp ${summary.lastTimestamp}\n`);
      }, flags.churnEvery * 1000);

      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.stdout.write(`\nReceived ${signal}; stopping the sandbox.\n`);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      if (timer !== undefined) clearInterval(timer);
      await sandbox.close();
    });
}
