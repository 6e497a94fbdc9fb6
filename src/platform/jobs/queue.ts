import { sql } from 'kysely';
import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { newId } from '../ids.js';

export interface JobRecord {
  id: string;
  queue: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

export type JobHandler = (job: JobRecord) => Promise<void>;

export interface EnqueueOptions {
  queue: string;
  payload?: Record<string, unknown>;
  workspaceId?: string | null;
  /** At most one queued job per (queue, dedupeKey): a burst of changes coalesces into one run. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * A durable job queue in the database. Workers claim jobs with `FOR UPDATE SKIP LOCKED`, so any
 * number of Rapport processes on one PostgreSQL share the work without claiming a job twice; a
 * job is retried with backoff until `max_attempts`, and a job left running by a dead worker is
 * returned to the queue. See docs/decisions/0004-job-queue.md.
 */
export interface JobQueue {
  /** Adds a job inside the caller's transaction, so it exists exactly when the change that caused it does. */
  enqueue(db: Db, options: EnqueueOptions): Promise<void>;
  register(queue: string, handler: JobHandler): void;
  /** Claims and runs ready jobs until none is left or `max` ran; returns how many ran. */
  drain(max?: number): Promise<number>;
  start(workers: number): void;
  /**
   * Wakes every sleeping worker to look for ready jobs now (a worker busy with a job looks again as
   * soon as it is done). For a job added without `enqueue` (`insertJob`), once it is committed.
   */
  wake(): void;
  /** Stops the workers: each finishes the job in hand and claims no other. */
  stop(): Promise<void>;
}

/**
 * Adds a job row inside the caller's transaction; with a dedupe key, nothing when one is already
 * queued, which then waits for this transaction to end before a worker can claim it.
 * `JobQueue.enqueue` does this and wakes its own workers; a use-case without the queue at hand (a
 * change that marks work for later, a read that queues the day's recompute) calls it directly, and
 * a worker finds the job at its next poll, or at once if the use-case then calls `deps.wakeJobs`.
 */
export async function insertJob(target: Db, now: Date, job: EnqueueOptions): Promise<void> {
  const values = {
    id: newId(),
    queue: job.queue,
    workspace_id: job.workspaceId ?? null,
    payload: JSON.stringify(job.payload ?? {}),
    dedupe_key: job.dedupeKey ?? null,
    run_at: job.runAt ?? now,
    max_attempts: job.maxAttempts ?? 5,
    created_at: now,
  };
  if (job.dedupeKey) {
    // Coalescing into a queued job holds a share lock on it until this transaction ends: a worker's
    // claim (SKIP LOCKED) passes it by meanwhile. Without it, a worker could run the job before this
    // change was visible, and the change waited for the next one (on PostgreSQL, 1 write of 30 made
    // at once). Writers at the same moment share the lock without waiting for each other.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await sql`insert into jobs (id, queue, workspace_id, payload, dedupe_key, run_at, max_attempts, created_at)
        values (${values.id}, ${values.queue}, ${values.workspace_id}, ${values.payload}::jsonb, ${values.dedupe_key}, ${values.run_at}, ${values.max_attempts}, ${values.created_at})
        on conflict (queue, dedupe_key) where status = 'queued' and dedupe_key is not null do nothing
        returning id`.execute(target);
      if (inserted.rows.length > 0) return;
      const held = await sql`select id from jobs where queue = ${values.queue} and dedupe_key = ${values.dedupe_key} and status = 'queued' for share`.execute(target);
      if (held.rows.length > 0) return;
      // A worker claimed the queued one between the two statements: queue a new one.
    }
  } else {
    await target.insertInto('jobs').values(values).execute();
  }
}

export interface JobQueueOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  /** A running job older than this is assumed orphaned by a dead worker. */
  staleAfterMs?: number;
  /**
   * Called each time a worker has found no ready job and goes to sleep until a wake or its next
   * poll: a test learns from it that only a wake will start the next job before the poll.
   */
  onSleep?: () => void;
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db, clock, logger } = options;
  const pollMs = options.pollMs ?? 1000;
  const staleAfterMs = options.staleAfterMs ?? 10 * 60 * 1000;
  const handlers = new Map<string, JobHandler>();
  const workerId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  let running = false;
  const loops: Promise<void>[] = [];
  /** The sleeping workers' alarms: a wake rings them all (each worker sleeps on its own). */
  const sleepers = new Set<() => void>();
  /** Counts wakes: a worker that was busy when one came looks again before it sleeps. */
  let wakes = 0;
  function wakeAll(): void {
    wakes++;
    for (const ring of [...sleepers]) ring();
  }

  async function claim(): Promise<JobRecord | undefined> {
    const queues = [...handlers.keys()];
    if (queues.length === 0) return undefined;
    const now = clock.now();
    const { rows } = await sql<{ id: string; queue: string; workspace_id: string | null; payload: Record<string, unknown>; attempts: number }>`
      update jobs set status = 'running', attempts = attempts + 1, locked_by = ${workerId}, locked_at = ${now}
      where id = (
        select id from jobs
        where status = 'queued' and run_at <= ${now} and queue in (${sql.join(queues)})
        order by run_at, id
        limit 1
        for update skip locked
      )
      returning id, queue, workspace_id, payload, attempts`.execute(db);
    const row = rows[0];
    return row ? { id: row.id, queue: row.queue, workspaceId: row.workspace_id, payload: row.payload, attempts: row.attempts } : undefined;
  }

  async function runJob(job: JobRecord): Promise<void> {
    const handler = handlers.get(job.queue);
    try {
      if (!handler) throw new Error(`No handler for queue ${job.queue}`);
      await handler(job);
      await db.updateTable('jobs').set({ status: 'done', finished_at: clock.now(), locked_by: null }).where('id', '=', job.id).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error, jobId: job.id, queue: job.queue, attempt: job.attempts }, 'job failed');
      const row = await db.selectFrom('jobs').select('max_attempts').where('id', '=', job.id).executeTakeFirst();
      const exhausted = !row || job.attempts >= row.max_attempts;
      const backoffMs = Math.min(3600_000, 1000 * 2 ** job.attempts);
      const runAt = new Date(clock.now().getTime() + backoffMs);
      if (!exhausted) {
        await requeue(job.id, runAt, message.slice(0, 2000));
        return;
      }
      await db
        .updateTable('jobs')
        .set({ status: 'failed', last_error: message.slice(0, 2000), run_at: runAt, finished_at: clock.now(), locked_by: null })
        .where('id', '=', job.id)
        .execute();
    }
  }

  /**
   * Returns a running job to the queue: a retry at `runAt`, or (`runAt` null) a job whose worker
   * died, at its own time. A job with the same dedupe key may have been queued meanwhile (a change
   * while this one ran); that one then takes this one's place, moved up to this one's time if it
   * was later, and this one ends failed and says so. Two queued jobs with one key would break the
   * key's unique index: the one statement that returned every stale job failed on it, and none came
   * back, ever (decision 0023).
   */
  async function requeue(id: string, runAt: Date | null, lastError: string | null): Promise<void> {
    const statement = sql`
      with me as (select queue, dedupe_key, coalesce(${runAt}::timestamptz, run_at) as run_at from jobs where id = ${id} and status = 'running'),
      twin as (
        update jobs t set run_at = least(t.run_at, me.run_at)
        from me where t.status = 'queued' and t.queue = me.queue and t.dedupe_key = me.dedupe_key
        returning t.id
      )
      update jobs set
        status = case when exists (select 1 from twin) then 'failed' else 'queued' end,
        run_at = (select run_at from me),
        finished_at = case when exists (select 1 from twin) then ${clock.now()}::timestamptz end,
        last_error = concat_ws('; ', coalesce(${lastError}::text, case when exists (select 1 from twin) then 'its worker stopped' end, last_error),
                               (select 'queued job ' || id || ' with the same dedupe key does its work' from twin limit 1)),
        locked_by = null
      where id = ${id} and status = 'running'`;
    try {
      await statement.execute(db);
    } catch (error) {
      // The twin was being queued by a transaction still open when this statement looked: once
      // it has committed, a second look finds it.
      if ((error as { code?: unknown }).code !== '23505') throw error;
      await statement.execute(db);
    }
  }

  async function requeueStale(): Promise<void> {
    const stale = await db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'running')
      .where('locked_at', '<', new Date(clock.now().getTime() - staleAfterMs))
      .execute();
    for (const { id } of stale) await requeue(id, null, null);
  }

  /** Claims and runs jobs one after another until none is ready, `max` ran, or `keepGoing` says stop. */
  async function work(max: number, keepGoing: () => boolean): Promise<number> {
    let count = 0;
    while (count < max && keepGoing()) {
      const job = await claim();
      if (!job) break;
      await runJob(job);
      count++;
    }
    return count;
  }

  async function loop(): Promise<void> {
    let ticks = 0;
    while (running) {
      const seen = wakes;
      try {
        if (ticks++ % 60 === 0) await requeueStale();
        // Once stopping, finish the job in hand but claim no other: shutdown waits for one job, not a hundred.
        await work(100, () => running);
      } catch (error) {
        logger.error({ err: error }, 'job worker loop failed; retrying');
      }
      if (!running) break;
      // A job woken for while this worker looked or worked may have been committed after its last claim.
      if (wakes !== seen) continue;
      options.onSleep?.();
      await new Promise<void>((resolve) => {
        const ring = () => {
          clearTimeout(timer);
          sleepers.delete(ring);
          resolve();
        };
        const timer = setTimeout(ring, pollMs);
        timer.unref();
        sleepers.add(ring);
      });
    }
  }

  return {
    async enqueue(target, job) {
      await insertJob(target, clock.now(), job);
      wakeAll();
    },
    wake: wakeAll,
    register(queue, handler) {
      handlers.set(queue, handler);
    },
    drain: (max = Number.POSITIVE_INFINITY) => work(max, () => true),
    start(workers) {
      if (running || workers <= 0) return;
      running = true;
      for (let i = 0; i < workers; i++) loops.push(loop());
    },
    async stop() {
      running = false;
      wakeAll();
      await Promise.all(loops.splice(0));
    },
  };
}
