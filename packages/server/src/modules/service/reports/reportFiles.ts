import fs from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ServiceReport } from '@vefa/contract';
import { reportText, type ReportLanguage, type ReportTextKey } from './reportTexts.ts';

// DejaVu covers ə, ş, ğ, ı; PDF's built-in Helvetica does not, so without it we spell them plainly.
const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];
const FONT = FONT_CANDIDATES.find((f) => fs.existsSync(f)) ?? null;
const PLAIN: Record<string, string> = { ə: 'e', Ə: 'E', ş: 's', Ş: 'S', ğ: 'g', Ğ: 'G', ı: 'i', İ: 'I' };
const printable = (s: string) => (FONT ? s : s.replace(/[əƏşŞğĞıİ]/g, (c) => PLAIN[c] ?? c));

const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 1000) / 10} %`);
const num = (n: number | null) => (n === null ? '—' : String(n));

/** Sections as rows of cells, shared by the PDF and the spreadsheet so both say the same. */
function sections(r: ServiceReport, lang: ReportLanguage): { title: string; head: string[]; rows: string[][] }[] {
  const t = (k: ReportTextKey) => reportText(lang, k);
  const counts = (title: ReportTextKey, items: { label: string; count: number }[]) => ({ title: t(title), head: ['', t('count')], rows: items.map((i) => [i.label, String(i.count)]) });
  return [
    { title: t('satisfaction'), head: ['', ''], rows: [[t('responses'), String(r.satisfaction.responses)], [t('average'), num(r.satisfaction.average)], [t('satisfiedRate'), pct(r.satisfaction.satisfiedRate)]] },
    { title: t('trend'), head: [t('month'), t('responses'), t('average')], rows: r.satisfaction.trend.map((m) => [m.month, String(m.responses), num(m.average)]) },
    { title: t('volume'), head: ['', t('count')], rows: [[t('opened'), String(r.volume.opened)], [t('resolved'), String(r.volume.resolved)]] },
    counts('byCategory', r.volume.byCategory), counts('byChannel', r.volume.byChannel), counts('byDepartment', r.volume.byDepartment),
    counts('byType', r.volume.byType), counts('byRootCause', r.volume.byRootCause),
    { title: t('topIssues'), head: [t('category'), t('count'), t('reopened')], rows: r.topIssues.map((i) => [i.category, String(i.count), String(i.reopened)]) },
    { title: t('actionsTaken'), head: [t('case'), t('rootCause'), t('action')], rows: r.actionsTaken.map((a) => [a.caseNumber, a.rootCause, a.actionTaken]) },
    ...(['firstResponse', 'resolution'] as const).map((k) => ({
      title: t(k), head: ['', ''],
      rows: [[t('count'), String(r[k].count)], [t('median'), num(r[k].medianMinutes)], [t('withinSla'), `${r[k].withinSla} (${pct(r[k].withinSlaRate)})`], [t('breached'), String(r[k].breached)]],
    })),
    { title: t('backlog'), head: ['', t('count')], rows: [[t('open'), String(r.backlog.open)], [t('breached'), String(r.backlog.breached)], [t('olderThan7Days'), String(r.backlog.olderThan7Days)], ...r.backlog.byStatus.map((s) => [s.label, String(s.count)])] },
  ];
}

export async function reportPdf(r: ServiceReport, lang: ReportLanguage): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: reportText(lang, 'title') } });
  if (FONT) doc.font(FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(18).text(printable(reportText(lang, 'title')));
  doc.fontSize(10).fillColor('#555').text(printable(`${reportText(lang, 'period')}: ${r.from} – ${r.to}    ${reportText(lang, 'generated')}: ${r.generatedAt.slice(0, 16).replace('T', ' ')}`));
  doc.fillColor('#000');
  for (const s of sections(r, lang)) {
    if (doc.y > 720) doc.addPage();
    doc.moveDown(0.8).fontSize(13).text(printable(s.title));
    doc.fontSize(9);
    if (s.rows.length === 0) doc.text(reportText(lang, 'none'));
    const widths = s.head.length === 3 ? [130, 170, 200] : [300, 200];
    for (const row of [s.head.some(Boolean) ? s.head : null, ...s.rows].filter((x): x is string[] => x !== null)) {
      if (doc.y > 780) doc.addPage();
      const y = doc.y;
      let x = 48;
      let bottom = y;
      row.forEach((cell, i) => {
        doc.text(printable(cell), x, y, { width: (widths[i] ?? 150) - 8 });
        bottom = Math.max(bottom, doc.y);
        x += widths[i] ?? 150;
      });
      doc.x = 48;
      doc.y = bottom + 2;
    }
  }
  doc.end();
  return done;
}

export async function reportXlsx(r: ServiceReport, lang: ReportLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(reportText(lang, 'title').slice(0, 31));
  sheet.columns = [{ width: 40 }, { width: 40 }, { width: 60 }];
  sheet.addRow([reportText(lang, 'title')]).font = { bold: true, size: 14 };
  sheet.addRow([reportText(lang, 'period'), `${r.from} – ${r.to}`]);
  for (const s of sections(r, lang)) {
    sheet.addRow([]);
    sheet.addRow([s.title]).font = { bold: true };
    if (s.head.some(Boolean)) sheet.addRow(s.head).font = { italic: true };
    for (const row of s.rows) sheet.addRow(row.map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
