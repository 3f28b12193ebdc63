import ExcelJS from 'exceljs';
import type { MonthlyReport } from '@vefa/contract';
import { formatMoney, newPdf, pdfBuffer, table } from './pdf.ts';
import { text, type Lang } from './texts.ts';

const moneyList = (values: Record<string, number>, lang: Lang) =>
  Object.entries(values).map(([c, v]) => formatMoney(v, c, lang)).join(' + ') || '—';

/** The monthly report as a PDF a manager can forward. */
export async function reportPdf(report: MonthlyReport, lang: Lang): Promise<Buffer> {
  const { doc, fonts } = newPdf(`${text(lang, 'report')} ${report.month}`);
  doc.font(fonts.bold).fontSize(18).text(`${text(lang, 'report')} ${report.month}`);
  doc.font(fonts.body).fontSize(11).text(report.ownerName ?? text(lang, 'team'));
  doc.moveDown();
  const kv = (k: string, v: string) => doc.font(fonts.body).fontSize(10).text(`${k}: ${v}`);
  kv(text(lang, 'newAccounts'), String(report.newAccounts));
  kv(text(lang, 'meetingsHeld'), String(report.meetingsHeld));
  kv(text(lang, 'won'), `${report.won.count} · ${moneyList(report.won.values, lang)}`);
  kv(text(lang, 'lost'), `${report.lost.count} · ${moneyList(report.lost.values, lang)}`);
  kv(text(lang, 'revenue'), moneyList(report.revenue.actual, lang));
  kv(text(lang, 'target'), report.revenue.targetMinor === null ? '—' : formatMoney(report.revenue.targetMinor, report.revenue.currency, lang));
  doc.moveDown().font(fonts.bold).fontSize(12).text(text(lang, 'pipeline'));
  doc.moveDown(0.3);
  table(doc, fonts, [
    { title: text(lang, 'stage'), width: 180 }, { title: text(lang, 'deals'), width: 60, align: 'right' },
    { title: text(lang, 'value'), width: 160, align: 'right' }, { title: text(lang, 'entered'), width: 90, align: 'right' },
  ], report.pipeline.map((p) => [p.stageName, String(p.count), moneyList(p.values, lang), `${p.entered} (${p.entered - p.enteredPrevious >= 0 ? '+' : ''}${p.entered - p.enteredPrevious})`]));
  if (report.lost.reasons.length > 0) {
    doc.moveDown().font(fonts.bold).fontSize(12).text(`${text(lang, 'lost')}: ${text(lang, 'reasons')}`);
    doc.moveDown(0.3);
    table(doc, fonts, [{ title: text(lang, 'reasons'), width: 400 }, { title: text(lang, 'deals'), width: 90, align: 'right' }], report.lost.reasons.map((r) => [r.reason, String(r.count)]));
  }
  doc.moveDown().font(fonts.bold).fontSize(12).text(text(lang, 'orders'));
  kv(text(lang, 'created'), String(report.orders.created));
  kv(text(lang, 'delivered'), String(report.orders.delivered));
  kv(text(lang, 'lateDelivered'), String(report.orders.lateDelivered));
  kv(text(lang, 'overdue'), String(report.orders.overdue));
  if (report.renewalsDue.length > 0) {
    doc.moveDown().font(fonts.bold).fontSize(12).text(text(lang, 'renewals'));
    doc.moveDown(0.3);
    table(doc, fonts, [
      { title: text(lang, 'account'), width: 150 }, { title: '#', width: 80 }, { title: text(lang, 'date'), width: 80 }, { title: text(lang, 'value'), width: 180, align: 'right' },
    ], report.renewalsDue.map((r) => [r.accountName, r.number, r.renewalOn, formatMoney(r.value.amountMinor, r.value.currency, lang)]));
  }
  return pdfBuffer(doc);
}

/** The same report as a workbook: a summary sheet and one sheet per table, amounts in major units with the currency beside them. */
export async function reportXlsx(report: MonthlyReport, lang: Lang): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Vefa';
  const summary = book.addWorksheet(text(lang, 'report').slice(0, 31));
  summary.columns = [{ width: 36 }, { width: 24 }, { width: 10 }];
  summary.addRow([text(lang, 'report'), report.month]).font = { bold: true };
  summary.addRow([text(lang, 'account'), report.ownerName ?? text(lang, 'team')]);
  summary.addRow([text(lang, 'newAccounts'), report.newAccounts]);
  summary.addRow([text(lang, 'meetingsHeld'), report.meetingsHeld]);
  summary.addRow([text(lang, 'won'), report.won.count]);
  summary.addRow([text(lang, 'lost'), report.lost.count]);
  for (const [c, v] of Object.entries(report.revenue.actual)) summary.addRow([text(lang, 'revenue'), v / 100, c]);
  summary.addRow([text(lang, 'target'), report.revenue.targetMinor === null ? null : report.revenue.targetMinor / 100, report.revenue.currency]);
  summary.addRow([text(lang, 'orders'), report.orders.created]);
  summary.addRow([text(lang, 'overdue'), report.orders.overdue]);
  summary.addRow([text(lang, 'lateDelivered'), report.orders.lateDelivered]);
  const pipe = book.addWorksheet(text(lang, 'stage').slice(0, 31));
  pipe.addRow([text(lang, 'stage'), text(lang, 'deals'), text(lang, 'value'), 'currency', text(lang, 'entered')]).font = { bold: true };
  for (const p of report.pipeline) {
    const values = Object.entries(p.values);
    if (values.length === 0) pipe.addRow([p.stageName, p.count, 0, report.revenue.currency, p.entered]);
    for (const [c, v] of values) pipe.addRow([p.stageName, p.count, v / 100, c, p.entered]);
  }
  const lostSheet = book.addWorksheet(text(lang, 'lost').slice(0, 31));
  lostSheet.addRow([text(lang, 'reasons'), text(lang, 'deals')]).font = { bold: true };
  for (const r of report.lost.reasons) lostSheet.addRow([r.reason, r.count]);
  const renewals = book.addWorksheet(text(lang, 'renewals').slice(0, 31));
  renewals.addRow([text(lang, 'account'), '#', text(lang, 'date'), text(lang, 'value'), 'currency']).font = { bold: true };
  for (const r of report.renewalsDue) renewals.addRow([r.accountName, r.number, r.renewalOn, r.value.amountMinor / 100, r.value.currency]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
