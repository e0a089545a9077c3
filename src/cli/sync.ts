// `propertyme sync` and `propertyme sync status`: mirror the portfolio into SQLite or PostgreSQL.
import type { Command } from 'commander';
import { entityNames, type EntityName } from '../client/entities.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isSyncError } from '../errors/sync-error.js';
import { DEFAULT_TARGET, openTarget, parseTargetUrl } from '../sync/open-target.js';
import { syncPortfolio, type EntitySyncResult, type SyncProgress, type SyncResult } from '../sync/engine.js';
import type { EntityState } from '../sync/target.js';
import { createClientFromSettings } from './client-from-settings.js';
import { stringifyWireJson } from '../api/wire-json.js';
import { Progress } from './output/progress.js';
import { renderTable } from './output/table.js';
import { describeTerminal } from './output/terminal.js';
import { requireEntity } from './list.js';

interface SyncCommandOptions {
  to: string;
  entity?: string;
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Registers `sync` and its `status` subcommand. */
export function registerSyncCommand(program: Command): void {
  const sync = program
    .command('sync')
    .description('Mirror the portfolio into SQLite or PostgreSQL; only changes are read after the first run.')
    .option('--to <target>', 'database to write: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE', DEFAULT_TARGET)
    .option('--entity <names>', 'comma-separated entities to sync (default: all)')
    .option('--full', 're-read every record and flag the ones PropertyMe no longer has as deleted')
    .option('--dry-run', 'read and compare, then roll back: report what would change without writing')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      `
On a terminal, sync shows progress and a summary table. Off a terminal (cron, CI, a pipe) it prints
only errors, so that scheduled runs stay quiet unless something fails; add --json for the summary.
Incremental runs read only what changed; deleted records are found by a --full run. In the summary,
"archived" counts rows written in this run that are archived or closed and were not before, new
rows included, so a first run counts every archived contact and property and every closed record.

Examples:
  $ propertyme sync
  $ propertyme sync --to postgres://mirror@localhost:5432/propertyme
  $ propertyme sync --entity contacts,jobs --full
  $ propertyme sync --dry-run --json | jq '.entities[] | {entity, inserted, updated}'`,
    )
    .action(async (options: SyncCommandOptions) => {
      process.exitCode = await runSync(options);
    });

  // `status` reads `--to` and `--json` from `sync`: Commander lets a parent command take its options
  // anywhere on the line, so options of the same name on `status` would never be set.
  sync
    .command('status')
    .description('Show, per entity, when it was last synced, its row count and its cursor (takes --to and --json).')
    .addHelpText('after', '\nExamples:\n  $ propertyme sync status\n  $ propertyme sync status --to sqlite:./mirror.db --json')
    .action(async (_options: unknown, command: Command) => {
      await runStatus(command.optsWithGlobals<{ to: string; json?: boolean }>());
    });
}

async function runSync(options: SyncCommandOptions): Promise<number> {
  checkTarget(options.to);
  const names = parseEntities(options.entity);
  const client = await createClientFromSettings();
  const target = await openTarget(options.to, { dryRun: options.dryRun });

  const stderr = describeTerminal(process.stderr);
  const progress = new Progress(process.stderr, stderr);
  const running = new Map<EntityName, string>();
  const onProgress = (event: SyncProgress) => {
    if (event.result) {
      running.delete(event.entity);
      // Off a terminal the run stays silent except for errors, so cron mails carry only failures.
      if (event.phase === 'committed' && stderr.isTTY) progress.done(`${event.entity}: ${describeResult(event.result)}`);
    } else {
      running.set(event.entity, `${event.entity} ${event.phase}${event.records > 0 ? ` ${event.records}` : ''}`);
    }
    progress.status(`syncing: ${[...running.values()].join(', ')}`, event.result !== undefined);
  };

  let result: SyncResult;
  try {
    result = await syncPortfolio({ client, target, entities: names, full: options.full, dryRun: options.dryRun, onProgress });
  } finally {
    progress.clear();
    await target.close();
  }

  const stdout = describeTerminal(process.stdout);
  if (options.json) process.stdout.write(`${stringifyWireJson(summaryJson(result), 2)}\n`);
  else if (stdout.isTTY) process.stdout.write(renderSummary(result, stdout.colour, stdout.columns));

  if (result.ok) return 0;
  for (const line of failureLines(result)) process.stderr.write(`propertyme: ${line}\n`);
  return 1;
}

async function runStatus(options: { to: string; json?: boolean }): Promise<void> {
  checkTarget(options.to);
  // Opened as for a dry run, so asking for status never creates a database.
  const target = await openTarget(options.to, { dryRun: true });
  let states: EntityState[];
  try {
    states = await target.readStates();
  } finally {
    await target.close();
  }
  // In the order a sync runs and reports them.
  states.sort((a, b) => entityNames.indexOf(a.entity) - entityNames.indexOf(b.entity));

  if (options.json) {
    process.stdout.write(`${stringifyWireJson({ target: target.location, entities: states }, 2)}\n`);
    return;
  }
  if (states.length === 0) {
    process.stdout.write(`Nothing has been synced into ${target.location} yet. Run 'propertyme sync --to ${options.to}' first.\n`);
    return;
  }
  const stdout = describeTerminal(process.stdout);
  const rows = states.map((state) => [state.entity, state.lastSyncAt, state.rowCount, state.cursor ?? '(read whole)']);
  process.stdout.write(renderTable(['entity', 'last sync', 'rows', 'cursor'], rows, { colour: stdout.colour, maxWidth: stdout.columns }));
}

/** Rejects a malformed `--to` before signing in, as a usage error. */
function checkTarget(value: string): void {
  try {
    parseTargetUrl(value);
  } catch (error) {
    if (isSyncError(error)) throw new ConfigurationError(error.message, { setting: '--to', cause: error });
    throw error;
  }
}

function parseEntities(value: string | undefined): EntityName[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').filter((name) => name.trim() !== '');
  if (names.length === 0) throw new ConfigurationError('--entity needs at least one entity name', { setting: '--entity' });
  return names.map((name) => requireEntity(name, '--entity').name);
}

function describeResult(result: EntitySyncResult): string {
  return `${result.mode}, ${result.read} read, ${result.inserted} inserted, ${result.updated} updated, ${result.archived} archived, ${result.deleted} deleted`;
}

function renderSummary(result: SyncResult, colour: boolean, columns: number | undefined): string {
  const headers = ['entity', 'mode', 'status', 'inserted', 'updated', 'archived', 'deleted', 'rows', 'requests', 'seconds'];
  const rows: unknown[][] = result.entities.map((entity) => [
    entity.entity,
    entity.mode,
    entity.status,
    entity.inserted,
    entity.updated,
    entity.archived,
    entity.deleted,
    entity.rowCount,
    entity.requests,
    entity.seconds.toFixed(2),
  ]);
  const sum = (key: 'inserted' | 'updated' | 'archived' | 'deleted' | 'rowCount') => result.entities.reduce((total, entity) => total + entity[key], 0);
  rows.push(['total', '', '', sum('inserted'), sum('updated'), sum('archived'), sum('deleted'), sum('rowCount'), result.requests, result.seconds.toFixed(2)]);

  const note = result.dryRun ? 'Dry run: nothing was written.\n' : '';
  const retries = result.retries > 0 ? `The total counts HTTP requests, ${result.retries} retries included.\n` : '';
  return renderTable(headers, rows, { colour, maxWidth: columns }) + retries + note;
}

function summaryJson(result: SyncResult): unknown {
  const seconds = (value: number) => Math.round(value * 1000) / 1000;
  return {
    ...result,
    seconds: seconds(result.seconds),
    entities: result.entities.map(({ error, ...entity }) => {
      const rounded = { ...entity, seconds: seconds(entity.seconds) };
      return error === undefined ? rounded : { ...rounded, error: errorMessage(error) };
    }),
  };
}

/**
 * Builds one line per distinct failure, naming the entities it hit, then one line saying what was
 * kept. Eight entities failing on the same expired sign-in thus print two lines, not eight.
 */
function failureLines(result: SyncResult): string[] {
  const byMessage = new Map<string, string[]>();
  for (const entity of result.entities) {
    if (entity.status !== 'failed' && entity.status !== 'skipped') continue;
    const message = errorMessage(entity.error);
    byMessage.set(message, [...(byMessage.get(message) ?? []), entity.entity]);
  }
  const lines = [...byMessage].map(([message, names]) => `sync of ${names.join(', ')} failed: ${message}`);

  const committed = result.entities.filter((entity) => entity.status === 'committed').map((entity) => entity.entity);
  lines.push(
    committed.length === 0
      ? 'Nothing was committed; every cursor is unchanged. Fix the problem above and run the same command again.'
      : `Committed: ${committed.join(', ')}. The others kept their rows and cursors; run the same command again to finish them.`,
  );
  return lines;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
