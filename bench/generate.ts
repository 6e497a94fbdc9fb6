/**
 * A realistic agency portfolio, generated deterministically from a seed and written in bulk
 * straight into the tables of a migrated database: 10,000 accounts (names with diacritics,
 * aliases, categories, retainers, statuses, 1–3 owners among ~20 members, symmetric conflicts) and
 * 50,000 contacts. It bypasses the use-cases on purpose (one row at a time would take minutes) but
 * computes `sort_name` and `search_text` with the same pure functions they use. Each lost account
 * has its loss record (a day before today, reasons from the taxonomy) and the audit row that
 * `markAccountLost` writes with it, as an import of churned clients leaves them (decision 0021).
 *
 * Run alone: `npx tsx bench/generate.ts` (in-memory PGlite) or with BENCH_DATABASE_URL (an empty
 * or migrated PostgreSQL database; the portfolio is added in a new workspace).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Selectable } from 'kysely';
import type { Database, Db } from '../src/platform/db/database.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import type { AccountsTable, ContactsTable } from '../src/platform/db/schema.js';
import { systemClock } from '../src/platform/clock.js';
import { foldText, searchTextOf } from '../src/accounts/account.js';
import { createUser } from '../src/workspaces/create-user.js';
import { createWorkspace } from '../src/workspaces/create-workspace.js';
import { createApiToken } from '../src/workspaces/api-tokens.js';
import { LOSS_REASONS, type LossReason } from '../src/postmortems/reasons.js';
import { isMain } from './support.js';

export interface GenerateOptions {
  accounts?: number;
  contacts?: number;
  /** Members of the workspace, the owner included; accounts are owned among them. */
  members?: number;
  seed?: number;
  /** Rows per INSERT statement (one JSON parameter each). */
  batchSize?: number;
  /** Now, for the loss records (lost before today, recorded by now); the clock when absent. */
  now?: Date;
}

export interface Portfolio {
  workspaceId: string;
  ownerUserId: string;
  memberIds: string[];
  /** An API token (`rap_...`) of the workspace owner. */
  token: string;
  /** A search term that matches a few hundred accounts (a realistic `?q=`). */
  searchTerm: string;
  accountsMatchingSearch: number;
  rows: { accounts: number; contacts: number; owners: number; conflicts: number; members: number; losses: number };
  seconds: number;
}

/** sfc32: small, fast and good enough; the same seed gives the same portfolio on every machine. */
export function createRandom(seed: number) {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed;
  let c = 0xb7e15162 ^ (seed * 31);
  let d = 1;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
    return s;
  };
  /** A version-4-shaped UUID from the seeded stream. */
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  return { next, int, pick, chance, weighted, uuid };
}
export type Random = ReturnType<typeof createRandom>;

const CATEGORIES: ReadonlyArray<readonly [string, number]> = [
  ['beer', 8], ['spirits', 4], ['food', 9], ['retail', 9], ['fashion', 7], ['fintech', 7], ['insurance', 4],
  ['automotive', 4], ['telecom', 3], ['healthcare', 5], ['pharma', 3], ['travel', 5], ['hospitality', 5],
  ['energy', 3], ['gaming', 4], ['media', 5], ['education', 3], ['real estate', 3], ['software', 8], ['nonprofit', 3],
];
const CATEGORY_WORDS: Record<string, readonly string[]> = {
  beer: ['Brewing', 'Brewery', 'Ales', 'Bräu', 'Craft Beer'],
  spirits: ['Distillers', 'Spirits', 'Gin Co.', 'Whisky'],
  food: ['Foods', 'Bakery', 'Dairy', 'Kitchen', 'Épicerie', 'Farms'],
  retail: ['Stores', 'Market', 'Outlet', 'Supply', 'Hardware'],
  fashion: ['Apparel', 'Atelier', 'Denim', 'Couture', 'Footwear'],
  fintech: ['Pay', 'Capital', 'Bank', 'Wallet', 'Lending'],
  insurance: ['Insurance', 'Assurance', 'Mutual'],
  automotive: ['Motors', 'Automotive', 'Cars', 'Mobility'],
  telecom: ['Telecom', 'Mobile', 'Networks'],
  healthcare: ['Health', 'Clinics', 'Care', 'Medical'],
  pharma: ['Pharma', 'Labs', 'Therapeutics'],
  travel: ['Travel', 'Airways', 'Tours', 'Voyages'],
  hospitality: ['Hotels', 'Resorts', 'Hospitality', 'Café'],
  energy: ['Energy', 'Power', 'Solar', 'Renewables'],
  gaming: ['Games', 'Studios', 'Interactive'],
  media: ['Media', 'Publishing', 'Radio', 'Press'],
  education: ['Academy', 'Learning', 'School'],
  'real estate': ['Properties', 'Estates', 'Homes'],
  software: ['Software', 'Cloud', 'Systems', 'Analytics', 'AI'],
  nonprofit: ['Foundation', 'Trust', 'Alliance'],
};
const NAME_FIRST = [
  'North', 'South', 'Blue', 'Red', 'Green', 'Silver', 'Golden', 'Iron', 'Oak', 'Pine', 'Cedar', 'Maple', 'River', 'Lake',
  'Harbor', 'Summit', 'Valley', 'Stone', 'Bright', 'Clear', 'Swift', 'Bold', 'Nova', 'Astra', 'Luna', 'Sol', 'Terra',
  'Aqua', 'Zenith', 'Apex', 'Vertex', 'Prime', 'Urban', 'Wild', 'Hidden', 'Royal', 'Little', 'Grand', 'Old', 'New',
  'Crème', 'Größen', 'Søren', 'Ölund', 'Ångström', 'Château', 'São', 'Mañana', 'Zürich', 'Kraków', 'Fjord', 'Nordic',
  'Pacific', 'Atlantic', 'Alpine', 'Coastal', 'Prairie', 'Desert', 'Arctic', 'Sunny',
];
const NAME_SECOND = [
  'wind', 'field', 'brook', 'ridge', 'gate', 'haven', 'works', 'light', 'stone', 'wood', 'bridge', 'point', 'crest',
  'port', 'side', 'mark', 'line', 'path', 'spring', 'dale', 'view', 'wave', 'leaf', 'bloom', 'forge', 'mill', 'hill',
  'star', 'peak', 'shore',
];
const PRODUCT_WORDS = ['Original', 'Lite', 'Zero', 'Pro', 'Max', 'Classic', 'Select', 'Reserve', 'Go', 'One', 'Plus', 'Fresh'];
const FIRST_NAMES = [
  'Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Farid', 'Greta', 'Hugo', 'Inès', 'Jonas', 'Kira', 'Lars', 'Maya', 'Noah',
  'Olga', 'Pablo', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Vera', 'William', 'Xenia', 'Yusuf', 'Zoë', 'Ana', 'Björn',
  'Carmen', 'Dmitri', 'Elif', 'François', 'Giulia', 'Hannah', 'Ivan', 'Julia', 'Kenji', 'Léa', 'Mateo', 'Nadia',
];
const LAST_NAMES = [
  'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Nowak', 'Jansen', 'Andersson', 'Kowalski', 'Silva', 'Novák', 'Öztürk',
  'Nielsen', 'Papadopoulos', 'Fernández', 'Schmidt', 'Martin', 'Bianchi', 'Johansson', 'Horváth', 'Ivanova', 'Brown',
  'Lefèvre', 'Costa', 'Wójcik', 'Virtanen', 'Murphy', 'Kim', 'Tanaka', 'Okafor', 'Haddad', 'Singh', 'Chen', 'López',
];
const TITLES = ['CMO', 'Head of Marketing', 'Brand Manager', 'Marketing Director', 'CEO', 'Social Media Lead', 'Procurement', 'CFO', 'Communications Manager', 'Digital Lead', 'Product Manager'];
const NOTES = [
  '',
  '',
  'Prefers calls on Tuesdays.',
  'Renewal negotiated in Q3; watch the budget.',
  'Quarterly business review scheduled with the marketing team.',
  'Sensitive about competitor mentions.',
  'Moved from the old agency last year; high expectations on reporting.',
];
const OWNER_ROLES = ['lead', 'client_service', 'member'] as const;

/** The search term used by the benchmarks: frequent enough to fill a page, rare enough to filter. */
export const SEARCH_TERM = 'harbor';

const DAY = 86_400_000;
const EPOCH = Date.UTC(2023, 0, 1);

function slug(text: string): string {
  return foldText(text).replace(/ß/g, 'ss').replace(/[^a-z0-9]+/g, '');
}

/**
 * The columns the generator writes (checked against the schema); columns added by later migrations
 * keep their defaults. Dates become ISO strings in the JSON batch.
 */
type AccountRow = Pick<
  Selectable<AccountsTable>,
  | 'workspace_id' | 'id' | 'name' | 'sort_name' | 'aliases' | 'search_text' | 'category' | 'website' | 'value_amount' | 'value_currency'
  | 'status' | 'started_on' | 'cadence_days' | 'is_confidential' | 'notes' | 'archived_at' | 'created_at' | 'updated_at'
>;
type ContactRow = Pick<
  Selectable<ContactsTable>,
  | 'workspace_id' | 'id' | 'account_id' | 'name' | 'sort_name' | 'emails' | 'phone' | 'title' | 'role' | 'influence' | 'is_primary'
  | 'status' | 'left_on' | 'notes' | 'created_at' | 'updated_at'
> & { social_handles: Array<{ network: string; handle: string }> };

/** A loss record as `markAccountLost` writes it (postmortems/repo.ts, upsertLoss). */
interface LossRow {
  workspace_id: string;
  account_id: string;
  lost_on: string;
  reasons: LossReason[];
  notes: string;
  recorded_by: string;
  recorded_at: Date;
}

/** Why generated accounts were lost: the taxonomy, weighted roughly as agencies report it. */
const LOSS_WEIGHTS: ReadonlyArray<readonly [LossReason, number]> = [
  ['price', 20],
  ['quality', 12],
  ['missed_results', 14],
  ['relationship', 8],
  ['staff_change_client', 12],
  ['staff_change_agency', 6],
  ['strategy_change', 12],
  ['in_housing', 8],
  ['consolidation', 6],
  ['unknown', 10],
];
const LOSS_NOTES = ['', '', 'Budget moved to brand work in-house.', 'New marketing director brought their own agency.', 'Results flat for two quarters.', 'Went with a cheaper agency.'];

/**
 * The loss record of each lost account, as `markAccountLost` would have written it: lost 30 to 400
 * days after the account began and no later than yesterday (UTC), so never before it began nor
 * after today (loss.ts; every account begins by 2025-11, before any `now` it runs at), one or two reasons
 * from the taxonomy (`unknown` alone), recorded by its first owner within two weeks of the loss and
 * not after `now`. Drawn from a stream of its own, so the rest of a seed's portfolio is unchanged.
 */
function buildLosses(accounts: readonly AccountRow[], owners: ReadonlyArray<{ account_id: string; user_id: string }>, seed: number, now: Date): LossRow[] {
  const rnd = createRandom(seed + 2);
  const yesterday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY;
  const ownerOf = new Map<string, string>();
  for (const o of owners) if (!ownerOf.has(o.account_id)) ownerOf.set(o.account_id, o.user_id);
  const losses: LossRow[] = [];
  for (const account of accounts) {
    if (account.status !== 'lost' || account.started_on === null) continue;
    const began = Date.parse(`${account.started_on}T00:00:00Z`);
    // 30 to 400 days in, within the days there are up to yesterday (an account begun lately is lost sooner).
    const span = Math.max(0, Math.floor((yesterday - began) / DAY));
    const lostAt = began + rnd.int(Math.min(30, span), Math.min(400, span)) * DAY;
    const first = rnd.weighted(LOSS_WEIGHTS);
    const second = first !== 'unknown' && rnd.chance(0.35) ? rnd.weighted(LOSS_WEIGHTS) : null;
    const reasons = second && second !== first && second !== 'unknown' ? [first, second] : [first];
    losses.push({
      workspace_id: account.workspace_id,
      account_id: account.id,
      lost_on: new Date(lostAt).toISOString().slice(0, 10),
      reasons: LOSS_REASONS.filter((r) => reasons.includes(r)),
      notes: rnd.pick(LOSS_NOTES),
      recorded_by: ownerOf.get(account.id)!,
      recorded_at: new Date(Math.min(now.getTime(), lostAt + rnd.int(0, 14) * DAY + rnd.int(8, 18) * 3_600_000)),
    });
  }
  return losses;
}

/** Builds the portfolio in memory: pure, no I/O, deterministic for a seed (and, for the losses, a day). */
export function buildPortfolio(
  workspaceId: string,
  memberIds: readonly string[],
  options: Required<Pick<GenerateOptions, 'accounts' | 'contacts' | 'seed'>> & { now?: Date },
) {
  const rnd = createRandom(options.seed);
  const accounts: AccountRow[] = [];
  const owners: Array<{ workspace_id: string; account_id: string; user_id: string; role: string }> = [];
  const conflicts: Array<{ workspace_id: string; account_id: string; other_account_id: string }> = [];
  const contacts: ContactRow[] = [];
  const usedNames = new Set<string>();
  const byCategory = new Map<string, string[]>();
  const domains: string[] = [];

  for (let i = 0; i < options.accounts; i++) {
    const category = rnd.weighted(CATEGORIES);
    let name = '';
    for (let attempt = 0; attempt < 20 && (!name || usedNames.has(name)); attempt++) {
      const stem = `${rnd.pick(NAME_FIRST)}${rnd.chance(0.6) ? rnd.pick(NAME_SECOND) : ` ${rnd.pick(NAME_FIRST)}`}`;
      name = `${stem} ${rnd.pick(CATEGORY_WORDS[category] ?? ['Group'])}`;
    }
    if (usedNames.has(name)) name = `${name} ${i}`;
    usedNames.add(name);
    const handle = slug(name).slice(0, 15);
    const aliases: string[] = [];
    if (rnd.chance(0.7)) aliases.push(`@${handle}`);
    const products = rnd.int(0, 3);
    for (let p = 0; p < products; p++) aliases.push(`${name.split(' ')[0]} ${rnd.pick(PRODUCT_WORDS)}`);
    if (rnd.chance(0.15)) aliases.push(name.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 4) || 'XYZ');
    const uniqueAliases = [...new Set(aliases)].filter((a) => foldText(a) !== foldText(name));
    const domain = `${handle || 'account'}${i}.example`;
    domains.push(domain);
    const createdAt = new Date(EPOCH + rnd.int(0, 1000) * DAY + rnd.int(0, DAY - 1));
    const updatedAt = new Date(createdAt.getTime() + rnd.int(0, 200) * DAY);
    const hasValue = rnd.chance(0.9);
    const status = rnd.weighted([['active', 60], ['prospect', 15], ['at_risk', 15], ['lost', 10]] as const);
    const id = rnd.uuid();
    accounts.push({
      workspace_id: workspaceId,
      id,
      name,
      sort_name: foldText(name),
      aliases: uniqueAliases,
      search_text: searchTextOf(name, uniqueAliases),
      category,
      website: rnd.chance(0.85) ? `https://www.${domain}` : null,
      value_amount: hasValue ? Math.round(Math.exp(7.5 + rnd.next() * 4.5)) : null,
      value_currency: hasValue ? rnd.weighted([['EUR', 6], ['USD', 3], ['GBP', 1]] as const) : null,
      status,
      started_on: status === 'prospect' ? null : new Date(createdAt.getTime() + rnd.int(0, 60) * DAY).toISOString().slice(0, 10),
      cadence_days: rnd.chance(0.8) ? rnd.pick([7, 14, 21, 30, 45, 60, 90]) : null,
      is_confidential: rnd.chance(0.05),
      notes: rnd.pick(NOTES),
      archived_at: rnd.chance(0.03) ? updatedAt : null,
      created_at: createdAt,
      updated_at: updatedAt,
    });
    const list = byCategory.get(category) ?? [];
    list.push(id);
    byCategory.set(category, list);

    const ownerCount = Math.min(memberIds.length, rnd.weighted([[1, 50], [2, 35], [3, 15]] as const));
    const chosen = new Set<string>();
    while (chosen.size < ownerCount) chosen.add(rnd.pick(memberIds));
    [...chosen].forEach((userId, n) => owners.push({ workspace_id: workspaceId, account_id: id, user_id: userId, role: OWNER_ROLES[Math.min(n, 2)]! }));
  }

  // Conflicts: ~8% of accounts compete with one or two others in their own category, both directions.
  const pairs = new Set<string>();
  for (const account of accounts) {
    if (!rnd.chance(0.08)) continue;
    const peers = byCategory.get(account.category ?? '') ?? [];
    for (let n = rnd.int(1, 2); n > 0; n--) {
      const other = rnd.pick(peers);
      const [x, y] = [account.id, other].sort() as [string, string];
      if (x === y || pairs.has(`${x}|${y}`)) continue;
      pairs.add(`${x}|${y}`);
      conflicts.push({ workspace_id: workspaceId, account_id: x, other_account_id: y });
      conflicts.push({ workspace_id: workspaceId, account_id: y, other_account_id: x });
    }
  }

  // Contacts: every account has one, the rest go mostly to the larger accounts.
  for (let j = 0; j < options.contacts; j++) {
    const index = j < accounts.length ? j : Math.floor(rnd.next() ** 2 * accounts.length);
    const account = accounts[index]!;
    const first = rnd.pick(FIRST_NAMES);
    const last = rnd.pick(LAST_NAMES);
    const name = `${first} ${last}`;
    const left = rnd.chance(0.1);
    const createdAt = new Date(account.created_at.getTime() + rnd.int(0, 300) * DAY);
    const handles: Array<{ network: string; handle: string }> = [];
    if (rnd.chance(0.5)) handles.push({ network: 'linkedin', handle: `${slug(first)}-${slug(last)}-${rnd.int(1, 999)}` });
    if (rnd.chance(0.2)) handles.push({ network: 'x', handle: `@${slug(first)}${slug(last)}` });
    contacts.push({
      workspace_id: workspaceId,
      id: rnd.uuid(),
      account_id: account.id,
      name,
      sort_name: foldText(name),
      emails: [`${slug(first)}.${slug(last)}@${domains[index]}`],
      phone: rnd.chance(0.6) ? `+${rnd.int(1, 49)} ${rnd.int(100, 999)} ${rnd.int(1000000, 9999999)}` : null,
      title: rnd.chance(0.85) ? rnd.pick(TITLES) : null,
      role: rnd.weighted([['decision_maker', 15], ['champion', 15], ['user', 35], ['finance', 10], ['other', 25]] as const),
      influence: rnd.int(1, 5),
      is_primary: j < accounts.length && !left && rnd.chance(0.85),
      status: left ? 'left' : 'active',
      left_on: left ? new Date(createdAt.getTime() + rnd.int(30, 400) * DAY).toISOString().slice(0, 10) : null,
      social_handles: handles,
      notes: rnd.pick(NOTES),
      created_at: createdAt,
      updated_at: createdAt,
    });
  }
  const losses = buildLosses(accounts, owners, options.seed, options.now ?? new Date());
  return { accounts, owners, conflicts, contacts, losses };
}

/**
 * Inserts rows in batches, each batch one statement with one parameter: the rows as a JSON array
 * that `json_populate_recordset` turns into the table's row type (arrays, jsonb, dates included).
 * On both PGlite and PostgreSQL this beats a multi-row VALUES list with a parameter per cell, and
 * needs no COPY support from the driver. Columns not in the rows keep their defaults.
 */
async function insertRows(db: Db, table: 'accounts' | 'account_owners' | 'account_conflicts' | 'contacts' | 'account_losses' | 'audit_events', rows: readonly object[], batchSize: number) {
  const first = rows[0];
  if (!first) return;
  const columns = sql.join(Object.keys(first).map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = JSON.stringify(rows.slice(i, i + batchSize));
    await sql`insert into ${sql.table(table)} (${columns})
      select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${batch}::json)`.execute(db);
  }
}

/**
 * Creates a workspace with ~20 members and an owner's API token through the real use-cases, then
 * writes the generated portfolio into it in JSON batches in one transaction, and vacuums and
 * analyzes the tables (the steady state autovacuum reaches: statistics and a visibility map).
 */
export async function generatePortfolio(database: Pick<Database, 'db'>, options: GenerateOptions = {}): Promise<Portfolio> {
  const started = performance.now();
  const accountsWanted = options.accounts ?? 10_000;
  const contactsWanted = options.contacts ?? 50_000;
  const memberCount = options.members ?? 20;
  const seed = options.seed ?? 42;
  const batchSize = options.batchSize ?? 2000;
  const deps = { db: database.db, clock: systemClock };
  const tag = Math.random().toString(36).slice(2, 8);

  const owner = await createUser(deps, { email: `bench-owner-${tag}@rapport.test`, name: 'Bench Owner', password: 'bench-password' });
  const workspace = await createWorkspace(deps, { name: `Bench Agency ${tag}`, ownerUserId: owner.id, ownerLabel: owner.email });
  const token = await createApiToken(deps, { workspaceId: workspace.id, userId: owner.id, label: owner.email }, { name: 'bench' });

  // Other members straight into the tables: hashing 19 passwords would cost seconds and prove nothing.
  // Their ids are random (users are global, and a second run may share the database).
  const rnd = createRandom(seed + 1);
  const others = Array.from({ length: memberCount - 1 }, (_, i) => ({
    id: randomUUID(),
    email: `bench-member-${i + 1}-${tag}@rapport.test`,
    name: `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`,
  }));
  const now = new Date();
  if (others.length > 0) {
    await database.db.insertInto('users').values(others.map((u) => ({ id: u.id, email: u.email, name: u.name, password_hash: null, created_at: now }))).execute();
    await database.db
      .insertInto('memberships')
      .values(others.map((u, i) => ({ workspace_id: workspace.id, user_id: u.id, role: i < 2 ? 'admin' : 'member', created_at: now })))
      .execute();
  }
  const memberIds = [owner.id, ...others.map((u) => u.id)];
  const built = buildPortfolio(workspace.id, memberIds, { accounts: accountsWanted, contacts: contactsWanted, seed, now: options.now ?? now });
  // The audit row markAccountLost writes with each record, by its recorder (an import's account is inserted lost: no status change).
  const emails = new Map([[owner.id, owner.email], ...others.map((u) => [u.id, u.email] as const)]);
  const audits = built.losses.map((l) => ({
    workspace_id: workspace.id,
    id: randomUUID(),
    actor_user_id: l.recorded_by,
    actor_label: emails.get(l.recorded_by) ?? 'bench',
    action: 'account.marked_lost',
    entity_type: 'account',
    entity_id: l.account_id,
    changes: { lostOn: [null, l.lost_on], reasons: [null, l.reasons], notes: [null, l.notes] },
    at: l.recorded_at,
  }));

  await database.db.transaction().execute(async (trx) => {
    await insertRows(trx, 'accounts', built.accounts, batchSize);
    await insertRows(trx, 'account_owners', built.owners, batchSize);
    await insertRows(trx, 'account_conflicts', built.conflicts, batchSize);
    await insertRows(trx, 'contacts', built.contacts, batchSize);
    await insertRows(trx, 'account_losses', built.losses, batchSize);
    await insertRows(trx, 'audit_events', audits, batchSize);
  });
  await sql`vacuum analyze users, memberships, accounts, account_owners, account_conflicts, contacts, account_losses, audit_events`.execute(database.db);

  const matching = built.accounts.filter((a) => a.archived_at === null && a.search_text.includes(SEARCH_TERM)).length;
  return {
    workspaceId: workspace.id,
    ownerUserId: owner.id,
    memberIds,
    token: token.token,
    searchTerm: SEARCH_TERM,
    accountsMatchingSearch: matching,
    rows: {
      accounts: built.accounts.length,
      contacts: built.contacts.length,
      owners: built.owners.length,
      conflicts: built.conflicts.length,
      members: memberIds.length,
      losses: built.losses.length,
    },
    seconds: (performance.now() - started) / 1000,
  };
}

/** One line for the bench output. */
export function describePortfolio(p: Portfolio): string {
  const total = p.rows.accounts + p.rows.contacts + p.rows.owners + p.rows.conflicts + p.rows.losses;
  return (
    `${p.rows.accounts.toLocaleString('en')} accounts (${p.rows.losses.toLocaleString('en')} lost, with their loss records), ${p.rows.contacts.toLocaleString('en')} contacts, ` +
    `${p.rows.owners.toLocaleString('en')} owner rows, ${p.rows.conflicts.toLocaleString('en')} conflict rows, ${p.rows.members} members ` +
    `in ${p.seconds.toFixed(1)} s (${Math.round(total / p.seconds).toLocaleString('en')} rows/s); "${p.searchTerm}" matches ${p.accountsMatchingSearch}`
  );
}

if (isMain(import.meta)) {
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(url ? { url } : {});
  try {
    await migrate(database);
    const portfolio = await generatePortfolio(database);
    console.log(`${database.kind}: ${describePortfolio(portfolio)}`);
  } finally {
    await database.close();
  }
}
