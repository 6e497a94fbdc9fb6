import { sql } from 'kysely';
import { createAccount } from '../accounts/create-account.js';
import { createContact } from '../accounts/create-contact.js';
import { hashPassword } from '../platform/auth/password.js';
import type { Actor } from '../platform/auth/roles.js';
import { inTransaction, type Deps } from '../platform/deps.js';
import { invalidInput } from '../platform/errors.js';
import { newId, randomSecret } from '../platform/ids.js';
import { addMember } from '../workspaces/add-member.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { workspacesRepo } from '../workspaces/repo.js';
import { PasswordSchema } from '../workspaces/schemas.js';
import { DEMO_ACCOUNTS, DEMO_OWNER_NAME, DEMO_TEAM, type TeamKey } from './demo-data.js';
import { conflictPartners, daysBefore, toAccountInput, toContactInput } from './demo-inputs.js';
import { demoTouchpoints, type DemoTouchAccount } from './demo-touchpoints.js';
import { touchpointsRepo } from '../touchpoints/repo.js';
import { markAccountLost } from '../postmortems/mark-lost.js';
import { demoLedger, type DemoLedgerAccount } from './demo-ledger.js';
import { insertLedger } from './ledger-repo.js';
import { backfillHealth } from '../health/backfill.js';
import type { AlertKind } from '../health/alert-rules.js';
import { DEMO_LOSSES, DEMO_UNMATCHED_MAILS } from './demo-stories.js';
import { describeMail, type ReceivedMail } from '../intake/mail.js';
import { receiveMail } from '../intake/receive-mail.js';

export const DEMO_EMAIL = 'demo@rapport.test';
export const DEMO_WORKSPACE_NAME = 'Northwind Agency';
/** Days of health history the demo starts with: a year (the touches and the ledger go back further, for its first day's windows). */
const HISTORY_DAYS = 365;
/** Advisory lock taken while seeding ("demo" in ASCII); distinct from the migration lock. */
const DEMO_LOCK_KEY = 0x64656d6f;

export interface SeedDemoResult {
  workspaceId: string;
  workspaceSlug: string;
  email: string;
  password: string;
  created: boolean;
  accounts: number;
  contacts: number;
}

/**
 * Creates the demo workspace, or with reset: true deletes and recreates it. Without reset, an
 * existing demo is left as it is (created: false) — but the demo user's password is set to
 * `password`, so the password printed at start always works.
 *
 * The demo workspace is the `is_demo` workspace the demo user belongs to. The portfolio goes through
 * the real use-cases (createWorkspace, addMember, createAccount, createContact, markAccountLost)
 * acting as the demo user, so the audit log tells how it was built; the histories (touches, the
 * delivery ledger) go in as batches, as an import would; then the health history is computed day by
 * day over the last year (backfillHealth), so the score charts, alerts and post-mortems have a past.
 * Which accounts tell which story is in demo-stories.ts. All of it runs in one transaction, so a
 * failure leaves no half-made demo behind.
 */
export async function seedDemo(deps: Deps, options: { password: string; reset?: boolean }): Promise<SeedDemoResult> {
  const checked = PasswordSchema.safeParse(options.password);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? 'Invalid password';
    throw invalidInput(`password: ${message}`, [{ path: 'password', message }]);
  }

  return inTransaction(deps, async (tx) => {
    // Several processes starting at once on one PostgreSQL would each make a demo: the second
    // waits here until the first commits, then finds the demo made.
    await sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`.execute(tx.db);
    const repo = workspacesRepo(tx.db);
    const at = tx.clock.now();

    // scrypt is slow on purpose (tens of milliseconds per hash). The hashes run on libuv's thread
    // pool while the database works on the main thread: users are inserted without a password and
    // given their hash just before the commit, which is when anyone could first see them.
    const passwords: Array<{ userId: string; hash: Promise<string> }> = [];
    const hashLater = (userId: string, password: string) => {
      const hash = hashPassword(password);
      hash.catch(() => undefined); // awaited below; this only keeps a rollback from leaving it unhandled
      passwords.push({ userId, hash });
    };
    const savePasswords = async () => {
      for (const { userId, hash } of passwords) await repo.setPassword(userId, await hash);
    };

    let owner = await repo.findUserByEmail(DEMO_EMAIL);
    if (!owner) {
      const id = newId();
      await repo.insertUser({ id, email: DEMO_EMAIL, name: DEMO_OWNER_NAME, passwordHash: null, at });
      owner = await repo.findUserById(id);
    }
    if (!owner) throw new Error('The demo user could not be created');
    hashLater(owner.id, options.password);

    const existing = (await repo.listWorkspacesOfUser(owner.id)).filter((w) => w.isDemo);
    const first = existing[0];
    if (first && !options.reset) {
      await savePasswords();
      return {
        workspaceId: first.id,
        workspaceSlug: first.slug,
        email: DEMO_EMAIL,
        password: options.password,
        created: false,
        ...(await countContent(tx, first.id)),
      };
    }
    // Deleting the workspace row cascades to everything the workspace owns.
    for (const workspace of existing) await repo.deleteWorkspace(workspace.id);

    const workspace = await createWorkspace(tx, { name: DEMO_WORKSPACE_NAME, ownerUserId: owner.id, ownerLabel: DEMO_EMAIL, isDemo: true });
    const actor: Actor = { workspaceId: workspace.id, userId: owner.id, label: DEMO_EMAIL, role: 'owner' };

    const userIds = new Map<TeamKey, string>([['dana', owner.id]]);
    for (const mate of DEMO_TEAM) {
      if (!(await repo.findUserByEmail(mate.email))) {
        // Teammates own accounts but are not meant to sign in: a random password nobody knows.
        const id = newId();
        await repo.insertUser({ id, email: mate.email, name: mate.name, passwordHash: null, at });
        hashLater(id, randomSecret(24));
      }
      const member = await addMember(tx, actor, { email: mate.email, name: mate.name, role: mate.role });
      userIds.set(mate.key, member.userId);
    }

    const today = tx.clock.now();
    const partners = conflictPartners(DEMO_ACCOUNTS);
    const accountIds = new Map<string, string>();
    let contacts = 0;
    const touchAccounts: DemoTouchAccount[] = [];
    const ledgerAccounts: DemoLedgerAccount[] = [];
    const knownFrom: Array<{ id: string; day: string }> = [];
    const lossOf = new Map(DEMO_LOSSES.map((loss) => [loss.key, loss]));
    for (const data of DEMO_ACCOUNTS) {
      // A conflict is symmetric and needs both accounts: each pair is made when its second account is.
      const conflictIds = [...(partners.get(data.key) ?? [])].flatMap((key) => accountIds.get(key) ?? []);
      const account = await createAccount(tx, actor, toAccountInput(data, { today, userIds, conflictIds }));
      accountIds.set(data.key, account.id);
      const touchContacts: DemoTouchAccount['contacts'] = [];
      for (const contact of data.contacts) {
        const created = await createContact(tx, actor, account.id, toContactInput(data, contact, today));
        touchContacts.push({ id: created.id, isPrimary: created.isPrimary, role: created.role, leftDaysAgo: contact.leftDaysAgo ?? null, joinedDaysAgo: contact.joinedDaysAgo ?? null });
        // Known since the relationship began (or since they joined): the health history replays who was there each day.
        const since = contact.joinedDaysAgo === undefined ? account.startedOn : daysBefore(today, contact.joinedDaysAgo);
        if (since !== null) knownFrom.push({ id: created.id, day: since });
        contacts++;
      }
      const loss = lossOf.get(data.key);
      ledgerAccounts.push({
        key: data.key,
        id: account.id,
        name: data.name,
        category: data.category,
        notes: data.notes,
        startedOn: account.startedOn,
        lostOn: loss ? daysBefore(today, loss.lostDaysAgo) : null,
        value: data.value,
        ownerIds: [data.owners.lead, data.owners.client_service].flatMap((key) => (key ? (userIds.get(key) ?? []) : [])),
      });
      touchAccounts.push({
        key: data.key,
        id: account.id,
        status: data.status,
        cadenceDays: data.cadenceDays,
        startedDaysAgo: account.startedOn === null ? null : Math.floor((today.getTime() - Date.parse(`${account.startedOn}T00:00:00Z`)) / 86_400_000),
        ownerIds: account.owners.map((o) => o.userId),
        contacts: touchContacts,
      });
    }
    // The touch history goes in as one batch, as an import would: the audit log records accounts
    // and contacts one by one, which is what a person reading it wants.
    await touchpointsRepo(tx.db).insertTouchpoints(workspace.id, demoTouchpoints(touchAccounts, today, newId), at);
    await backdateContacts(tx, workspace.id, knownFrom);

    // The delivery ledger goes in the same way: a year and a half of a project tracker's history.
    const ledger = demoLedger(ledgerAccounts, today, newId);
    await insertLedger(tx.db, workspace.id, ledger, at);

    // Mail the intake could not match waits in its queue, received as the intake receives mail.
    for (const mail of DEMO_UNMATCHED_MAILS) {
      const sent = new Date(today.getTime() - mail.daysAgo * 86_400_000 - 3 * 3_600_000);
      const to = mail.to.map((key) => DEMO_TEAM.find((m) => m.key === key)?.email ?? DEMO_EMAIL);
      const received: ReceivedMail = {
        messageId: `<demo-${mail.key}@${mail.from.split('@')[1]}>`,
        from: mail.from,
        to,
        cc: [],
        envelopeFrom: to[0] ?? null,
        subject: mail.subject,
        text: mail.text,
        date: sent,
        receivedAt: today,
      };
      await receiveMail(tx, { workspaceIds: [workspace.id], mail: describeMail(received) });
    }

    // Lost accounts get their loss record, as a person marking them lost would.
    for (const loss of DEMO_LOSSES) {
      const accountId = accountIds.get(loss.key);
      if (!accountId) throw new Error(`Demo loss of unknown account ${loss.key}`);
      await markAccountLost(tx, actor, accountId, { lostOn: daysBefore(today, loss.lostDaysAgo), reasons: loss.reasons, notes: loss.notes });
    }

    // The health history: every account's score day by day from the facts known that day, with the
    // alerts raised and resolved on their days, then today's score.
    await backfillHealth(tx, workspace.id, { days: HISTORY_DAYS });
    for (const loss of DEMO_LOSSES) {
      if (!loss.acknowledged) continue;
      const by = userIds.get(loss.acknowledged.by);
      const accountId = accountIds.get(loss.key);
      if (by && accountId) await acknowledgeLater(tx, workspace.id, accountId, { ...loss.acknowledged, userId: by });
    }

    await savePasswords();
    return {
      workspaceId: workspace.id,
      workspaceSlug: workspace.slug,
      email: DEMO_EMAIL,
      password: options.password,
      created: true,
      accounts: accountIds.size,
      contacts,
    };
  });
}

/**
 * Contacts are created today, but the story has known them since the relationship began: their
 * created_at (the day the health history counts a contact from) is set to that day.
 */
async function backdateContacts(deps: Deps, workspaceId: string, contacts: ReadonlyArray<{ id: string; day: string }>): Promise<void> {
  if (contacts.length === 0) return;
  await sql`
    update contacts c set created_at = least(c.created_at, k.day::timestamptz)
    from unnest(${contacts.map((c) => c.id)}::uuid[], ${contacts.map((c) => `${c.day}T09:00:00Z`)}::text[]) as k(id, day)
    where c.workspace_id = ${workspaceId} and c.id = k.id`.execute(deps.db);
}

/**
 * Records that someone saw an alert of a lost account some days after it was raised (its first of
 * that kind) and noted why it could wait: the post-mortem's "someone acknowledged, nothing changed".
 * Written as the record of that past day (actOnAlert acts now, and on open alerts only; the
 * backfill has resolved a lost account's alerts at the loss).
 */
async function acknowledgeLater(
  deps: Deps,
  workspaceId: string,
  accountId: string,
  ack: { kind: AlertKind; userId: string; daysAfterRaised: number; note: string },
): Promise<void> {
  const { numAffectedRows } = await sql`
    update alerts a set acknowledged_at = a.raised_at + make_interval(days => ${ack.daysAfterRaised}, hours => 2),
      acknowledged_by = ${ack.userId}, note = ${ack.note},
      state = case when a.state = 'open' then 'acknowledged' else a.state end
    where a.workspace_id = ${workspaceId} and a.id = (
      select id from alerts where workspace_id = ${workspaceId} and account_id = ${accountId} and kind = ${ack.kind}
      order by raised_at limit 1)`.execute(deps.db);
  if (Number(numAffectedRows ?? 0) !== 1) throw new Error(`The demo has no ${ack.kind} alert to acknowledge`);
}

async function countContent(deps: Deps, workspaceId: string): Promise<{ accounts: number; contacts: number }> {
  const accounts = await deps.db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const contacts = await deps.db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return { accounts: Number(accounts.n), contacts: Number(contacts.n) };
}
