import { z } from 'zod';

export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles are ordered: each can do everything the ones before it can. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}

/** Who is acting, in which workspace: what every use-case that changes data receives. */
export interface Actor {
  workspaceId: string;
  userId: string;
  /** For the audit log: the user's e-mail, plus the token's name when a token was used. */
  label: string;
  role: Role;
}
