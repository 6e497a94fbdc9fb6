/**
 * The running jobs, by queue and dedupe key. A read while a workspace's numbers are from an earlier
 * day looks whether its day job is running before queueing one (decision 0027); without an index
 * that look read every job kept for the week (`jobs_ready_idx` holds the queued ones only). Few
 * jobs run at once, so the index stays a handful of entries however many the table keeps; the
 * sweep for jobs left running by a dead worker reads it too.
 */
export const sql = /* sql */ `
create index jobs_running_idx on jobs (queue, dedupe_key) where status = 'running';
`;
