import { Faker, az, tr, en, base } from '@faker-js/faker';
import { eq, sql } from 'drizzle-orm';
import { foldForSearch } from '@vefa/domain';
import type { Db, Tx } from '../../platform/db/database.ts';
import { refreshPlannerStatistics } from '../../platform/db/plannerStatistics.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { departments, memberships, users, workspaces } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/auth/secrets.ts';
import { consents, customers, timelineEntries } from '../customers/schema.ts';
import { displayNameOf, nameKeyOf } from '../customers/displayName.ts';
import { seedDemoAccounts } from '../accounts/demoAccounts.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_LOGIN = { email: 'demo@vefa.local', password: 'vefa-demo' } as const;

/** One person per role, so each profession's view can be tried. Same password as the owner. */
const DEMO_TEAM = [
  { email: DEMO_LOGIN.email, name: 'Leyla Məmmədova', role: 'owner', department: null },
  { email: 'admin@vefa.local', name: 'Orxan Quliyev', role: 'admin', department: null },
  { email: 'loyalty@vefa.local', name: 'Nigar Əliyeva', role: 'loyalty_specialist', department: 'Marketinq' },
  { email: 'service@vefa.local', name: 'Elvin Hüseynov', role: 'service_coordinator', department: 'Müştəri xidməti' },
  { email: 'agent@vefa.local', name: 'Aysel Kərimova', role: 'service_agent', department: 'Müştəri xidməti' },
  { email: 'kam@vefa.local', name: 'Murat Yılmaz', role: 'account_manager', department: 'Korporativ satış' },
  { email: 'viewer@vefa.local', name: 'Kamran Rzayev', role: 'viewer', department: null },
] as const;

const DEPARTMENTS = ['Müştəri xidməti', 'Marketinq', 'Korporativ satış', 'Texniki dəstək', 'Maliyyə'];
const CITIES = ['Bakı', 'Gəncə', 'Sumqayıt', 'Mingəçevir', 'Lənkəran', 'Şəki', 'Quba', 'İstanbul', 'Ankara', 'İzmir'];
const TAGS = ['vip', 'yeni', 'onlayn', 'mağaza', 'korporativ', 'tələbə', 'ailə', 'sadiq'];
const NOTE_TOPICS = [
  'Bonus balansı barədə soruşdu', 'Yeni kolleksiya ilə maraqlanır', 'Çatdırılma gecikməsindən narazıdır',
  'Endirim kuponunu istifadə etdi', 'Mağazada məsləhət aldı', 'Sadiqlik kartını yenilədi',
  'Puanlarını sordu', 'Kampanya hakkında bilgi istedi', 'İade süreci hakkında konuştu',
];

export interface DemoOptions { customers?: number; seed?: number; onProgress?: (done: number, total: number) => void }

/**
 * Creates (or refreshes) the demo workspace: an Azerbaijani retail chain with
 * thousands of people with az/tr names, companies with contacts and a year of
 * interactions. Deterministic from the seed, so every newcomer sees the same shop.
 */
/** Tables a refresh keeps: the workspace's people, their access and the record of what they did. */
const KEPT_ON_REFRESH = new Set(['workspaces', 'users', 'memberships', 'departments', 'sessions', 'api_keys', 'audit_log', 'login_failures', 'idempotency_keys']);

/**
 * Deletes the workspace's rows from every other table. Modules keep adding
 * tables that point at customers and at each other, so rather than a list that
 * goes stale, tables are emptied in passes: one that a foreign key still holds
 * waits (in a savepoint) for the next pass.
 */
async function emptyWorkspace(tx: Tx, workspaceId: string) {
  const tables = (await sqlRows<{ table_name: string }>(tx, sql`
    select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'workspace_id' and t.table_type = 'BASE TABLE'`))
    .map((r) => r.table_name).filter((t) => !KEPT_ON_REFRESH.has(t)).sort();
  await tx.execute(sql`update customers set company_id = null, merged_into_id = null where workspace_id = ${workspaceId}`);
  let left = tables;
  for (let pass = 0; left.length > 0; pass++) {
    if (pass > tables.length) {
      throw new Error(`The demo workspace cannot be refreshed: ${left.join(', ')} still hold rows (loyalty books are append-only). Start from an empty data folder or database instead.`);
    }
    const blocked: string[] = [];
    for (const table of left) {
      // Append-only books refuse any DELETE statement, even of no rows: only tables holding rows are touched.
      const [held] = await sqlRows<{ any: boolean }>(tx, sql`select exists (select 1 from ${sql.identifier(table)} where workspace_id = ${workspaceId}) as any`);
      if (!held?.any) continue;
      try {
        await tx.transaction((sp) => sp.execute(sql`delete from ${sql.identifier(table)} where workspace_id = ${workspaceId}`));
      } catch {
        blocked.push(table);
      }
    }
    left = blocked;
  }
}

export async function seedDemoWorkspace(db: Db, options: DemoOptions = {}) {
  const total = options.customers ?? 5000;
  const faker = new Faker({ locale: [az, tr, en, base] });
  const fakerTr = new Faker({ locale: [tr, en, base] });
  faker.seed(options.seed ?? 1905);
  fakerTr.seed((options.seed ?? 1905) + 1);
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  // "Now" is fixed per day so the timeline stays a year long whenever the demo is made.
  const now = new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z').getTime();

  const workspaceId = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(workspaces).where(eq(workspaces.slug, DEMO_SLUG));
    const id = existing?.id ?? '00000000-0000-4000-8000-00000000de30';
    if (existing) {
      // Refresh: the demo's business data is rebuilt by every module's seeder, its people stay.
      await emptyWorkspace(tx, id);
    } else {
      await tx.insert(workspaces).values({ id, name: 'Bazar Market (demo)', slug: DEMO_SLUG, timeZone: 'Asia/Baku', currency: 'AZN' });
    }
    const departmentIds = new Map<string, string>();
    for (const name of DEPARTMENTS) {
      await tx.insert(departments).values({ workspaceId: id, id: crypto.randomUUID(), name }).onConflictDoNothing();
    }
    for (const d of await tx.select().from(departments).where(eq(departments.workspaceId, id))) departmentIds.set(d.name, d.id);
    for (const person of DEMO_TEAM) {
      await tx.insert(users).values({ id: crypto.randomUUID(), email: person.email, name: person.name, passwordHash, locale: 'az' }).onConflictDoNothing();
      const [user] = await tx.select().from(users).where(eq(users.email, person.email));
      if (!user) continue;
      await tx.insert(memberships).values({
        workspaceId: id, userId: user.id, role: person.role, departmentId: person.department ? departmentIds.get(person.department) ?? null : null,
      }).onConflictDoNothing();
    }
    return id;
  });

  const companyCount = Math.max(5, Math.round(total / 50));
  const companyIds: string[] = [];
  const customerRows: (typeof customers.$inferInsert)[] = [];
  for (let i = 0; i < companyCount; i++) {
    const id = faker.string.uuid();
    companyIds.push(id);
    const parts = { kind: 'company', companyName: `${faker.company.name()} ${faker.helpers.arrayElement(['MMC', 'ASC', 'A.Ş.', 'Ltd.'])}` };
    customerRows.push({
      workspaceId, id, kind: 'company', companyName: parts.companyName, displayName: displayNameOf(parts), nameKey: nameKeyOf(parts),
      externalId: `C-${String(i + 1).padStart(5, '0')}`, email: `info${i + 1}@${faker.internet.domainWord()}.az`,
      phone: `+99412${faker.string.numeric(7)}`, language: 'az', tags: ['korporativ'],
      addresses: [{ city: faker.helpers.arrayElement(CITIES), street: faker.location.streetAddress(), country: 'AZ' }],
      createdAt: new Date(now - faker.number.int({ min: 30, max: 720 }) * 86_400_000),
    });
  }
  for (let i = 0; i < total; i++) {
    const turkish = faker.number.float() < 0.25;
    const f = turkish ? fakerTr : faker;
    const sex = f.helpers.arrayElement(['female', 'male'] as const);
    const firstName = f.person.firstName(sex);
    const lastName = f.person.lastName(sex);
    const parts = { kind: 'person', firstName, lastName };
    const id = faker.string.uuid();
    const inCompany = faker.number.float() < 0.08;
    customerRows.push({
      workspaceId, id, kind: 'person', firstName, lastName, displayName: displayNameOf(parts), nameKey: nameKeyOf(parts),
      externalId: `M-${String(i + 1).padStart(6, '0')}`,
      email: faker.number.float() < 0.85 ? `${foldForSearch(`${firstName}.${lastName}`).replace(/[^a-z.]/g, '')}${i}@${faker.helpers.arrayElement(['mail.az', 'gmail.com', 'box.az', 'hotmail.com.tr'])}` : null,
      phone: faker.number.float() < 0.9 ? (turkish ? `+90532${faker.string.numeric(7)}` : `+99450${faker.string.numeric(7)}`) : null,
      language: turkish ? 'tr' : faker.number.float() < 0.9 ? 'az' : 'en',
      birthDate: faker.date.birthdate({ min: 18, max: 75, mode: 'age', refDate: now }).toISOString().slice(0, 10),
      companyId: inCompany ? faker.helpers.arrayElement(companyIds) : null,
      tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
      addresses: [{ city: turkish ? faker.helpers.arrayElement(['İstanbul', 'Ankara', 'İzmir']) : faker.helpers.arrayElement(CITIES), street: faker.location.streetAddress(), country: turkish ? 'TR' : 'AZ' }],
      createdAt: new Date(now - faker.number.int({ min: 1, max: 720 }) * 86_400_000),
    });
  }

  let done = 0;
  for (let start = 0; start < customerRows.length; start += 500) {
    const slice = customerRows.slice(start, start + 500);
    await db.transaction(async (tx) => {
      await tx.insert(customers).values(slice);
      const consentRows = slice.filter((c) => c.kind === 'person').flatMap((c) => [
        { workspaceId, customerId: c.id, channel: 'email', granted: faker.number.float() < 0.7, source: 'demo', recordedAt: c.createdAt ?? new Date(now) },
        { workspaceId, customerId: c.id, channel: 'sms', granted: faker.number.float() < 0.5, source: 'demo', recordedAt: c.createdAt ?? new Date(now) },
      ]);
      await tx.insert(consents).values(consentRows);
      const entries = slice.flatMap((c) => Array.from({ length: faker.number.int({ min: 1, max: 5 }) }, () => {
        const kind = faker.helpers.arrayElement(['note', 'call', 'email', 'meeting', 'note', 'call']);
        return {
          workspaceId, id: faker.string.uuid(), customerId: c.id, kind,
          occurredAt: new Date(now - faker.number.int({ min: 0, max: 365 * 24 * 60 }) * 60_000),
          summary: faker.helpers.arrayElement(NOTE_TOPICS), body: null, actorId: null,
          actorName: faker.helpers.arrayElement(DEMO_TEAM).name, sourceModule: 'demo',
          data: kind === 'call' ? { direction: faker.helpers.arrayElement(['inbound', 'outbound']), durationMinutes: faker.number.int({ min: 1, max: 25 }) } : {},
        };
      }));
      await tx.insert(timelineEntries).values(entries);
    });
    done += slice.length;
    options.onProgress?.(done, customerRows.length);
  }
  await seedDemoAccounts(db, workspaceId, { seed: options.seed ?? 1905 });
  await (await import('../service/demoCases.ts')).seedDemoCases(db, workspaceId);
  await refreshPlannerStatistics(db);
  return { workspaceId, customers: customerRows.length };
}

export async function demoExists(db: Db) {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return !!row;
}
