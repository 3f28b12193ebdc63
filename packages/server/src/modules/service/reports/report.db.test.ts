import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { Case, ServiceReport } from '@vefa/contract';
import { startTestApp, type TestContext } from '../../../test/testApp.ts';
import { buildDesk, openCaseVia } from '../serviceFixture.ts';
import { csatLinkFor } from '../csat/csat.ts';
import { serviceReports } from '../schema.ts';
import { produceMonthlyReport } from './monthlyReport.ts';

let ctx: TestContext;
let desk: Awaited<ReturnType<typeof buildDesk>>;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baku' }).format(new Date());

beforeAll(async () => {
  ctx = await startTestApp();
  desk = await buildDesk(ctx, 'report');
  const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
  await desk.coordinator.request('PUT', '/api/v1/service/calendar', { weeklyHours: allWeek, holidayCountries: [] });
  await desk.coordinator.request('POST', '/api/v1/service/sla-policies', { name: 'Standart', conditions: {}, firstResponseMinutes: 60, resolutionMinutes: 240 });
  const fixture: [string | null, string, string | null, [string, string, number] | null][] = [
    ['kart', 'email', desk.cards, ['Limit', 'Limit artırıldı', 5]],
    ['kart', 'phone', desk.cards, ['Limit', 'Limit artırıldı', 4]],
    ['kredit', 'email', desk.loans, ['Faiz', 'Faiz izah edildi', 2]],
    ['kredit', 'chat', desk.loans, null],
    [null, 'api', null, null],
  ];
  for (const [category, channel, departmentId, resolution] of fixture) {
    const c = Case.parse(await openCaseVia(desk.coordinator, { customerId: desk.customerId, subject: `${category} ${channel}`, category, channel, departmentId, type: 'complaint' }));
    if (!resolution) continue;
    const r = await desk.coordinator.request('POST', `/api/v1/service/cases/${c.id}/resolve`, { rootCause: resolution[0], actionTaken: resolution[1] });
    expect(r.statusCode, r.body).toBe(200);
    const link = await csatLinkFor(ctx.database.db, desk.ws.id, c.id, 'http://x');
    const answer = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/csat/${link?.token}`, payload: { score: resolution[2] } });
    expect(answer.statusCode, answer.body).toBe(200);
  }
});
afterAll(() => ctx.close());

const count = (items: { key: string; count: number }[]) => Object.fromEntries(items.map((i) => [i.key, i.count]));

describe('management report', () => {
  it('counts satisfaction, volume, issues, actions, SLA times and backlog on a small fixture', async () => {
    const res = await desk.coordinator.request('GET', `/api/v1/service/reports/management?from=${today}&to=${today}&language=az`);
    expect(res.statusCode, res.body).toBe(200);
    const r = ServiceReport.parse(res.json());
    expect(r.satisfaction).toMatchObject({ responses: 3, average: 3.67, satisfiedRate: 0.6667 });
    expect(r.satisfaction.trend).toEqual([{ month: today.slice(0, 7), responses: 3, average: 3.67 }]);
    expect(r.volume.opened).toBe(5);
    expect(r.volume.resolved).toBe(3);
    expect(count(r.volume.byCategory)).toEqual({ kart: 2, kredit: 2, '': 1 });
    expect(r.volume.byCategory.find((x) => x.key === '')?.label).toBe('Kateqoriyasız');
    expect(count(r.volume.byChannel)).toEqual({ email: 2, phone: 1, chat: 1, api: 1 });
    expect(r.volume.byChannel.find((x) => x.key === 'email')?.label).toBe('E-poçt');
    expect(count(r.volume.byDepartment)).toEqual({ [desk.cards]: 2, [desk.loans]: 2, '': 1 });
    expect(count(r.volume.byRootCause)).toEqual({ Limit: 2, Faiz: 1 });
    expect(r.topIssues.slice(0, 2).map((t) => t.count)).toEqual([2, 2]);
    expect(r.actionsTaken).toHaveLength(3);
    expect(r.firstResponse).toMatchObject({ count: 3, withinSla: 3, breached: 0 });
    expect(r.resolution).toMatchObject({ count: 3, withinSla: 3, breached: 0, withinSlaRate: 1 });
    expect(r.backlog).toMatchObject({ open: 2, breached: 0, olderThan7Days: 0 });
  });

  it('gives a department-scoped agent the report over their own department', async () => {
    const r = ServiceReport.parse((await desk.aysel.client.request('GET', `/api/v1/service/reports/management?from=${today}&to=${today}`)).json());
    expect(r.volume.opened).toBe(2);
    expect(r.satisfaction.responses).toBe(2);
    const reversed = await desk.coordinator.request('GET', `/api/v1/service/reports/management?from=${today}&to=2000-01-01`);
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors[0].field).toBe('query.to');
  });

  it('downloads the report as PDF and XLSX in each language', async () => {
    const pdf = await desk.coordinator.request('GET', `/api/v1/service/reports/management/download?from=${today}&to=${today}&language=tr&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await desk.coordinator.request('GET', `/api/v1/service/reports/management/download?from=${today}&to=${today}&language=az&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const cells = (sheet?.getSheetValues() ?? []).flat().map(String);
    expect(cells).toContain('Müştəri xidməti hesabatı');
    expect(cells).toContain('Görülən tədbirlər');
    const en = await desk.coordinator.request('GET', `/api/v1/service/reports/management/download?from=${today}&to=${today}&language=en&format=xlsx`);
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect((enBook.worksheets[0]?.getSheetValues() ?? []).flat().map(String)).toContain('Actions taken');
  });

  it('stores the monthly report for the mail channel to send', async () => {
    const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 2));
    const id = await produceMonthlyReport(ctx.database.db, desk.ws.id, nextMonth);
    const [row] = await ctx.database.db.select().from(serviceReports).where(eq(serviceReports.workspaceId, desk.ws.id));
    expect(row?.id).toBe(id);
    expect(row?.sentAt).toBeNull();
    expect(ServiceReport.parse(row?.report).volume.opened).toBeGreaterThanOrEqual(5);
    const listed = await desk.coordinator.request('GET', '/api/v1/service/reports/monthly');
    expect(listed.json().items).toEqual([expect.objectContaining({ id, sentAt: null })]);
    expect((await desk.aysel.client.request('GET', '/api/v1/service/reports/monthly')).statusCode).toBe(403);
  });
});
