import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiKey, ApiKeyCreate, ApiKeyCreated, AuditEntry, AuditQuery, Department, DepartmentCreate, IdParam, Member, MemberCreate, MemberUpdate, page, Uuid,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { addMember, createDepartment, listDepartments, listMembers, removeMember, updateMember } from './members.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './apiKeys.ts';
import { listAudit } from './audit.ts';

const UserParam = z.object({ userId: Uuid });

export const adminRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;

  app.get('/members', {
    config: { permission: 'settings:read' },
    schema: { tags: ['admin'], summary: 'People in this workspace and their roles', response: { 200: z.object({ items: z.array(Member) }) } },
  }, async (request) => ({ items: await listMembers(db, requireActor(request).workspaceId) }));

  app.post('/members', {
    config: { permission: 'users:manage', idempotent: true },
    schema: { tags: ['admin'], summary: 'Add a person with a role', body: MemberCreate, response: { 201: Member } },
  }, async (request, reply) => reply.status(201).send(await addMember(db, requireActor(request), request.body)));

  app.patch('/members/:userId', {
    config: { permission: 'users:manage' },
    schema: { tags: ['admin'], summary: 'Change a role or department', params: UserParam, body: MemberUpdate, response: { 200: Member } },
  }, (request) => updateMember(db, requireActor(request), request.params.userId, request.body));

  app.delete('/members/:userId', {
    config: { permission: 'users:manage' },
    schema: { tags: ['admin'], summary: 'Remove a person from this workspace', params: UserParam },
  }, async (request, reply) => {
    await removeMember(db, requireActor(request), request.params.userId);
    return reply.status(204).send();
  });

  app.get('/departments', {
    config: { permission: 'settings:read' },
    schema: { tags: ['admin'], summary: 'Departments', response: { 200: z.object({ items: z.array(Department) }) } },
  }, async (request) => ({ items: await listDepartments(db, requireActor(request).workspaceId) }));

  app.post('/departments', {
    config: { permission: 'settings:manage', idempotent: true },
    schema: { tags: ['admin'], summary: 'Create a department', body: DepartmentCreate, response: { 201: Department } },
  }, async (request, reply) => reply.status(201).send(await createDepartment(db, requireActor(request), request.body.name)));

  app.get('/api-keys', {
    config: { permission: 'apikeys:manage' },
    schema: { tags: ['admin'], summary: 'API keys (secrets are never shown again)', response: { 200: z.object({ items: z.array(ApiKey) }) } },
  }, async (request) => ({ items: await listApiKeys(db, requireActor(request).workspaceId) }));

  app.post('/api-keys', {
    config: { permission: 'apikeys:manage', idempotent: true },
    schema: { tags: ['admin'], summary: 'Create an API key; the secret is in this answer only', body: ApiKeyCreate, response: { 201: ApiKeyCreated } },
  }, async (request, reply) => reply.status(201).send(await createApiKey(db, requireActor(request), request.body)));

  app.delete('/api-keys/:id', {
    config: { permission: 'apikeys:manage' },
    schema: { tags: ['admin'], summary: 'Revoke an API key', params: IdParam },
  }, async (request, reply) => {
    await revokeApiKey(db, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/audit', {
    config: { permission: 'audit:read' },
    schema: { tags: ['admin'], summary: 'Audit log: who changed what, before and after', querystring: AuditQuery, response: { 200: page(AuditEntry) } },
  }, (request) => listAudit(db, requireActor(request).workspaceId, request.query));
};
