import { z } from 'zod';
import { isWebsite, ACCOUNT_STATUSES, CONTACT_ROLES, CONTACT_STATUSES, OWNER_ROLES, SOCIAL_NETWORKS } from './account.js';
import { pageLimit } from '../platform/validation.js';
import { FreshnessSchema } from '../health/freshness-schema.js';

export const AccountStatusSchema = z.enum(ACCOUNT_STATUSES);
export const OwnerRoleSchema = z.enum(OWNER_ROLES);
export const ContactRoleSchema = z.enum(CONTACT_ROLES);
export const ContactStatusSchema = z.enum(CONTACT_STATUSES);

/** A calendar date, 'YYYY-MM-DD', that exists (no 2024-02-30, no year 0, which PostgreSQL refuses). */
export const IsoDateSchema = z.iso.date().refine((v) => !v.startsWith('0000') && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Not a real date');

/** A day a person enters (a start, a departure, a due day): from 1900 on, since PGlite reads years before 100 back as 19xx/20xx. */
export const DaySchema = IsoDateSchema.refine((v) => v >= '1900-01-01', 'From the year 1900 on');

const Text = (max: number) => z.string().trim().max(max);
const Website = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine(isWebsite, 'Not a website address (example.com or https://example.com)');

/** An amount of money as stored (numeric(14,2)): whole cents, so nothing sent is rounded away. */
export const MoneyAmountSchema = z
  .number()
  .min(0, 'Cannot be negative')
  .max(999_999_999_999.99, 'Too large')
  .refine((v) => /^\d+(\.\d{1,2})?$/.test(String(v)), 'At most two decimals (whole cents)');
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR').describe('ISO 4217');

export const MoneySchema = z.strictObject({
  amount: MoneyAmountSchema.describe('Monthly retainer, in the currency below'),
  currency: CurrencySchema,
});

export const OwnerInputSchema = z.strictObject({ userId: z.uuid(), role: OwnerRoleSchema });

const accountFields = {
  name: Text(200).min(1, 'Name is required'),
  aliases: z.array(Text(200)).max(100).describe('Other names, brands, products and social handles'),
  category: Text(100).min(1).nullable().describe('Industry, e.g. beer, fintech'),
  website: Website.nullable(),
  value: MoneySchema.nullable(),
  status: AccountStatusSchema,
  startedOn: DaySchema.nullable(),
  cadenceDays: z.number().int('Whole days').min(1, 'At least 1 day').max(3650, 'At most 3650 days').nullable().describe('Contact at least every N days'),
  isConfidential: z.boolean().describe('May not be named in public'),
  owners: z.array(OwnerInputSchema).max(20),
  conflictIds: z.array(z.uuid()).max(200).describe('Accounts this one competes with (symmetric)'),
  notes: z.string().max(20_000),
};

export const CreateAccountSchema = z.strictObject({
  name: accountFields.name,
  aliases: accountFields.aliases.default([]),
  category: accountFields.category.optional(),
  website: accountFields.website.optional(),
  value: accountFields.value.optional(),
  status: accountFields.status.default('prospect'),
  startedOn: accountFields.startedOn.optional(),
  cadenceDays: accountFields.cadenceDays.optional(),
  isConfidential: accountFields.isConfidential.default(false),
  owners: accountFields.owners.default([]),
  conflictIds: accountFields.conflictIds.default([]),
  notes: accountFields.notes.default(''),
});
export type CreateAccountInput = z.infer<typeof CreateAccountSchema>;

export const UpdateAccountSchema = z
  .strictObject({
    ...Object.fromEntries(Object.entries(accountFields).map(([k, v]) => [k, v.optional()])),
    archived: z.boolean().optional().describe('false restores an archived account'),
  } as { [K in keyof typeof accountFields]: z.ZodOptional<(typeof accountFields)[K]> } & { archived: z.ZodOptional<z.ZodBoolean> })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export type UpdateAccountInput = z.infer<typeof UpdateAccountSchema>;

export const ACCOUNT_SORTS = ['name', '-name', 'value', '-value', 'updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'health', '-health', 'alerts', '-alerts'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];


export const ListAccountsQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Text in the name or an alias'),
  status: z
    .string()
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(AccountStatusSchema).max(4))
    .optional().describe('Comma-separated statuses'),
  category: z.string().trim().max(100).optional(),
  ownerId: z.uuid().optional().describe('Accounts this member owns'),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: z.enum(ACCOUNT_SORTS).default('name'),
  limit: pageLimit(500, 50),
  cursor: z.string().max(500).optional(),
  withTotal: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Also count all matches'),
});
export type ListAccountsQuery = z.infer<typeof ListAccountsQuerySchema>;

export const AccountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  aliases: z.array(z.string()),
  category: z.string().nullable(),
  website: z.string().nullable(),
  value: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  status: AccountStatusSchema,
  startedOn: z.string().nullable(),
  cadenceDays: z.number().int().nullable(),
  isConfidential: z.boolean(),
  owners: z.array(z.object({ userId: z.uuid(), name: z.string(), role: OwnerRoleSchema })),
  conflicts: z.array(z.object({ id: z.uuid(), name: z.string() })),
  contactCount: z.number().int(),
  notes: z.string(),
  archived: z.boolean(),
  archivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AccountView = z.infer<typeof AccountSchema>;

export const AccountPageSchema = z.object({
  items: z.array(AccountSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  total: z.number().int().optional(),
  freshness: FreshnessSchema.optional().describe(
    "How current the stored scores the order follows are (decision 0027): on the first page sorted by health (`health`, `-health`), which brings changed accounts' scores up to date first",
  ),
});

export const AccountFacetsSchema = z.object({
  categories: z.array(z.object({ category: z.string(), count: z.number().int() })),
  statuses: z.array(z.object({ status: AccountStatusSchema, count: z.number().int() })),
});

export const SocialHandleSchema = z.strictObject({ network: z.enum(SOCIAL_NETWORKS), handle: Text(200).min(1) });

const contactFields = {
  name: Text(200).min(1, 'Name is required'),
  emails: z.array(z.email('Not an e-mail address').max(254)).max(20, 'At most 20 addresses'),
  phone: Text(50).nullable(),
  title: Text(200).nullable(),
  role: ContactRoleSchema,
  influence: z.number().int('A whole number from 1 to 5').min(1, 'From 1 to 5').max(5, 'From 1 to 5'),
  isPrimary: z.boolean(),
  status: ContactStatusSchema,
  leftOn: DaySchema.nullable(),
  socialHandles: z.array(SocialHandleSchema).max(20),
  notes: z.string().max(20_000),
};

export const CreateContactSchema = z.strictObject({
  name: contactFields.name,
  emails: contactFields.emails.default([]),
  phone: contactFields.phone.optional(),
  title: contactFields.title.optional(),
  role: contactFields.role.default('other'),
  influence: contactFields.influence.default(3),
  isPrimary: contactFields.isPrimary.default(false),
  status: contactFields.status.default('active'),
  leftOn: contactFields.leftOn.optional(),
  socialHandles: contactFields.socialHandles.default([]),
  notes: contactFields.notes.default(''),
});
export type CreateContactInput = z.infer<typeof CreateContactSchema>;

export const UpdateContactSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(contactFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof contactFields]: z.ZodOptional<(typeof contactFields)[K]>;
    },
  )
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export type UpdateContactInput = z.infer<typeof UpdateContactSchema>;

export const ListContactsQuerySchema = z.strictObject({
  limit: pageLimit(500, 100),
  cursor: z.string().max(500).optional(),
  status: ContactStatusSchema.optional(),
});

export const ContactSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  name: z.string(),
  emails: z.array(z.string()),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  role: ContactRoleSchema,
  influence: z.number().int(),
  isPrimary: z.boolean(),
  status: ContactStatusSchema,
  leftOn: z.string().nullable(),
  socialHandles: z.array(z.object({ network: z.string(), handle: z.string() })),
  notes: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContactView = z.infer<typeof ContactSchema>;
export const ContactPageSchema = z.object({ items: z.array(ContactSchema), nextCursor: z.string().nullable() });
