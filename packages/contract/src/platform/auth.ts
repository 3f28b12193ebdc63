import { z } from 'zod';
import { Uuid } from './common.ts';

export const RoleName = z.enum([
  'owner', 'admin', 'loyalty_specialist', 'service_coordinator', 'service_agent', 'account_manager', 'viewer',
]);
export const PermissionName = z.enum([
  'customers:read', 'customers:write', 'customers:merge', 'customers:import', 'customers:export',
  'timeline:write', 'settings:read', 'settings:manage', 'users:manage', 'apikeys:manage', 'audit:read',
  'analytics:read', 'analytics:manage',
  'service:read', 'service:work', 'service:manage', 'accounts:read', 'accounts:write', 'accounts:manage',
  'loyalty:read', 'loyalty:manage', 'loyalty:transact', 'campaigns:read', 'campaigns:manage',
  'surveys:read', 'surveys:manage',
]);
export const Locale = z.enum(['az', 'tr', 'en']);

export const LoginBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
  workspaceId: Uuid.optional(),
});

export const WorkspaceSummary = z.object({
  id: Uuid, name: z.string(), slug: z.string(), timeZone: z.string(), currency: z.string(), role: RoleName,
});

export const Me = z.object({
  user: z.object({ id: Uuid, email: z.string(), name: z.string(), locale: Locale }),
  workspace: WorkspaceSummary,
  workspaces: z.array(WorkspaceSummary),
  permissions: z.array(PermissionName),
  csrfToken: z.string().describe('Send back as X-CSRF-Token on every state-changing request'),
});
export type Me = z.infer<typeof Me>;
