/**
 * Which recompute wrote an account's current score, by a number the database hands out in order
 * (a sequence: one order for every process, whatever their clocks say). A run that started earlier
 * does not write over the score of one that started later (decision 0023); comparing the runs'
 * start times instead failed when a clock went back (an NTP step, a test's clock), and leaned on
 * several machines' clocks agreeing. Scores from before count as written by run 0.
 */
export const sql = /* sql */ `
create sequence health_run_seq;
alter table health_current add column run_seq bigint not null default 0;
`;
