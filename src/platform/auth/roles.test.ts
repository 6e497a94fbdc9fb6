import { describe, expect, it } from 'vitest';
import { hasRole, ROLES, RoleSchema, type Role } from './roles.js';

describe('hasRole', () => {
  const cases: Array<[Role, Role, boolean]> = [
    ['viewer', 'viewer', true],
    ['viewer', 'member', false],
    ['viewer', 'admin', false],
    ['viewer', 'owner', false],
    ['member', 'viewer', true],
    ['member', 'member', true],
    ['member', 'admin', false],
    ['member', 'owner', false],
    ['admin', 'viewer', true],
    ['admin', 'member', true],
    ['admin', 'admin', true],
    ['admin', 'owner', false],
    ['owner', 'viewer', true],
    ['owner', 'member', true],
    ['owner', 'admin', true],
    ['owner', 'owner', true],
  ];
  it.each(cases)('%s has at least %s: %s', (role, atLeast, expected) => {
    expect(hasRole(role, atLeast)).toBe(expected);
  });

  it('covers every role pair', () => {
    expect(cases).toHaveLength(ROLES.length ** 2);
  });
});

describe('RoleSchema', () => {
  it.each(['owner', 'admin', 'member', 'viewer'])('accepts %s', (role) => {
    expect(RoleSchema.safeParse(role).success).toBe(true);
  });
  it.each(['Owner', 'superuser', '', 'guest', null, 1])('refuses %j', (role) => {
    expect(RoleSchema.safeParse(role).success).toBe(false);
  });
});
