import type { Db } from '../platform/db/database.js';
import type { DemoLedger } from './demo-ledger.js';

/** Rows per multi-row INSERT: at most 14 parameters a row, far below PostgreSQL's 65,535. */
const BATCH = 500;

async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/**
 * Stores the demo's delivery ledger in a few multi-row INSERTs, as an import of a project tracker
 * would: the delivery repo writes one row a statement (each write a person makes), which for the
 * demo's two thousand rows would double the seed's time. The columns are the delivery repo's
 * (delivery/repo.ts, `*Columns`), checked against the schema by Kysely's types. No audit rows and
 * no health marks: the seed computes the health history itself once everything is in.
 */
export async function insertLedger(db: Db, workspaceId: string, ledger: DemoLedger, at: Date): Promise<void> {
  const stamp = (id: string, createdBy: string | null) => ({ workspace_id: workspaceId, id, created_by: createdBy, created_at: at, updated_at: at });
  await inBatches(ledger.projects, (rows) =>
    db
      .insertInto('projects')
      .values(
        rows.map(({ id, createdBy, record: p }) => ({
          ...stamp(id, createdBy),
          account_id: p.accountId,
          name: p.name,
          brief: p.brief,
          budget_amount: p.budget?.amount ?? null,
          budget_currency: p.budget?.currency ?? null,
          starts_on: p.startsOn,
          ends_on: p.endsOn,
          status: p.status,
        })),
      )
      .execute(),
  );
  await inBatches(ledger.deliverables, (rows) =>
    db
      .insertInto('deliverables')
      .values(
        rows.map(({ id, createdBy, record: d }) => ({
          ...stamp(id, createdBy),
          project_id: d.projectId,
          account_id: d.accountId,
          title: d.title,
          owner_id: d.ownerId,
          due_at: d.dueAt,
          delivered_at: d.deliveredAt,
          approved_at: d.approvedAt,
          status: d.status,
          notes: d.notes,
        })),
      )
      .execute(),
  );
  await inBatches(ledger.targets, (rows) =>
    db
      .insertInto('targets')
      .values(
        rows.map(({ id, createdBy, record: t }) => ({
          ...stamp(id, createdBy),
          account_id: t.accountId,
          project_id: t.projectId,
          metric: t.metric,
          period_start: t.periodStart,
          period_end: t.periodEnd,
          goal: t.goal,
          actual: t.actual,
          higher_is_better: t.higherIsBetter,
        })),
      )
      .execute(),
  );
  await inBatches(ledger.incidents, (rows) =>
    db
      .insertInto('incidents')
      .values(
        rows.map(({ id, createdBy, record: i }) => ({
          ...stamp(id, createdBy),
          account_id: i.accountId,
          deliverable_id: i.deliverableId,
          kind: i.kind,
          severity: i.severity,
          description: i.description,
          occurred_at: i.occurredAt,
        })),
      )
      .execute(),
  );
}
