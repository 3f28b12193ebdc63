import { describe, expect, it } from 'vitest';
import { effectivePermissions, roleCan, ROLES } from './roles.ts';

describe('roles', () => {
  it('lets owners and admins manage users, and nobody else', () => {
    const managers = ROLES.filter((r) => roleCan(r, 'users:manage'));
    expect(managers).toEqual(['owner', 'admin']);
  });
  it('keeps viewers read-only', () => {
    expect(roleCan('viewer', 'customers:read')).toBe(true);
    expect(roleCan('viewer', 'customers:write')).toBe(false);
    expect(roleCan('viewer', 'timeline:write')).toBe(false);
  });
  it('never widens a key beyond its role', () => {
    expect(effectivePermissions('viewer', ['customers:write', 'customers:read'])).toEqual(['customers:read']);
    expect(effectivePermissions('service_agent', null)).toContain('timeline:write');
  });
});
