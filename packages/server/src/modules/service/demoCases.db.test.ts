import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ServiceReport } from '@vefa/contract';
import { buildWorkspace, signIn, startTestApp, type TestContext } from '../../test/testApp.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { departments } from '../../platform/db/schema.ts';
import { seedDemoCases } from './demoCases.ts';

let ctx: TestContext;
beforeAll(async () => { ctx = await startTestApp(); });
afterAll(() => ctx.close());

describe('demo cases', () => {
  it('fills a workspace with cases across departments and languages, and can run again', async () => {
    const ws = await buildWorkspace(ctx.database, 'democases', ['owner']);
    for (const name of ['Müştəri xidməti', 'Texniki dəstək', 'Maliyyə']) await ctx.database.db.insert(departments).values({ workspaceId: ws.id, id: crypto.randomUUID(), name });
    const owner = await signIn(ctx.app, ws.people.owner ?? '');
    for (let i = 0; i < 30; i++) await owner.request('POST', '/api/v1/customers', { firstName: `Müştəri ${i}`, externalId: `M-${String(i).padStart(6, '0')}` });
    await seedDemoCases(ctx.database.db, ws.id, { count: 24 });
    await seedDemoCases(ctx.database.db, ws.id, { count: 24 });
    const rows = await sqlRows<{ n: number; depts: number; langs: number; resolved: number }>(ctx.database.db, sql`select count(*)::int as n, count(distinct department_id)::int as depts,
      count(distinct language)::int as langs, count(*) filter (where status = 'resolved')::int as resolved from cases where workspace_id = ${ws.id}`);
    expect(rows[0]).toMatchObject({ n: 24, depts: 3, langs: 3 });
    expect(rows[0]?.resolved).toBeGreaterThan(5);
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const report = ServiceReport.parse((await owner.request('GET', `/api/v1/service/reports/management?from=${from}&to=${today}`)).json());
    expect(report.volume.opened).toBe(24);
    expect(report.satisfaction.responses).toBeGreaterThan(0);
  });
});
