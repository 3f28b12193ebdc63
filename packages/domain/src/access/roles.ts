/**
 * Who may do what. Roles follow the professions in the seeds; permissions are
 * named for the action, so a route declares what it needs and never checks a
 * role by name. API keys carry a subset of their creator's permissions.
 */
export const ROLES = [
  'owner',
  'admin',
  'loyalty_specialist',
  'service_coordinator',
  'service_agent',
  'account_manager',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'customers:read',
  'customers:write',
  'customers:merge',
  'customers:import',
  'customers:export',
  'timeline:write',
  'settings:read',
  'settings:manage',
  'users:manage',
  'apikeys:manage',
  'audit:read',
  'loyalty:read',
  'loyalty:manage',
  'loyalty:transact',
  'analytics:read',
  'analytics:manage',
  'service:read',
  'service:work',
  'service:manage',
  'accounts:read',
  'accounts:write',
  'accounts:manage',
  'campaigns:read',
  'campaigns:manage',
  'surveys:read',
  'surveys:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everything: readonly Permission[] = PERMISSIONS;
const frontOffice: readonly Permission[] = [
  'customers:read',
  'customers:write',
  'customers:merge',
  'customers:import',
  'customers:export',
  'timeline:write',
  'settings:read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: everything,
  admin: everything,
  loyalty_specialist: [...frontOffice, 'loyalty:read', 'loyalty:manage', 'loyalty:transact', 'analytics:read', 'analytics:manage', 'campaigns:read', 'campaigns:manage', 'surveys:read', 'surveys:manage'],
  // The coordinator sees every department's cases and sets up routing, SLAs and mailboxes.
  service_coordinator: [...frontOffice, 'loyalty:read', 'analytics:read', 'service:read', 'service:work', 'service:manage', 'accounts:read', 'campaigns:read', 'surveys:read', 'surveys:manage'],
  // Account managers see the accounts they own or share; accounts:manage (admins) sees all.
  account_manager: [...frontOffice, 'loyalty:read', 'analytics:read', 'accounts:read', 'accounts:write', 'service:read', 'campaigns:read', 'surveys:read'],
  // Agents work cases for their department; they read customers and log contacts.
  service_agent: ['customers:read', 'customers:write', 'timeline:write', 'settings:read', 'loyalty:read', 'service:read', 'service:work', 'surveys:read'],
  viewer: ['customers:read', 'settings:read', 'loyalty:read', 'analytics:read', 'service:read', 'accounts:read', 'campaigns:read', 'surveys:read'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A key may be scoped narrower than its creator, never wider. */
export function effectivePermissions(role: Role, scopes: readonly Permission[] | null): Permission[] {
  const granted = ROLE_PERMISSIONS[role];
  return scopes === null ? [...granted] : granted.filter((p) => scopes.includes(p));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
