import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';
import { Locale, PermissionName, RoleName } from './auth.ts';

export const Department = z.object({ id: Uuid, name: z.string(), createdAt: IsoDateTime });
export const DepartmentCreate = z.strictObject({ name: z.string().trim().min(1).max(120) });

export const Member = z.object({
  userId: Uuid, email: z.string(), name: z.string(), role: RoleName,
  departmentId: Uuid.nullable(), locale: Locale, joinedAt: IsoDateTime,
});
export type Member = z.infer<typeof Member>;
export const MemberCreate = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(10).max(200).describe('At least 10 characters'),
  role: RoleName,
  departmentId: Uuid.nullable().optional(),
  locale: Locale.default('az'),
});
export const MemberUpdate = z.strictObject({ role: RoleName.optional(), departmentId: Uuid.nullable().optional() });

export const ApiKey = z.object({
  id: Uuid, name: z.string(), prefix: z.string(), role: RoleName,
  scopes: z.array(PermissionName).nullable(), createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(), revokedAt: IsoDateTime.nullable(),
});
export const ApiKeyCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  scopes: z.array(PermissionName).min(1).nullable().default(null).describe('null: everything the creator may do'),
});
export const ApiKeyCreated = ApiKey.extend({ secret: z.string().describe('Shown once; store it now') });

export const AuditEntry = z.object({
  id: z.string(), at: IsoDateTime,
  actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(), entityType: z.string(), entityId: z.string(),
  before: z.unknown().nullable(), after: z.unknown().nullable(),
});
export const AuditQuery = z.object({
  entityType: z.string().optional(), entityId: z.string().optional(),
  cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50),
});
