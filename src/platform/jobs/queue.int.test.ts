import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/support/database.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/database.js';
import { createJobQueue, insertJob, type JobQueue, type JobRecord } from './queue.js';

const logger = pino({ level: 'silent' });
const clock = fixedClock('2025-02-03T12:00:00Z');
let database: Database;
const queues: JobQueue[] = [];

function newQueue(options: { pollMs?: number; staleAfterMs?: number; onSleep?: () => void } = {}): JobQueue {
  const queue = createJobQueue({ db: database.db, clock, logger, ...options });
  queues.push(queue);
  return queue;
}

const jobs = (queue: string) =>
  database.db.selectFrom('jobs').selectAll().where('queue', '=', queue).orderBy('created_at').orderBy('id').execute();

let counter = 0;
/** A queue name of its own for each test, so tests on the shared database do not see each other's jobs. */
const queueName = () => `test.q${++counter}`;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.stop()));
  await database.close();
});
beforeEach(() => {
  clock.set('2025-02-03T12:00:00Z');
});

describe('enqueue and drain', () => {
  it('runs a job with its payload once and marks it done', async () => {
    const name = queueName();
    const q = newQueue();
    const seen: JobRecord[] = [];
    q.register(name, async (job) => {
      seen.push(job);
    });
    await q.enqueue(database.db, { queue: name, payload: { accountId: 'a1', n: 2 } });
    expect(await q.drain()).toBe(1);
    expect(seen).toEqual([{ id: expect.any(String), queue: name, workspaceId: null, payload: { accountId: 'a1', n: 2 }, attempts: 1 }]);
    const [row] = await jobs(name);
    expect(row).toMatchObject({ status: 'done', attempts: 1, locked_by: null, last_error: null });
    expect(row!.finished_at?.toISOString()).toBe(clock.now().toISOString());
    expect(await q.drain()).toBe(0);
  });

  it('runs ready jobs in run_at order and respects max', async () => {
    const name = queueName();
    const q = newQueue();
    const order: number[] = [];
    q.register(name, async (job) => {
      order.push(job.payload.n as number);
    });
    for (const [n, offset] of [[3, -1000], [1, -3000], [2, -2000]] as const) {
      await q.enqueue(database.db, { queue: name, payload: { n }, runAt: new Date(clock.now().getTime() + offset) });
    }
    expect(await q.drain(2)).toBe(2);
    expect(await q.drain()).toBe(1);
    expect(order).toEqual([1, 2, 3]);
  });

  it('waits for run_at', async () => {
    const name = queueName();
    const q = newQueue();
    let runs = 0;
    q.register(name, async () => {
      runs++;
    });
    await q.enqueue(database.db, { queue: name, runAt: new Date(clock.now().getTime() + 60_000) });
    expect(await q.drain()).toBe(0);
    clock.advance(59_999);
    expect(await q.drain()).toBe(0);
    clock.advance(1);
    expect(await q.drain()).toBe(1);
    expect(runs).toBe(1);
  });

  it('enqueues inside the caller’s transaction: a rollback leaves no job', async () => {
    const name = queueName();
    const q = newQueue();
    q.register(name, async () => undefined);
    await expect(
      database.db.transaction().execute(async (tx) => {
        await q.enqueue(tx, { queue: name });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await jobs(name)).toEqual([]);
    await database.db.transaction().execute(async (tx) => q.enqueue(tx, { queue: name }));
    expect(await jobs(name)).toHaveLength(1);
  });

  it('leaves jobs of queues it has no handler for', async () => {
    const name = queueName();
    const q = newQueue();
    q.register(queueName(), async () => undefined);
    await q.enqueue(database.db, { queue: name });
    expect(await q.drain()).toBe(0);
    expect((await jobs(name))[0]).toMatchObject({ status: 'queued', attempts: 0 });
  });
});

describe('retries', () => {
  it('retries a failing job with growing backoff, then marks it failed after max_attempts', async () => {
    const name = queueName();
    const q = newQueue();
    let calls = 0;
    q.register(name, async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await q.enqueue(database.db, { queue: name, maxAttempts: 3 });
    const start = clock.now().getTime();

    expect(await q.drain()).toBe(1);
    let [row] = await jobs(name);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom 1', finished_at: null, locked_by: null });
    expect(row!.run_at.getTime() - start).toBe(2000);
    expect(await q.drain()).toBe(0);

    clock.advance(1999);
    expect(await q.drain()).toBe(0);
    clock.advance(1);
    expect(await q.drain()).toBe(1);
    [row] = await jobs(name);
    expect(row).toMatchObject({ status: 'queued', attempts: 2, last_error: 'boom 2' });
    expect(row!.run_at.getTime() - clock.now().getTime()).toBe(4000);

    clock.advance(4000);
    expect(await q.drain()).toBe(1);
    [row] = await jobs(name);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
    expect(row!.finished_at?.toISOString()).toBe(clock.now().toISOString());

    clock.advance(24 * 3600_000);
    expect(await q.drain()).toBe(0);
    expect(calls).toBe(3);
  });

  it('a job that fails once and then succeeds ends done', async () => {
    const name = queueName();
    const q = newQueue();
    let calls = 0;
    q.register(name, async () => {
      if (++calls === 1) throw new Error('flaky');
    });
    await q.enqueue(database.db, { queue: name });
    await q.drain();
    clock.advance(2000);
    await q.drain();
    expect((await jobs(name))[0]).toMatchObject({ status: 'done', attempts: 2, last_error: 'flaky' });
  });
});

describe('dedupeKey', () => {
  it('coalesces queued jobs with the same key into one run', async () => {
    const name = queueName();
    const q = newQueue();
    let runs = 0;
    q.register(name, async () => {
      runs++;
    });
    for (let i = 0; i < 5; i++) await q.enqueue(database.db, { queue: name, dedupeKey: 'account:1', payload: { i } });
    await q.enqueue(database.db, { queue: name, dedupeKey: 'account:2' });
    await q.enqueue(database.db, { queue: name });
    await q.enqueue(database.db, { queue: name });
    expect((await jobs(name)).filter((j) => j.status === 'queued')).toHaveLength(4);
    expect(await q.drain()).toBe(4);
    expect(runs).toBe(4);
    const first = (await jobs(name)).find((j) => j.dedupe_key === 'account:1');
    expect(first?.payload).toEqual({ i: 0 });
  });

  it('queues a new job once the earlier one with the key has run, and keys are per queue', async () => {
    const name = queueName();
    const other = queueName();
    const q = newQueue();
    q.register(name, async () => undefined);
    q.register(other, async () => undefined);
    await q.enqueue(database.db, { queue: name, dedupeKey: 'k' });
    await q.enqueue(database.db, { queue: other, dedupeKey: 'k' });
    expect(await q.drain()).toBe(2);
    await q.enqueue(database.db, { queue: name, dedupeKey: 'k' });
    expect(await jobs(name)).toHaveLength(2);
    expect(await q.drain()).toBe(1);
  });

  // PGlite runs one transaction at a time: no worker can claim while another transaction is open.
  it.runIf(TEST_DB_KIND === 'postgres')('a queued job that a transaction coalesced into is not claimed before that transaction ends', async () => {
    const name = queueName();
    const q = newQueue();
    q.register(name, async () => undefined);
    await q.enqueue(database.db, { queue: name, dedupeKey: 'k', payload: { n: 1 } });
    const during = await database.db.transaction().execute(async (trx) => {
      // A change that marks work for the queued job: the job must not run before the mark is visible.
      await q.enqueue(trx, { queue: name, dedupeKey: 'k', payload: { n: 2 } });
      return q.drain();
    });
    expect(during).toBe(0);
    expect(await q.drain()).toBe(1);
    expect(await jobs(name)).toHaveLength(1);
  });

  it('while a job with the key runs, a new change queues a follow-up run', async () => {
    const name = queueName();
    const q = newQueue();
    let runs = 0;
    q.register(name, async () => {
      runs++;
      if (runs === 1) await q.enqueue(database.db, { queue: name, dedupeKey: 'k' });
    });
    await q.enqueue(database.db, { queue: name, dedupeKey: 'k' });
    expect(await q.drain()).toBe(2);
    expect(runs).toBe(2);
  });
});

describe('several workers', () => {
  it('two queues on the same database draining at once never run a job twice', async () => {
    const name = queueName();
    const runs = new Map<string, number>();
    const handler = async (job: JobRecord) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    };
    const a = newQueue();
    const b = newQueue();
    a.register(name, handler);
    b.register(name, handler);
    const total = 80;
    for (let i = 0; i < total; i++) await a.enqueue(database.db, { queue: name, payload: { i } });

    const counts = await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(total);
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const rows = await jobs(name);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('background workers of two queues share the work and stop cleanly', async () => {
    const name = queueName();
    const runs = new Map<string, number>();
    const byWorker = { a: 0, b: 0 };
    const make = (label: 'a' | 'b') => async (job: JobRecord) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      byWorker[label]++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const a = newQueue({ pollMs: 10 });
    const b = newQueue({ pollMs: 10 });
    a.register(name, make('a'));
    b.register(name, make('b'));
    const total = 60;
    for (let i = 0; i < total; i++) await a.enqueue(database.db, { queue: name, payload: { i } });
    a.start(2);
    b.start(2);
    const deadline = Date.now() + 20_000;
    while (runs.size < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([a.stop(), b.stop()]);
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byWorker.a + byWorker.b).toBe(total);
    expect((await jobs(name)).every((r) => r.status === 'done')).toBe(true);
  });

  it('a worker picks up a job left running by a dead worker once it is stale', async () => {
    const name = queueName();
    const q = newQueue({ pollMs: 10, staleAfterMs: 60_000 });
    let runs = 0;
    q.register(name, async () => {
      runs++;
    });
    await q.enqueue(database.db, { queue: name });
    await database.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_by: 'dead-host:1:x', locked_at: new Date(clock.now().getTime() - 61_000) })
      .where('queue', '=', name)
      .execute();
    q.start(1);
    const deadline = Date.now() + 10_000;
    while (runs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await q.stop();
    expect(runs).toBe(1);
    expect((await jobs(name))[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a stale job whose key was queued again meanwhile gives way to the queued one, and the other stale jobs still return', async () => {
    const name = queueName();
    const q = newQueue({ pollMs: 10, staleAfterMs: 60_000 });
    const ran: number[] = [];
    q.register(name, async (job) => {
      ran.push(job.payload.n as number);
    });
    const stale = { status: 'running' as const, attempts: 1, locked_by: 'dead-host:1:x', locked_at: new Date(clock.now().getTime() - 61_000) };
    // What a worker killed in mid-job leaves, once the next run of its key is queued (an hourly job's
    // next hour, or a process restarted and queueing it again); beside it, a stale job without a key.
    await q.enqueue(database.db, { queue: name, dedupeKey: 'hourly', payload: { n: 1 } });
    await q.enqueue(database.db, { queue: name, payload: { n: 3 } });
    await database.db.updateTable('jobs').set(stale).where('queue', '=', name).execute();
    await q.enqueue(database.db, { queue: name, dedupeKey: 'hourly', payload: { n: 2 }, runAt: new Date(clock.now().getTime() + 3600_000) });
    q.start(1);
    const deadline = Date.now() + 10_000;
    while (ran.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await q.stop();
    expect(ran.sort()).toEqual([2, 3]);
    const rows = await jobs(name);
    const byN = (n: number) => rows.find((r) => r.payload.n === n);
    expect(byN(1)).toMatchObject({ status: 'failed', locked_by: null });
    expect(byN(1)!.last_error).toContain(`queued job ${byN(2)!.id} with the same dedupe key does its work`);
    expect(byN(2)).toMatchObject({ status: 'done', attempts: 1 });
    expect(byN(3)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a failing job whose key was queued again while it ran gives way to the queued one', async () => {
    const name = queueName();
    const q = newQueue();
    const ran: number[] = [];
    q.register(name, async (job) => {
      ran.push(job.payload.n as number);
      if (job.payload.n === 1) {
        await q.enqueue(database.db, { queue: name, dedupeKey: 'k', payload: { n: 2 } });
        throw new Error('boom');
      }
    });
    await q.enqueue(database.db, { queue: name, dedupeKey: 'k', payload: { n: 1 } });
    expect(await q.drain()).toBe(2);
    expect(ran).toEqual([1, 2]);
    const rows = await jobs(name);
    const first = rows.find((r) => r.payload.n === 1);
    const second = rows.find((r) => r.payload.n === 2);
    expect(first).toMatchObject({ status: 'failed', attempts: 1 });
    expect(first!.last_error).toBe(`boom; queued job ${second!.id} with the same dedupe key does its work`);
    expect(first!.finished_at?.toISOString()).toBe(clock.now().toISOString());
    expect(second).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('stop() lets the job in hand finish and claims no other', async () => {
    const name = queueName();
    const q = newQueue({ pollMs: 10 });
    let started = 0;
    let finished = 0;
    q.register(name, async () => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished++;
    });
    for (let i = 0; i < 5; i++) await q.enqueue(database.db, { queue: name, payload: { i } });
    q.start(1);
    const deadline = Date.now() + 10_000;
    while (started === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await q.stop();
    expect([started, finished]).toEqual([1, 1]);
    expect((await jobs(name)).map((r) => r.status).sort()).toEqual(['done', 'queued', 'queued', 'queued', 'queued']);
  });
});

/** A promise with its resolve, for a handler a test holds or waits on. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Workers that would sleep for an hour between polls: whatever runs in these tests was started by a
 * wake. `asleep(n)` resolves once the workers have gone to sleep n times in all.
 */
function sleepyQueue() {
  let sleeps = 0;
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const queue = newQueue({
    pollMs: 3600_000,
    onSleep: () => {
      sleeps++;
      for (const w of waiting.filter((x) => x.n <= sleeps)) w.resolve();
    },
  });
  const asleep = (n: number) => (sleeps >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })));
  return { queue, asleep };
}

describe('waking workers', () => {
  it('a job added with insertJob starts at once when the queue is woken, not at the next poll', async () => {
    const name = queueName();
    const { queue, asleep } = sleepyQueue();
    const ran = signal<JobRecord>();
    queue.register(name, async (job) => ran.resolve(job));
    queue.start(1);
    await asleep(1);
    await insertJob(database.db, clock.now(), { queue: name, payload: { n: 1 } });
    queue.wake();
    expect((await ran.promise).payload).toEqual({ n: 1 });
  });

  it('a wake reaches a sleeping worker while another one is busy, and stop() wakes every worker', async () => {
    const name = queueName();
    const { queue, asleep } = sleepyQueue();
    const firstStarted = signal();
    const releaseFirst = signal();
    const secondRan = signal();
    queue.register(name, async (job) => {
      if (job.payload.n === 1) {
        firstStarted.resolve();
        await releaseFirst.promise;
      } else secondRan.resolve();
    });
    queue.start(2);
    // Both asleep: the first job wakes them, one takes it and holds it; the second must wake the other.
    await asleep(2);
    await queue.enqueue(database.db, { queue: name, payload: { n: 1 } });
    await firstStarted.promise;
    await queue.enqueue(database.db, { queue: name, payload: { n: 2 } });
    await secondRan.promise;
    releaseFirst.resolve();
    // Both go back to sleep for an hour; stop() returns only if it wakes both.
    await queue.stop();
    expect((await jobs(name)).map((r) => r.status)).toEqual(['done', 'done']);
  });
});
