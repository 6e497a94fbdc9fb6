/**
 * An import's heartbeat: the process running it stamps it every half minute, so on PostgreSQL,
 * where several processes share the database, an import whose process died (its upload was that
 * machine's temporary file) can be told from one still running, and is marked failed instead of
 * showing "running" for ever (decision 0023). Unfinished imports from before have none, and count
 * from their creation.
 */
export const sql = /* sql */ `
alter table imports add column heartbeat_at timestamptz;
`;
