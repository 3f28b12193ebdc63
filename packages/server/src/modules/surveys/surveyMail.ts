import { SCORE_RANGE, type SurveyType } from '@vefa/domain/surveys/index';
import type { StoredLocalized } from './schema.ts';
import { answerUrl, unsubscribeUrl } from './links.ts';

type Language = 'az' | 'tr' | 'en';

// Mail texts in the customer's language. Kept here (not in the web catalogue): the server writes them.
const TEXT: Record<Language, { subject: string; reminder: string; intro: string; oneClick: string; open: string; unsubscribe: string; low: string; high: string }> = {
  az: {
    subject: 'Fikriniz bizim üçün önəmlidir', reminder: 'Xatırlatma: fikrinizi bölüşün', intro: 'Hörmətli {name},',
    oneClick: 'Bir kliklə cavab verin:', open: 'Sorğunu açın', unsubscribe: 'Sorğu məktublarından imtina etmək', low: 'heç', high: 'mütləq',
  },
  tr: {
    subject: 'Görüşünüz bizim için önemli', reminder: 'Hatırlatma: görüşünüzü paylaşın', intro: 'Sayın {name},',
    oneClick: 'Tek tıkla yanıtlayın:', open: 'Anketi açın', unsubscribe: 'Anket e-postalarından çıkmak', low: 'hiç', high: 'kesinlikle',
  },
  en: {
    subject: 'Your opinion matters to us', reminder: 'Reminder: tell us what you think', intro: 'Dear {name},',
    oneClick: 'Answer with one click:', open: 'Open the survey', unsubscribe: 'Unsubscribe from survey e-mails', low: 'not at all', high: 'extremely',
  },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SurveyMail { subject: string; text: string; html: string }

/** The invitation: the question, one link per score (one-click answer), the survey link and an unsubscribe link. */
export function composeSurveyMail(input: {
  language: Language; customerName: string; workspaceName: string; type: SurveyType; question: StoredLocalized | null;
  token: string; publicUrl: string; reminder: boolean;
}): SurveyMail {
  const t = TEXT[input.language];
  const question = input.question?.[input.language] ?? '';
  const scores = input.type === 'custom' ? [] : (() => { const r = SCORE_RANGE[input.type]; return Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i); })();
  const subject = `${input.reminder ? t.reminder : t.subject} — ${input.workspaceName}`;
  const open = answerUrl(input.publicUrl, input.token);
  const unsubscribe = unsubscribeUrl(input.publicUrl, input.token);
  const text = [
    t.intro.replace('{name}', input.customerName), '', question, '',
    ...(scores.length ? [t.oneClick, ...scores.map((s) => `${s}: ${answerUrl(input.publicUrl, input.token, s)}`), ''] : []),
    `${t.open}: ${open}`, '', `${t.unsubscribe}: ${unsubscribe}`,
  ].join('\n');
  const buttons = scores.map((s) => `<a href="${escapeHtml(answerUrl(input.publicUrl, input.token, s))}" style="display:inline-block;min-width:28px;padding:8px;margin:2px;border:1px solid #888;border-radius:4px;text-align:center;text-decoration:none">${s}</a>`).join('');
  const html = `<p>${escapeHtml(t.intro.replace('{name}', input.customerName))}</p><p><strong>${escapeHtml(question)}</strong></p>`
    + (scores.length ? `<p>${escapeHtml(t.oneClick)}</p><p>${buttons}</p><p style="font-size:12px">${scores[0]} = ${escapeHtml(t.low)}, ${scores.at(-1)} = ${escapeHtml(t.high)}</p>` : '')
    + `<p><a href="${escapeHtml(open)}">${escapeHtml(t.open)}</a></p><p style="font-size:11px"><a href="${escapeHtml(unsubscribe)}">${escapeHtml(t.unsubscribe)}</a></p>`;
  return { subject, text, html };
}
