import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { createRapport } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/database.js';
import { DataDirLockedError } from '../platform/db/lock.js';
import { randomSecret } from '../platform/ids.js';
import { AppError } from '../platform/errors.js';
import { RoleSchema } from '../platform/auth/roles.js';
import { VERSION } from '../platform/version.js';
import { inTransaction } from '../platform/deps.js';
import { workspacesRepo } from '../workspaces/repo.js';
import { createUser } from '../workspaces/create-user.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { resetPassword } from '../workspaces/reset-password.js';
import { createApiToken } from '../workspaces/api-tokens.js';
import { exportWorkspace } from '../workspaces/export-workspace.js';
import { EmailSchema, PasswordSchema } from '../workspaces/schemas.js';
import { DEMO_EMAIL, seedDemo } from '../demo/seed-demo.js';
import { action } from './output.js';
import { addressToOpen, DEFAULTS, ENVIRONMENT_NOTE, environmentHelp } from './environment.js';
import { findWorkspace, lookupWorkspace, openForCommand } from './open.js';
import { publishLocalServer, readServerInfo } from '../imports/local-access.js';
import { assertPortFree, listenFailure, type PortUse } from './ports.js';
import { importCommand } from '../imports/cli-import.js';
import { backtestCommand } from '../postmortems/cli-backtest.js';
import { backfillCommand, recomputeCommand } from '../health/cli-recompute.js';

/**
 * The `rapport` command line: every command, its options and its help. main.ts parses the process's
 * arguments with it; a test reads each command's help from it without running one.
 */
export const program = new Command()
  .name('rapport')
  .description('Rapport: the client-relationship platform for agencies and brand teams.')
  .version(VERSION)
  .showHelpAfterError()
  .addHelpText('after', ENVIRONMENT_NOTE);

program
  .command('serve')
  .description('Start Rapport: API, web app and background jobs in one process (embedded PGlite unless DATABASE_URL is set)')
  .option('--host <host>', `address to listen on (instead of HOST, default ${DEFAULTS.HOST})`)
  .option('--port <port>', `port to listen on (instead of PORT, default ${DEFAULTS.PORT})`)
  .option('--no-demo', 'do not create the demo workspace on first start')
  .action(
    action(async (opts: { host?: string; port?: string; demo: boolean }) => {
      const config = loadConfig({ ...process.env, ...(opts.host ? { HOST: opts.host } : {}), ...(opts.port ? { PORT: opts.port } : {}) });
      // Both ports are asked for before the database is opened (and the demo seeded, its password shown once).
      const web: PortUse = { host: config.HOST, port: config.PORT, what: 'Rapport', instead: `--port ${config.PORT + 1} (or PORT=${config.PORT + 1})` };
      const smtp: PortUse = {
        host: config.RAPPORT_SMTP_HOST ?? config.HOST,
        port: config.RAPPORT_SMTP_PORT,
        what: 'The mail intake (SMTP)',
        instead: `RAPPORT_SMTP_PORT=${config.RAPPORT_SMTP_PORT + 1} (0 turns the intake off)`,
      };
      if (web.port > 0) await assertPortFree(web);
      if (smtp.port > 0) await assertPortFree(smtp);
      let rapport: Awaited<ReturnType<typeof createRapport>>;
      try {
        rapport = await createRapport({ config });
      } catch (error) {
        throw listenFailure(error, smtp) ?? alreadyRunning(error, config.DATABASE_URL ? null : config.RAPPORT_DATA_DIR) ?? error;
      }
      const shutdown = async (signal: string) => {
        rapport.logger.info({ signal }, 'shutting down');
        await rapport.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));

      let demoLine = '';
      const isEmbedded = !config.DATABASE_URL;
      if (opts.demo) {
        const anyUser = await rapport.deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
        const givenPassword = config.RAPPORT_DEMO_PASSWORD;
        if (givenPassword || (!anyUser && isEmbedded)) {
          const password = givenPassword ?? randomSecret(9);
          const demo = await seedDemo(rapport.deps, { password });
          demoLine = `  Demo workspace: ${demo.accounts} accounts. Sign in as ${demo.email} with password ${givenPassword ? '(RAPPORT_DEMO_PASSWORD)' : password}`;
        } else if (anyUser && (await workspacesRepo(rapport.deps.db).findUserByEmail(DEMO_EMAIL))) {
          demoLine = `  Demo user: ${DEMO_EMAIL} (password shown at first start; \`rapport demo --reset\` or RAPPORT_DEMO_PASSWORD sets a new one)`;
        }
      }
      let address: string;
      try {
        address = await rapport.app.listen({ host: config.HOST, port: config.PORT });
      } catch (error) {
        // Taken since it was asked for: close everything, or the open database and workers keep the process alive.
        await rapport.close();
        throw listenFailure(error, web) ?? error;
      }
      publishLocalServer(rapport, address);
      const shown = addressToOpen(config, address);
      const where = isEmbedded ? `PGlite in ${resolve(config.RAPPORT_DATA_DIR)}` : 'PostgreSQL (DATABASE_URL)';
      const mail = rapport.mailIntake ? `  Mail intake (SMTP): port ${config.RAPPORT_SMTP_PORT}; each workspace's address is in Settings\n` : '';
      // Until the team's own workspace exists, anyone who opens the web app may create it (decision 0024).
      const state = await workspacesRepo(rapport.deps.db).setupState();
      const setup = state.hasRealWorkspace
        ? ''
        : `  Your own workspace: open ${shown}${state.hasUsers ? ' and choose "Set up your workspace"' : ''} to create it and its first user\n`;
      process.stdout.write(`\n  Rapport ${VERSION} is running at ${shown}${shown === config.RAPPORT_PUBLIC_URL ? ` (listening on ${address})` : ''}\n  Database: ${where}\n${mail}${demoLine ? `${demoLine}\n` : ''}${setup}\n`);
    }),
  );

program
  .command('migrate')
  .description('Apply pending database migrations and exit (serve also does this at start)')
  .action(
    action(async () => {
      const config = loadConfig();
      const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.RAPPORT_DATA_DIR });
      try {
        const applied = await migrate(database);
        process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date\n');
      } finally {
        await database.close();
      }
    }),
  );

program
  .command('demo')
  .description('Create the demo workspace (Northwind Agency), or recreate it with --reset')
  .option('--reset', 'delete the demo workspace and create it afresh')
  .option('--password <password>', 'password for demo@rapport.test (RAPPORT_DEMO_PASSWORD; generated when absent)')
  .action(
    action(async (opts: { reset?: boolean; password?: string }) => {
      const config = loadConfig();
      const password = PasswordSchema.parse(opts.password ?? config.RAPPORT_DEMO_PASSWORD ?? randomSecret(9));
      const { database, deps } = await openForCommand(config);
      try {
        const result = await seedDemo(deps, { password, reset: opts.reset ?? false });
        process.stdout.write(
          `${result.created ? 'Created' : 'Kept'} the demo workspace "${result.workspaceSlug}" (${result.accounts} accounts, ${result.contacts} contacts).\n` +
            `Sign in as ${result.email} with password ${password}\n`,
        );
      } finally {
        await database.close();
      }
    }),
  );

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user (or add an existing one) in a workspace, creating the workspace if new')
  .requiredOption('--email <email>', 'e-mail address, used to sign in')
  .requiredOption('--password <password>', 'password (at least 8 characters)')
  .requiredOption('--workspace <name>', 'workspace name, slug or id; created with this user as owner if new')
  .addOption(new Option('--role <role>', 'role in an existing workspace').choices(['owner', 'admin', 'member', 'viewer']).default('member'))
  .option('--name <name>', 'display name')
  .action(
    action(async (raw: Record<string, unknown>) => {
      const opts = z
        .object({ email: EmailSchema, password: PasswordSchema, workspace: z.string().trim().min(1).max(100), role: RoleSchema, name: z.string().trim().min(1).max(200).optional() })
        .parse(raw);
      const { database, deps } = await openForCommand();
      try {
        const message = await inTransaction(deps, async (tx) => {
          const repo = workspacesRepo(tx.db);
          const existing = await repo.findUserByEmail(opts.email);
          const account = existing ?? (await createUser(tx, { email: opts.email, password: opts.password, name: opts.name }));
          const workspace = await lookupWorkspace(tx, opts.workspace);
          if (!workspace) {
            const created = await createWorkspace(tx, { name: opts.workspace, ownerUserId: account.id, ownerLabel: account.email });
            return `Created workspace "${created.name}" (${created.slug}) with ${account.email} as owner`;
          }
          if (await repo.findMembership(workspace.id, account.id)) {
            throw new AppError('conflict', `${account.email} is already a member of ${workspace.name}`);
          }
          await repo.insertMembership({ workspaceId: workspace.id, userId: account.id, role: opts.role, at: tx.clock.now() });
          return `Added ${account.email} to "${workspace.name}" as ${opts.role}${existing ? ' (existing user; password unchanged)' : ''}`;
        });
        process.stdout.write(`${message}\n`);
      } finally {
        await database.close();
      }
    }),
  );

user
  .command('password')
  .description("Set a user's password (someone who forgot theirs); their sessions end")
  .requiredOption('--email <email>', "the user's e-mail")
  .requiredOption('--password <password>', 'the new password (at least 8 characters)')
  .action(
    action(async (raw: Record<string, unknown>) => {
      const opts = z.object({ email: EmailSchema, password: PasswordSchema }).parse(raw);
      const { database, deps } = await openForCommand();
      try {
        const result = await resetPassword(deps, opts);
        process.stdout.write(`New password set for ${result.email}; ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} ended\n`);
      } finally {
        await database.close();
      }
    }),
  );

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .description('Create an API token for a member; it is printed once')
  .requiredOption('--email <email>', "the member's e-mail")
  .requiredOption('--workspace <name>', 'workspace name, slug or id')
  .option('--name <name>', 'what the token is for', 'cli')
  .action(
    action(async (raw: Record<string, unknown>) => {
      const opts = z.object({ email: EmailSchema, workspace: z.string().min(1), name: z.string().trim().min(1).max(100) }).parse(raw);
      const { database, deps } = await openForCommand();
      try {
        const workspace = await findWorkspace(deps, opts.workspace);
        const member = await workspacesRepo(deps.db).findUserByEmail(opts.email);
        if (!member || !(await workspacesRepo(deps.db).findMembership(workspace.id, member.id))) {
          throw new AppError('not_found', `${opts.email} is not a member of ${workspace.name}`);
        }
        const created = await createApiToken(deps, { workspaceId: workspace.id, userId: member.id, label: `${member.email} (cli)` }, { name: opts.name });
        process.stdout.write(`${created.token}\n`);
        process.stderr.write(`Token "${created.name}" for ${member.email} in ${workspace.name}. Store it now: it is not shown again.\n`);
      } finally {
        await database.close();
      }
    }),
  );

program
  .command('export')
  .description('Write the whole workspace as JSON (no secrets)')
  .requiredOption('--workspace <name>', 'workspace name, slug or id')
  .option('--out <file>', 'write to this file instead of standard output')
  .action(
    action(async (opts: { workspace: string; out?: string }) => {
      const { database, deps } = await openForCommand();
      try {
        const workspace = await findWorkspace(deps, opts.workspace);
        const data = await exportWorkspace(deps, workspace.id);
        const text = `${JSON.stringify(data, null, 2)}\n`;
        if (opts.out) {
          writeFileSync(opts.out, text);
          const counts = Object.entries(data.tables).map(([t, rows]) => `${rows.length} ${t}`).join(', ');
          process.stderr.write(`Wrote ${opts.out}: ${counts}\n`);
        } else {
          process.stdout.write(text);
        }
      } finally {
        await database.close();
      }
    }),
  );

program
  .command('import')
  .description('Import a CSV (HubSpot, Salesforce or Twenty export, Rapport touchpoints) or a calendar (.ics) file, with or without a running server')
  .argument('<file>', 'the file; CSV or iCalendar is told by its content, the CSV layout by its header')
  .option('--workspace <name>', 'workspace name, slug or id (needed when there are several)')
  .option('--dry-run', 'read and check every row and count what would change, but save nothing')
  .option('--mapping <json>', 'column → field as JSON, instead of the detected layout: \'{"Company":"name","Sector":"category"}\'')
  .addOption(new Option('--date-order <order>', 'how to read 03/04/2024: day first or month first').choices(['dmy', 'mdy']))
  .option('--currency <code>', 'accounts: the currency of an amount whose row names none (without it such rows fail)')
  .option('--from <date>', 'calendar files: import occurrences from this date (default a year ago)')
  .option('--to <date>', 'calendar files: import occurrences up to this date (default 90 days ahead)')
  .action(action(async (file: string, opts: Record<string, unknown>) => importCommand(file, opts, { config: loadConfig(), open: () => openForCommand() })));

program
  .command('backtest')
  .description('Backtest the health model on the workspace\'s history: would it have warned before each lost account, how many days ahead, with what precision and recall')
  .option('--workspace <name>', 'workspace name, slug or id (needed when there are several)')
  .option('--model <version>', 'the model version to test (default: the one in force; 0 is the built-in default)')
  .option('--compare <version>', 'a second model version, side by side')
  .option('--horizon <days>', 'days ahead an at-risk day must foresee the loss to count as right', '90')
  .option('--json', 'print the result as JSON')
  .action(action(async (opts: Record<string, unknown>) => backtestCommand(opts, { config: loadConfig(), open: () => openForCommand() })));

const health = program.command('health').description('Account health scores');
health
  .command('recompute')
  .description('Recompute the health of every open account now (snapshots and alerts included), with progress')
  .option('--workspace <name>', 'workspace name, slug or id (default: every workspace)')
  .action(action(async (opts: { workspace?: string }) => recomputeCommand(opts, { open: () => openForCommand() })));
health
  .command('backfill')
  .description('Write the score history (daily snapshots, alerts with their dates) the accounts would have had, from the facts known each day')
  .option('--workspace <name>', 'workspace name, slug or id (default: every workspace)')
  .option('--days <n>', 'how many days back', '365')
  .action(action(async (opts: { workspace?: string; days?: string }) => backfillCommand(opts, { open: () => openForCommand() })));

// Every command opens the database; serve reads the whole configuration, demo its password too.
// Each one's help lists what it reads, from the configuration's own descriptions (environment.ts).
const leaves = (command: Command): Command[] => command.commands.flatMap((c) => (c.commands.length ? leaves(c) : [c]));
for (const command of leaves(program)) {
  command.addHelpText('after', environmentHelp(command.name() === 'serve' ? 'serve' : command.name() === 'demo' ? 'demo' : 'database'));
}

/**
 * A second `serve` on a data folder a running server holds: where that server is, when it left its
 * address there (the lock's own message is written for the other commands).
 */
function alreadyRunning(error: unknown, dataDir: string | null): AppError | undefined {
  if (!(error instanceof DataDirLockedError) || !dataDir) return undefined;
  const running = readServerInfo(dataDir);
  // server.json left by a server that was killed is no server: the lock's holder is then some command.
  if (!running || error.ownerPid !== running.pid) return undefined;
  return new AppError('locked', `Rapport is already running on the data folder ${resolve(dataDir)}, at ${running.url}: open that address, or stop that server before starting another.`);
}
