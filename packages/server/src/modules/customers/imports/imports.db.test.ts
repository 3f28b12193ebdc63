import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count } from 'drizzle-orm';
import { buildWorkspace, signIn, startTestApp, type Client, type TestContext } from '../../../test/testApp.ts';
import { customers } from '../schema.ts';
import { runImport } from './importService.ts';

let ctx: TestContext;
let owner: Client;
let workspaceId = '';

beforeAll(async () => {
  ctx = await startTestApp();
  const ws = await buildWorkspace(ctx.database, 'imp', ['owner']);
  workspaceId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  await owner.request('POST', '/api/v1/custom-fields', { key: 'segment', label: { az: 'Seqment', tr: 'Segment', en: 'Segment' }, type: 'select', options: ['gold', 'silver'] });
});
afterAll(() => ctx.close());

const CSV = [
  'Müştəri kodu;Ad;Soyad;E-poçt;Telefon;Doğum tarixi;segment;E-mail izni',
  'M-1;Rəşad;Əliyev;resad@mail.az;050 123 45 67;05.03.1990;gold;bəli',
  'M-2;Gülşən;Həsənova;not-an-email;055 765 43 21;1991-07-12;silver;xeyr',
  'M-3;Çingiz;Quliyev;cingiz@mail.az;12;1985-01-01;bronze;bəli',
  'M-4;Aysel;Kərimova;aysel@mail.az;+994 70 111 22 33;31.02.1990;gold;',
  'M-5;Tural;Səfərov;tural@mail.az;;;;',
].join('\n');

const countCustomers = async () => (await ctx.database.db.select({ n: count() }).from(customers))[0]?.n ?? 0;

async function upload(content: Buffer | string, fileName: string, type: string) {
  const res = await owner.request('POST', `/api/v1/imports/files?fileName=${encodeURIComponent(fileName)}`, content, { 'content-type': type });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function runToEnd(fileId: string, mapping: Record<string, string>, dryRun: boolean) {
  const started = await owner.request('POST', '/api/v1/imports', { fileId, mapping, dryRun, matchBy: 'external_id' });
  expect(started.statusCode, started.body).toBe(202);
  // The worker isn't running in this test: perform the queued job the way it would.
  await runImport(ctx.database, workspaceId, started.json().id);
  return (await owner.request('GET', `/api/v1/imports/${started.json().id}`)).json();
}

describe('customer import', () => {
  let fileId = '';
  let mapping: Record<string, string> = {};

  it('reads the header, previews rows and suggests a mapping in the file’s own language', async () => {
    const file = await upload(CSV, 'musteriler.csv', 'text/csv');
    fileId = file.id;
    expect(file.rowCount).toBe(5);
    expect(file.suggestedMapping).toMatchObject({
      'Müştəri kodu': 'external_id', Ad: 'first_name', Soyad: 'last_name', 'E-poçt': 'email', Telefon: 'phone', 'Doğum tarixi': 'birth_date', segment: 'custom:segment',
    });
    mapping = { ...file.suggestedMapping, 'E-mail izni': 'consent_email' };
  });

  it('dry run reports every bad line with column, value and what was expected, and writes nothing', async () => {
    const run = await runToEnd(fileId, mapping, true);
    expect(run).toMatchObject({ status: 'done', dryRun: true, total: 5, inserted: 2, failed: 3 });
    expect(run.errors).toEqual([
      { line: 3, column: 'E-poçt', value: 'not-an-email', code: 'invalid_email', expected: 'an e-mail address like name@example.az' },
      { line: 4, column: 'Telefon', value: '12', code: 'invalid_phone', expected: 'a phone number, e.g. +994 50 123 45 67' },
      { line: 4, column: 'segment', value: 'bronze', code: 'invalid_custom_field', expected: 'one of: gold, silver' },
      { line: 5, column: 'Doğum tarixi', value: '31.02.1990', code: 'invalid_date', expected: 'a date (YYYY-MM-DD or DD.MM.YYYY)' },
    ]);
    expect(await countCustomers()).toBe(0);
  });

  it('imports the valid rows and re-importing the same file creates no duplicates', async () => {
    const first = await runToEnd(fileId, mapping, false);
    expect(first).toMatchObject({ inserted: 2, updated: 0, failed: 3 });
    expect(await countCustomers()).toBe(2);
    const again = await runToEnd(fileId, mapping, false);
    expect(again).toMatchObject({ inserted: 0, updated: 2, failed: 3 });
    expect(await countCustomers()).toBe(2);
    const found = (await owner.request('GET', '/api/v1/customers?q=resad')).json().items[0];
    expect(found).toMatchObject({ externalId: 'M-1', phone: '+994501234567', birthDate: '1990-03-05', customFields: { segment: 'gold' } });
    const view = (await owner.request('GET', `/api/v1/customers/${found.id}`)).json();
    expect(view.consents).toEqual([expect.objectContaining({ channel: 'email', granted: true, source: 'import' })]);
  });

  it('imports XLSX the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['external_id', 'first_name', 'last_name', 'email']);
    sheet.addRow(['X-1', 'Murat', 'Yılmaz', 'murat@firma.com.tr']);
    sheet.addRow(['M-1', 'Rəşad', 'Əliyev', 'resad.new@mail.az']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const file = await upload(bytes, 'musteri.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const run = await runToEnd(file.id, file.suggestedMapping, false);
    expect(run).toMatchObject({ inserted: 1, updated: 1, failed: 0 });
    expect(await countCustomers()).toBe(3);
  });

  it('writes batches side by side yet sees what earlier batches wrote: repeated keys update, a company made on line 2 links later', async () => {
    // Three batches of up to 5,000: the third repeats keys the second (possibly still writing) wrote, and links the company the first created.
    const lines = ['external_id,kind,company_name,first_name,last_name,company_external_id'];
    lines.push('CO-1,company,Bakı Ticarət MMC,,,');
    for (let i = 1; i <= 11_000; i++) lines.push(`P-${i},person,,Ad${i},Soyad,`);
    for (let i = 9_001; i <= 9_500; i++) lines.push(`P-${i},person,,Yeni${i},Soyad,CO-1`);
    const before = await countCustomers();
    const file = await upload(lines.join('\n'), 'batches.csv', 'text/csv');
    expect(file.rowCount).toBe(11_501);
    const run = await runToEnd(file.id, file.suggestedMapping, false);
    expect(run).toMatchObject({ status: 'done', total: 11_501, processed: 11_501, inserted: 11_001, updated: 500, failed: 0 });
    expect(await countCustomers()).toBe(before + 11_001);
    const renamed = (await owner.request('GET', '/api/v1/customers?q=P-9250')).json().items;
    expect(renamed).toEqual([expect.objectContaining({ externalId: 'P-9250', firstName: 'Yeni9250' })]);
    expect(renamed[0].companyId).toBeTruthy();
    // The new name is searchable: the display name and its search key were rewritten with it.
    const byNewName = (await owner.request('GET', '/api/v1/customers?q=yeni9250')).json().items;
    expect(byNewName.map((c: { externalId: string }) => c.externalId)).toContain('P-9250');
  });

  it('refuses a mapping that names no match column or an unknown field', async () => {
    const noKey = await owner.request('POST', '/api/v1/imports', { fileId, mapping: { Ad: 'first_name' } });
    expect(noKey.statusCode).toBe(422);
    expect(noKey.json().errors[0]).toMatchObject({ field: 'body.matchBy', code: 'match_column_missing' });
    const unknown = await owner.request('POST', '/api/v1/imports', { fileId, mapping: { 'Müştəri kodu': 'external_id', Ad: 'shoe_size' } });
    expect(unknown.json().errors[0]).toMatchObject({ field: 'body.mapping.Ad', code: 'unknown_field' });
  });

  it('refuses files that are not CSV or XLSX', async () => {
    const res = await owner.request('POST', '/api/v1/imports/files?fileName=photo.png', Buffer.from('x'), { 'content-type': 'application/octet-stream' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe('unsupported_format');
  });
});
