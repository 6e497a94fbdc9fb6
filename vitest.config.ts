import { defineConfig } from 'vitest/config';

const integration = ['src/**/*.int.test.ts', 'test/api/**/*.test.ts'];
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const isCi = process.env.CI === 'true';

if (isCi && !hasPostgres) {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI (see .ci/run)');
}

/**
 * Four projects: pure unit tests (the server's, and the web app's pure helpers such as format.ts);
 * the integration suite (use-cases, repos, HTTP through inject) on PGlite; the same suite on
 * PostgreSQL when TEST_DATABASE_URL is set; browser tests in Chromium.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // The web's pure helpers (format.ts and the like) run here too: no DOM needed.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'], exclude: ['src/**/*.int.test.ts'] } },
      {
        extends: true,
        test: { name: 'pglite', include: integration, globalSetup: ['test/support/global-setup.ts'], env: { RAPPORT_TEST_DB: 'pglite' } },
      },
      ...(hasPostgres
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', include: integration, globalSetup: ['test/support/global-setup.ts'], env: { RAPPORT_TEST_DB: 'postgres' } },
            },
          ]
        : []),
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
