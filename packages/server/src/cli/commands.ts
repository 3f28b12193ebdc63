import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { isRole } from '@vefa/domain';
import { readConfig } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { memberships, users, workspaces } from '../platform/db/schema.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { systemActor } from '../platform/auth/actor.ts';
import { seedDemoWorkspace, DEMO_SLUG } from '../modules/demo/demoWorkspace.ts';
import { importMappings } from '../modules/customers/schema.ts';
import { auditImport, runImport, startImport, uploadImportFile } from '../modules/customers/imports/importService.ts';
import { addMember } from '../modules/admin/members.ts';
import { createApiKey } from '../modules/admin/apiKeys.ts';
import { actorFromApiKey } from '../platform/auth/credentials.ts';
import { progressBar } from './progressBar.ts';
import { analyzeCommand } from '../modules/analytics/analyzeCommand.ts';

/** Extra commands contributed by modules (e.g. analyze). */
export interface CliCommand { name: string; usage: string; run(args: string[]): Promise<number> }
export const COMMANDS: CliCommand[] = [];
COMMANDS.push(analyzeCommand);

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(readConfig());
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function workspaceBySlug(database: Database, slug: string) {
  const [ws] = await database.db.select().from(workspaces).where(eq(workspaces.slug, slug));
  if (!ws) throw new Error(`No workspace "${slug}"; run \`vefa demo\` or pass --workspace`);
  return ws;
}

/** The CLI acts as the workspace's first owner, so its changes are audited under a person. */
async function ownerActor(database: Database, workspaceId: string): Promise<Actor> {
  const [owner] = await database.db.select({ id: users.id, name: users.name }).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner'))).limit(1);
  return { ...systemActor(workspaceId), type: owner ? 'user' : 'system', userId: owner?.id ?? null, name: owner ? `${owner.name} (CLI)` : 'CLI' };
}

async function demo(args: string[]) {
  const { values } = parseArgs({ args, options: { customers: { type: 'string' }, seed: { type: 'string' } } });
  const bar = progressBar('demo customers');
  const result = await withDatabase((database) => seedDemoWorkspace(database.db, {
    customers: values.customers ? Number(values.customers) : 5000, seed: values.seed ? Number(values.seed) : 1905, onProgress: bar.update,
  }));
  bar.stop();
  process.stdout.write(`Demo workspace ready: ${result.customers} customers. Sign in as demo@vefa.local / vefa-demo\n`);
  return 0;
}

async function importFile(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    workspace: { type: 'string', default: DEMO_SLUG }, mapping: { type: 'string' }, map: { type: 'string', multiple: true },
    'match-by': { type: 'string', default: 'external_id' }, 'dry-run': { type: 'boolean', default: false },
  } });
  const file = positionals[0];
  if (!file) throw new Error('Give the file to import: vefa import customers.csv');
  const bytes = new Uint8Array(fs.readFileSync(file));
  const matchBy = values['match-by'] === 'email' ? 'email' : 'external_id';
  return withDatabase(async (database) => {
    const ws = await workspaceBySlug(database, values.workspace);
    const actor = await ownerActor(database, ws.id);
    const uploaded = await uploadImportFile(database.db, actor, path.basename(file), undefined, bytes);
    let mapping: Record<string, string> = uploaded.suggestedMapping;
    if (values.mapping) {
      const [saved] = await database.db.select().from(importMappings).where(and(eq(importMappings.workspaceId, ws.id), eq(importMappings.name, values.mapping)));
      if (!saved) throw new Error(`No saved mapping "${values.mapping}"`);
      mapping = saved.mapping;
    }
    for (const pair of values.map ?? []) {
      const [column, field] = pair.split('=');
      if (!column || field === undefined) throw new Error(`--map takes column=field, not ${pair}`);
      mapping[column] = field;
    }
    process.stderr.write(`Mapping: ${Object.entries(mapping).map(([c, f]) => `${c}→${f}`).join(', ')}\n`);
    const run = await startImport(database.db, actor, { fileId: uploaded.id, mapping, dryRun: values['dry-run'], matchBy });
    const bar = progressBar(values['dry-run'] ? 'checking' : 'importing');
    const done = await runImport(database, ws.id, run.id, bar.update);
    bar.stop();
    await auditImport(database.db, actor, done);
    process.stdout.write(`${done.dryRun ? 'Dry run' : 'Import'}: ${done.inserted} new, ${done.updated} updated, ${done.failed} rows with errors\n`);
    for (const e of done.errors.slice(0, 50)) process.stdout.write(`  line ${e.line}, ${e.column} = "${e.value}": expected ${e.expected}\n`);
    if (done.errors.length > 50) process.stdout.write(`  … and ${done.errors.length - 50} more\n`);
    return done.failed > 0 ? 2 : 0;
  });
}

async function userCreate(args: string[]) {
  const { values } = parseArgs({ args, options: {
    email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'viewer' },
    workspace: { type: 'string', default: DEMO_SLUG }, department: { type: 'string' },
  } });
  if (!values.email || !values.password) throw new Error('user create needs --email and --password');
  const role = values.role;
  if (!isRole(role)) throw new Error(`--role must be one of owner, admin, loyalty_specialist, service_coordinator, service_agent, account_manager, viewer`);
  return withDatabase(async (database) => {
    const ws = await workspaceBySlug(database, values.workspace);
    const actor = { ...(await ownerActor(database, ws.id)), role: 'owner' as const };
    const member = await addMember(database.db, actor, { email: values.email ?? '', name: values.name ?? values.email ?? '', password: values.password ?? '', role, locale: 'az', departmentId: values.department ?? null });
    process.stdout.write(`Added ${member.email} as ${member.role} to ${ws.slug}\n`);
    return 0;
  });
}

async function apikeyCreate(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string', default: 'cli' }, workspace: { type: 'string' } } });
  if (!values.email) throw new Error('apikey create needs --email of the user the key acts for');
  return withDatabase(async (database) => {
    const [user] = await database.db.select().from(users).where(eq(users.email, values.email?.toLowerCase() ?? ''));
    if (!user) throw new Error(`No user ${values.email}`);
    const rows = await database.db.select({ workspaceId: memberships.workspaceId, role: memberships.role, slug: workspaces.slug })
      .from(memberships).innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId)).where(eq(memberships.userId, user.id));
    const member = values.workspace ? rows.find((r) => r.slug === values.workspace) : rows[0];
    if (!member || !isRole(member.role)) throw new Error(`${values.email} is not a member of ${values.workspace ?? 'any workspace'}`);
    const actor: Actor = { ...systemActor(member.workspaceId), type: 'user', userId: user.id, name: user.name, role: member.role };
    const key = await createApiKey(database.db, actor, { name: values.name, scopes: null });
    const check = await actorFromApiKey(database, key.secret);
    if (!check) throw new Error('The new key did not verify');
    process.stdout.write(`${key.secret}\n`);
    return 0;
  });
}

export async function runCommand(command: string, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (command === 'demo') return demo(args);
  if (command === 'import') return importFile(args);
  if (command === 'user' && sub === 'create') return userCreate(rest);
  if (command === 'apikey' && sub === 'create') return apikeyCreate(rest);
  const extra = COMMANDS.find((c) => c.name === command);
  if (extra) return extra.run(args);
  throw new Error(`Unknown command "${[command, sub].filter(Boolean).join(' ')}"; see vefa --help`);
}
