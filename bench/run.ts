/**
 * `npm run bench`: every benchmark in order, with its goal from ../shared/PRODUCT.md marked PASS or
 * MISS. A missed goal is a result, not a failure: the exit code is non-zero only when a benchmark
 * could not run. Needs PostgreSQL from Debian's packages (a throwaway cluster is started and stopped)
 * unless BENCH_DATABASE_URL names a server whose role may create databases.
 *
 * BENCH_SECONDS (default 10), BENCH_SLICES (default 2 on PGlite, 4 on PostgreSQL) and BENCH_LOOP_SECONDS (default 5) change the runs;
 * the health section takes BENCH_ONLY=postgres|pglite, BENCH_TOUCHPOINTS, BENCH_PGLITE_TOUCHPOINTS, BENCH_DELIVERABLES,
 * BENCH_RUNS, BENCH_INCREMENTAL, BENCH_EXPLAIN, BENCH_KEEP and BENCH_REUSE_URL (see bench/health.ts).
 */
import { performance } from 'node:perf_hooks';
import { benchAccountsList, listGoals, printListResult, slicesFromEnv } from './accounts-list.js';
import { benchEventLoop, printEventLoopResult } from './pglite-event-loop.js';
import { benchImport, importGoals, rowsFromEnv } from './import.js';
import { benchHealth, healthGoals, healthOptionsFromEnv, healthTitle, printHealthResult } from './health.js';
import { busyWarning, envSeconds, LoadGenerator, machineLine, startPostgres, table, verdict, type PostgresServer } from './support.js';

const started = performance.now();
const seconds = envSeconds('BENCH_SECONDS', 10);
const loopSeconds = envSeconds('BENCH_LOOP_SECONDS', 5);
const goals: Array<[string, boolean, string]> = [];
let server: PostgresServer | undefined;
let load: LoadGenerator | undefined;

// Ctrl-C must not leave a PostgreSQL cluster running.
process.once('SIGINT', () => {
  void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

try {
  console.log('# Rapport benchmarks');
  console.log(`machine: ${machineLine()}`);
  const busy = busyWarning();
  if (busy) console.log(`  ${busy}`);
  console.log('  (a bare endpoint is measured next to each real one in the same run: compare ratios, not absolute numbers)');
  load = new LoadGenerator();
  console.log(`load: ${load.where}; 50 connections; ${seconds} s per endpoint after a ${Math.min(2, seconds / 4)} s warm-up, real and bare interleaved in slices`);
  server = await startPostgres();
  console.log(`PostgreSQL: ${server.origin}`);

  for (const kind of ['pglite', 'postgres'] as const) {
    console.log(`\n## Account list on ${kind === 'pglite' ? 'PGlite (embedded default)' : 'PostgreSQL'}`);
    const result = await benchAccountsList({ kind, serverUrl: server.url, load, seconds, ...slicesFromEnv(), warmupSeconds: Math.min(2, seconds / 4) });
    printListResult(result);
    goals.push(...listGoals(result));
  }

  console.log('\n## PGlite and the event loop');
  printEventLoopResult(await benchEventLoop({ serverUrl: server.url, load, seconds: loopSeconds }));

  console.log(`\n## CSV import: ${rowsFromEnv().toLocaleString('en')} touchpoints (BENCH_IMPORT_ROWS) next to raw ingest`);
  goals.push(...importGoals(await benchImport({ serverUrl: server.url })));

  for (const kind of ['postgres', 'pglite'] as const) {
    const options = healthOptionsFromEnv(kind, server.url);
    if (!options) continue;
    console.log(`\n## ${healthTitle(options)}`);
    const result = await benchHealth(options);
    printHealthResult(result);
    goals.push(...healthGoals(result));
  }

  console.log('\n## Goals');
  console.log(table([['', 'goal', 'measured'], ...goals.map(([label, met, measured]) => [verdict(met), label, measured])]));
  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; machine then: ${machineLine()}`);
} catch (error) {
  console.error('\nbenchmark failed:', error);
  process.exitCode = 1;
} finally {
  await load?.close();
  await server?.stop();
}
