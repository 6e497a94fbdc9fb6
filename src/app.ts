import { join } from 'node:path';
import type { Config } from './platform/config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { createLogger, type Logger } from './platform/logger.js';
import { AuthCache } from './platform/auth/resolve-auth.js';
import { createJobQueue, type JobQueue } from './platform/jobs/queue.js';
import { scheduleMaintenance } from './platform/jobs/maintenance.js';
import { scheduleHealth } from './health/jobs.js';
import { scheduleImportSweep } from './imports/jobs.js';
import { buildServer, type RoutesPlugin } from './platform/http/server.js';
import type { App, HttpContext } from './platform/http/context.js';
import { healthRoutes } from './platform/http/health-routes.js';
import { PROJECT_ROOT, VERSION } from './platform/version.js';
import type { Deps } from './platform/deps.js';
import { authRoutes } from './platform/auth/routes.js';
import { workspaceRoutes } from './workspaces/routes.js';
import { accountRoutes } from './accounts/routes.js';
import { touchpointRoutes } from './touchpoints/routes.js';
import { intakeRoutes } from './intake/routes.js';
import { importRoutes } from './imports/routes.js';
import { deliveryRoutes } from './delivery/routes.js';
import { healthScoreRoutes } from './health/routes.js';
import { postmortemRoutes } from './postmortems/routes.js';
import { startMailIntake, type MailIntake } from './intake/smtp-server.js';

/** Every capability's HTTP routes, in one list: adding a capability adds a line here. */
export const ROUTES: RoutesPlugin[] = [healthRoutes, authRoutes, workspaceRoutes, accountRoutes, touchpointRoutes, deliveryRoutes, intakeRoutes, importRoutes, healthScoreRoutes, postmortemRoutes];

export interface Rapport {
  config: Config;
  database: Database;
  deps: Deps;
  logger: Logger;
  jobs: JobQueue;
  app: App;
  /** The SMTP mail intake, listening unless RAPPORT_SMTP_PORT is 0. */
  mailIntake: MailIntake | null;
  /** Stops the mail intake, the HTTP server (if listening), the job workers and the database. */
  close(): Promise<void>;
}

export interface CreateRapportOptions {
  config: Config;
  /** An already open database (tests pass a fresh one); otherwise opened from the config. */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  /** Start background job workers (RAPPORT_JOB_WORKERS of them). Off in tests that drain by hand. */
  startJobs?: boolean;
}

/** The composition root: opens and migrates the database, wires every capability, builds the server. */
export async function createRapport(options: CreateRapportOptions): Promise<Rapport> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.RAPPORT_DATA_DIR }));
  try {
    const applied = await migrate(database);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const jobs = createJobQueue({ db: database.db, clock, logger });
    // A use-case that queues a job without the queue at hand (a read queueing the day's recompute) wakes its workers through deps.
    const deps: Deps = { db: database.db, clock, wakeJobs: () => jobs.wake() };
    await scheduleMaintenance(deps, jobs, { vacuum: database.kind === 'pglite', logger });
    await scheduleHealth(deps, jobs, logger);
    await scheduleImportSweep(deps, jobs, logger);
    const ctx: HttpContext = { deps, database, config, clock, logger, authCache: new AuthCache(), jobs, version: VERSION };
    const app = await buildServer(ctx, {
      routes: ROUTES,
      webDir: join(PROJECT_ROOT, 'dist', 'web'),
    });
    const mailIntake =
      config.RAPPORT_SMTP_PORT > 0
        ? await startMailIntake({ deps, logger, host: config.RAPPORT_SMTP_HOST ?? config.HOST, port: config.RAPPORT_SMTP_PORT, name: config.RAPPORT_MAIL_DOMAIN })
        : null;
    if (options.startJobs ?? true) jobs.start(config.RAPPORT_JOB_WORKERS);
    return {
      config,
      database,
      deps,
      logger,
      jobs,
      app,
      mailIntake,
      async close() {
        await mailIntake?.close();
        await app.close();
        await jobs.stop();
        await database.close();
      },
    };
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}
