import type { IconName } from './icons';
import type { PermissionName } from './types';

export interface NavItem {
  area: string;
  to: string;
  labelKey: string;
  icon: IconName;
  permission: PermissionName;
  group: 'work' | 'admin';
}

/** Every area of the app and the permission that shows it; one list, used by the sidebar and the router. */
export const NAV: readonly NavItem[] = [
  { area: 'customers', to: '/customers', labelKey: 'nav.customers', icon: 'customers', permission: 'customers:read', group: 'work' },
  { area: 'duplicates', to: '/customers/duplicates', labelKey: 'nav.duplicates', icon: 'duplicates', permission: 'customers:merge', group: 'work' },
  { area: 'analytics', to: '/analytics', labelKey: 'analytics.nav', icon: 'analytics', permission: 'analytics:read', group: 'work' },
  { area: 'accounts', to: '/accounts', labelKey: 'accounts.nav', icon: 'building', permission: 'accounts:read', group: 'work' },
  { area: 'loyalty', to: '/loyalty', labelKey: 'loyalty.nav', icon: 'check', permission: 'loyalty:read', group: 'work' },
  { area: 'campaigns', to: '/campaigns', labelKey: 'campaigns.nav', icon: 'analytics', permission: 'campaigns:read', group: 'work' },
  { area: 'surveys', to: '/surveys', labelKey: 'surveys.nav', icon: 'check', permission: 'surveys:read', group: 'work' },
  { area: 'service', to: '/service', labelKey: 'service.nav', icon: 'email', permission: 'service:read', group: 'work' },
  { area: 'service-settings', to: '/service/settings', labelKey: 'service.settingsNav', icon: 'customfields', permission: 'service:manage', group: 'admin' },
  { area: 'imports', to: '/imports', labelKey: 'nav.imports', icon: 'imports', permission: 'customers:import', group: 'work' },
  { area: 'users', to: '/admin/users', labelKey: 'nav.users', icon: 'users', permission: 'users:manage', group: 'admin' },
  { area: 'departments', to: '/admin/departments', labelKey: 'nav.departments', icon: 'departments', permission: 'users:manage', group: 'admin' },
  { area: 'custom-fields', to: '/settings/custom-fields', labelKey: 'nav.customFields', icon: 'customfields', permission: 'settings:read', group: 'admin' },
  { area: 'api-keys', to: '/admin/api-keys', labelKey: 'nav.apiKeys', icon: 'apikeys', permission: 'apikeys:manage', group: 'admin' },
  { area: 'audit', to: '/admin/audit', labelKey: 'nav.audit', icon: 'audit', permission: 'audit:read', group: 'admin' },
];
