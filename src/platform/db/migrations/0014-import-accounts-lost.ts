/**
 * How many accounts an import recorded as lost, with their loss record (decision 0021): the new
 * accounts created lost, and the accounts already lost without a record that were given one.
 * Imports made before count none.
 */
export const sql = /* sql */ `
alter table imports add column accounts_marked_lost integer not null default 0;
`;
