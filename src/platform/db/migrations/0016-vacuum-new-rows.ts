/**
 * The tables that grow by inserts and are read by index-only scans over their newest rows are
 * vacuumed after a fixed number of inserts, not after 20% growth (decision 0030). Autovacuum's
 * default (1,000 + 20% of the table) waited for a million new touches at 5,000,000, and for 73
 * nights of snapshots at a year of history: until then the newest pages, the very ones the
 * signals (the touch windows, the engaged contacts) and the score-drop peaks (the last 30 days of
 * snapshots) read, were not all-visible, and every index entry cost a heap fetch besides. A
 * vacuum of pages that only had inserts is cheap: it visits those pages and sets their bits.
 * `vacuumWhereNeeded` (PGlite's hourly upkeep) reads these settings too.
 */
export const sql = /* sql */ `
alter table health_snapshots set (autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);
alter table touchpoints set (autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0);
alter table touchpoint_contacts set (autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0);
`;
