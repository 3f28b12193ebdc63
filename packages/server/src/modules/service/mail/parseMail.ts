import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { mailAddressOf, normaliseSubject, parseMessageIds, subjectKey, type MailHeaders } from '@vefa/domain';
import { sanitizeMailHtml } from './sanitize.ts';

export interface ParsedAttachment {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

/** What the inbound pipeline needs of a mail, decoded (charsets, encoded words) and with its HTML made safe. */
export interface ParsedMail {
  headers: MailHeaders;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null };
  to: string[];
  cc: string[];
  subject: string;
  subjectKey: string;
  text: string;
  html: string | null;
  charset: string | null;
  rawSize: number;
  attachments: ParsedAttachment[];
  /** Content types of every part, for spotting delivery reports. */
  partTypes: string[];
  /** Hash of what the sender wrote: with the Message-ID it tells a retried delivery from a reused id. */
  contentHash: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string | null }[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value).flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), name: v.name || null }] : []));
}

/** Raw header lines as a plain object (repeated headers as arrays), the shape the domain's mail rules read. */
function headerObject(lines: readonly { key: string; line: string }[]): MailHeaders {
  const out: Record<string, string | string[]> = {};
  for (const { key, line } of lines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const previous = out[key];
    out[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return out;
}

// The charset the text was written in, as declared by the first text part (mailparser has already decoded it).
function declaredCharset(raw: Buffer): string | null {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const m = /content-type:\s*text\/(?:plain|html)[^\n]*(?:\n[ \t][^\n]*)*?charset\s*=\s*"?([\w.:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase() ?? null;
}

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const headers = headerObject(mail.headerLines);
  const from = addresses(mail.from)[0] ?? { address: '', name: null };
  const subject = (mail.subject ?? '').trim();
  const text = (mail.text ?? '').trim();
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? sanitizeMailHtml(mail.html) : null;
  const attachments = mail.attachments.map((a) => ({
    fileName: a.filename ?? 'attachment',
    contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
    size: a.content.length,
    sha256: sha256(a.content),
    content: a.content,
  }));
  const references = parseMessageIds(mail.references ?? null).map((id) => `<${id}>`);
  const messageId = parseMessageIds(mail.messageId ?? null)[0];
  const inReplyTo = parseMessageIds(mail.inReplyTo ?? null)[0];
  return {
    headers,
    messageId: messageId ? `<${messageId}>` : null,
    inReplyTo: inReplyTo ? `<${inReplyTo}>` : null,
    references,
    from,
    to: addresses(mail.to).map((a) => a.address),
    cc: addresses(mail.cc).map((a) => a.address),
    subject,
    subjectKey: subjectKey(subject),
    text: text !== '' ? text : html !== null ? htmlToText(html) : '',
    html,
    charset: declaredCharset(raw),
    rawSize: raw.length,
    attachments,
    partTypes: attachments.map((a) => a.contentType),
    contentHash: sha256([mailAddressOf(from.address), normaliseSubject(subject), text, ...attachments.map((a) => a.sha256)].join('\n')),
  };
}

/** Plain text of sanitised HTML for the case description, when the mail had no text part. */
function htmlToText(html: string): string {
  return html.replace(/<(br|\/p|\/div|\/tr|\/h\d)[^>]*>/gi, '\n').replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n').trim();
}
