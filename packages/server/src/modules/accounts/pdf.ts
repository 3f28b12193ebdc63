import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { minorDigits } from '@vefa/domain';

/**
 * PDF documents with a font that has ə, ş, ğ, ı: the standard PDF fonts
 * cannot draw Azerbaijani or Turkish letters. DejaVu ships with most Linux
 * systems; VEFA_PDF_FONT points elsewhere.
 */
const FONT_CANDIDATES = [process.env.VEFA_PDF_FONT, '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'];
const BOLD_CANDIDATES = [process.env.VEFA_PDF_FONT_BOLD, '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'];
const firstExisting = (paths: (string | undefined)[]) => paths.find((p): p is string => Boolean(p) && fs.existsSync(p ?? ''));

export function newPdf(title: string) {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title, Producer: 'Vefa' } });
  const regular = firstExisting(FONT_CANDIDATES);
  const bold = firstExisting(BOLD_CANDIDATES);
  if (regular) doc.registerFont('body', regular);
  if (bold) doc.registerFont('bold', bold);
  const fonts = { body: regular ? 'body' : 'Helvetica', bold: bold ? 'bold' : regular ? 'body' : 'Helvetica-Bold' };
  doc.font(fonts.body);
  return { doc, fonts };
}

export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** A simple ruled table: columns with widths and alignment. */
export function table(doc: PDFKit.PDFDocument, fonts: { body: string; bold: string }, columns: { title: string; width: number; align?: 'left' | 'right' }[], rows: string[][]) {
  const x0 = doc.page.margins.left;
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const y = doc.y;
    let x = x0;
    let height = 0;
    doc.font(bold ? fonts.bold : fonts.body).fontSize(9);
    cells.forEach((cell, i) => {
      const col = columns[i];
      if (!col) return;
      doc.text(cell, x + 2, y, { width: col.width - 4, align: col.align ?? 'left' });
      height = Math.max(height, doc.y - y);
      x += col.width;
    });
    doc.y = y + height + 4;
    doc.moveTo(x0, doc.y - 2).lineTo(x, doc.y - 2).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
  };
  drawRow(columns.map((c) => c.title), true);
  for (const r of rows) drawRow(r, false);
  doc.x = x0;
  doc.font(fonts.body);
}

export function formatMoney(amountMinor: number, currency: string, lang: string) {
  const locale = lang === 'tr' ? 'tr-TR' : lang === 'en' ? 'en-GB' : 'az-Latn-AZ';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: minorDigits(currency) }).format(amountMinor / 10 ** minorDigits(currency));
  } catch {
    return `${(amountMinor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency))} ${currency}`;
  }
}
