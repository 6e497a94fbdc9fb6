import { z } from 'zod';
import { RoleSchema } from '../platform/auth/roles.js';

/** A sign-in address: spaces around it dropped, an empty one asked for by name, kept in lower case. */
export const EmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter an e-mail address')
  .pipe(z.email('Not an e-mail address').max(254))
  .transform((e) => e.toLowerCase());
export const PasswordSchema = z.string().min(8, 'Password must have at least 8 characters').max(200);

export const CreateWorkspaceSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

/** The first-run setup's form (decision 0024): who you are, and your agency's workspace. */
export const FirstOwnerSchema = z.strictObject({
  name: z.string().trim().min(1, 'Enter your name').max(200),
  email: EmailSchema,
  password: PasswordSchema,
  workspace: z.string().trim().min(1, 'Name the workspace, e.g. your agency').max(100),
});
export type FirstOwnerInput = z.infer<typeof FirstOwnerSchema>;
export type CreateWorkspaceInput = z.infer<typeof CreateWorkspaceSchema>;
export const UpdateWorkspaceSchema = CreateWorkspaceSchema;

export const AddMemberSchema = z.strictObject({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200).optional(),
  role: RoleSchema.default('member'),
  password: PasswordSchema.optional(),
});
export type AddMemberInput = z.infer<typeof AddMemberSchema>;

export const UpdateMemberSchema = z.strictObject({ role: RoleSchema });
export type UpdateMemberInput = z.infer<typeof UpdateMemberSchema>;

export const CreateTokenSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type CreateTokenInput = z.infer<typeof CreateTokenSchema>;

export const WorkspaceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  isDemo: z.boolean(),
  role: RoleSchema,
});
export type WorkspaceView = z.infer<typeof WorkspaceSchema>;

export const MemberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  joinedAt: z.iso.datetime(),
});
export type MemberView = z.infer<typeof MemberSchema>;

export const TokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  userId: z.uuid(),
  userEmail: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type TokenView = z.infer<typeof TokenSchema>;
export const CreatedTokenSchema = TokenSchema.extend({
  token: z.string().describe('The secret, shown only this once. Send it as `Authorization: Bearer <token>`.'),
});
