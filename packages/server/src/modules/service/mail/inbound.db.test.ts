import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { readConfig } from '../../../platform/config.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import { sqlRows, type Database } from '../../../platform/db/database.ts';
import { openTestDatabase } from '../../../test/testDatabase.ts';
import { buildWorkspace } from '../../../test/testApp.ts';
import { customers } from '../../customers/schema.ts';
import { caseIntake } from '../cases/intake.ts';
import { mailAttachments, mailMessages } from './schema.ts';
import { createMailbox } from './mailboxes.ts';
import { startSmtpListener, type SmtpListener } from './smtpListener.ts';
import { settle, type MailChannel } from './channel.ts';
import { smtpTransport } from './transport.ts';
import { startSmtpSink } from './test/smtpSink.ts';
import { rawSmtpSession } from './test/rawSmtp.ts';

let database: Database;
let listener: SmtpListener;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let channel: MailChannel;
let workspaceId = '';
const DESK = 'destek@bazar.test';
const SALES = 'satis@bazar.test';

const config = { ...readConfig({}).mail, messageIdDomain: 'desk.vefa.test', maxMessageBytes: 200_000, maxAttachmentBytes: 50_000 };

async function send(mail: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

async function messagesFrom(address: string) {
  return database.db.select().from(mailMessages).where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.fromAddress, address))).orderBy(mailMessages.receivedAt);
}

async function casesOf(address: string) {
  return sqlRows<{ id: string; number: string; status: string; subject: string }>(database.db, sql`
    select c.id, c.number, c.status, c.subject from cases c join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
    where c.workspace_id = ${workspaceId} and cu.email = ${address} order by c.number`);
}

const acksTo = (address: string) => sink.received.filter((m) => m.envelopeTo.includes(address));

beforeAll(async () => {
  database = await openTestDatabase();
  sink = await startSmtpSink();
  channel = { database, intake: caseIntake, transport: smtpTransport(sink.url), config, pending: new Set() };
  const ws = await buildWorkspace(database, 'bazar');
  workspaceId = ws.id;
  const actor = systemActor(workspaceId);
  await createMailbox(database.db, actor, { address: DESK, name: 'Bazar Market dəstək', inboundSmtp: true, language: 'az', acknowledge: true });
  await createMailbox(database.db, actor, { address: SALES, name: 'Bazar satış', inboundSmtp: true, language: 'az', acknowledge: true });
  listener = await startSmtpListener(channel, '127.0.0.1:0', { error: (obj, msg) => console.error(msg, obj) });
});

afterAll(async () => {
  await listener?.close();
  if (channel) await settle(channel);
  channel?.transport?.close();
  await sink?.close();
  await database?.close();
});

describe('mail into the SMTP listener', () => {
  it('opens a case for a new sender, makes the customer and acknowledges in their language', async () => {
    const info = await send({
      from: 'Aygün Məmmədova <aygun@gmail.test>', to: DESK, subject: 'Kartım bloklanıb',
      text: 'Salam, bonus kartım bloklanıb, xahiş edirəm kömək edəsiniz. Təşəkkür edirəm.',
      html: '<p>Salam, <b>bonus kartım</b> bloklanıb</p><script>alert(1)</script><img src="https://tracker.test/p.gif"><a href="javascript:alert(2)">x</a>',
      messageId: '<first-aygun@gmail.test>',
    });
    expect(info.response).toMatch(/^250/);
    // 250 came after the commit: the message, the customer and the case are there now.
    const [stored] = await messagesFrom('aygun@gmail.test');
    expect(stored).toMatchObject({ direction: 'inbound', subject: 'Kartım bloklanıb', automatedReason: null });
    expect(stored?.htmlBody).toContain('<b>bonus kartım</b>');
    expect(stored?.htmlBody).not.toMatch(/script|tracker\.test|javascript:/);
    const [customer] = await database.db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, 'aygun@gmail.test')));
    expect(customer).toMatchObject({ firstName: 'Aygün', lastName: 'Məmmədova', language: 'az' });
    const cases = await casesOf('aygun@gmail.test');
    expect(cases).toHaveLength(1);
    expect(stored?.caseId).toBe(cases[0]?.id);

    await settle(channel);
    const [ack] = acksTo('aygun@gmail.test');
    const number = cases[0]?.number ?? '';
    expect(ack?.parsed.subject).toMatch(new RegExp(`^\\[${number}#[a-z0-9]{10}\\] Kartım bloklanıb$`));
    expect(ack?.parsed.text).toContain(`${number} nömrəsi`);
    expect(ack?.parsed.messageId).toMatch(new RegExp(`^<${number}\\.[a-z0-9]{10}\\.[0-9a-f-]+@desk\\.vefa\\.test>$`));
    expect(ack?.parsed.inReplyTo).toBe('<first-aygun@gmail.test>');
    expect(ack?.parsed.headers.get('auto-submitted')).toBe('auto-replied');
  });

  it('threads the customer’s reply to the acknowledgement into the same case, without a second acknowledgement', async () => {
    const ack = acksTo('aygun@gmail.test')[0];
    const before = sink.received.length;
    await send({
      from: 'aygun@gmail.test', to: DESK, subject: `Re: ${ack?.parsed.subject ?? ''}`, text: 'Kart nömrəm 1234-dür.',
      inReplyTo: ack?.parsed.messageId, references: ['<first-aygun@gmail.test>', ack?.parsed.messageId ?? ''],
    });
    // Outlook style: our id only in References, a rewritten subject.
    await send({ from: 'aygun@gmail.test', to: DESK, subject: 'AW: Kart', text: 'Bir sual da var.', references: `<x@outlook.test> ${ack?.parsed.messageId ?? ''}` });
    await settle(channel);
    const cases = await casesOf('aygun@gmail.test');
    expect(cases).toHaveLength(1);
    const stored = await messagesFrom('aygun@gmail.test');
    expect(stored.map((m) => m.caseId)).toEqual([cases[0]?.id, cases[0]?.id, cases[0]?.id]);
    expect(stored.map((m) => m.threadMethod)).toEqual([null, 'message_id_token', 'message_id_token']);
    expect(sink.received.length).toBe(before);
  });

  it('takes a raw SMTP session in Windows-1254 and ISO-8859-9, with attachments checked by size and type', async () => {
    const body1254 = Buffer.from([0x53, 0x69, 0x70, 0x61, 0x72, 0x69, 0xfe, 0x69, 0x6d, 0x20, 0xe7, 0x6f, 0x6b, 0x20, 0x67, 0x65, 0xe7, 0x20, 0x67, 0x65, 0x6c, 0x64, 0x69, 0x2c, 0x20, 0xfd, 0x73, 0x6c, 0x61, 0x6b, 0x20, 0xf0, 0xfc, 0x6c]);
    // "Siparişim çok geç geldi, ıslak ğül" in Windows-1254: ş=0xFE ç=0xE7 ı=0xFD ğ=0xF0 ü=0xFC
    const pdf = Buffer.from('%PDF-1.4 fatura').toString('base64');
    const exe = Buffer.from('MZ not allowed').toString('base64');
    const big = Buffer.alloc(60_000, 1).toString('base64');
    const raw = Buffer.concat([Buffer.from([
      'From: =?ISO-8859-9?Q?Mehmet_=DEim=FEek?= <mehmet@posta.test>',
      `To: ${DESK}`,
      'Subject: =?ISO-8859-9?Q?Sipari=FE_gecikti?=',
      'Message-ID: <raw-1254@posta.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=windows-1254',
      'Content-Transfer-Encoding: 8bit',
      '',
      '',
    ].join('\r\n'), 'latin1'), body1254, Buffer.from([
      '',
      '--b1',
      'Content-Type: application/pdf; name="fatura.pdf"',
      'Content-Disposition: attachment; filename="fatura.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf,
      '--b1',
      'Content-Type: application/x-msdownload; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      exe,
      '--b1',
      'Content-Type: image/png; name="huge.png"',
      'Content-Disposition: attachment; filename="huge.png"',
      'Content-Transfer-Encoding: base64',
      '',
      big.replace(/(.{76})/g, '$1\r\n'),
      '--b1--',
      '',
    ].join('\r\n'), 'latin1')]);
    const session = await rawSmtpSession(listener.port, { mailFrom: 'mehmet@posta.test', rcptTo: [DESK], data: raw });
    expect(session.data).toMatch(/^250/);
    const [stored] = await messagesFrom('mehmet@posta.test');
    expect(stored).toMatchObject({ subject: 'Sipariş gecikti', fromName: 'Mehmet Şimşek', textBody: 'Siparişim çok geç geldi, ıslak ğül', charset: 'windows-1254' });
    expect(stored?.refusedAttachments).toEqual([
      { fileName: 'setup.exe', contentType: 'application/x-msdownload', size: 14, reason: 'type_not_allowed' },
      { fileName: 'huge.png', contentType: 'image/png', size: 60_000, reason: 'too_large' },
    ]);
    const attachments = await database.db.select().from(mailAttachments).where(eq(mailAttachments.messageId, stored?.id ?? ''));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ fileName: 'fatura.pdf', contentType: 'application/pdf', size: 15 });
    expect(Buffer.from(attachments[0]?.content ?? []).toString()).toBe('%PDF-1.4 fatura');
    await settle(channel);
    expect(acksTo('mehmet@posta.test')[0]?.parsed.text).toContain('Başvurunuzu aldık');
  });

  it('counts a retried delivery once and answers 250 both times', async () => {
    const mail = ['From: retry@posta.test', `To: ${DESK}`, 'Subject: Tekrar', 'Message-ID: <retry-1@posta.test>', '', 'Ikinci kez geliyor.', ''].join('\r\n');
    const first = await rawSmtpSession(listener.port, { mailFrom: 'retry@posta.test', rcptTo: [DESK], data: mail });
    const second = await rawSmtpSession(listener.port, { mailFrom: 'retry@posta.test', rcptTo: [DESK], data: mail });
    expect([first.data?.slice(0, 3), second.data?.slice(0, 3)]).toEqual(['250', '250']);
    expect(await messagesFrom('retry@posta.test')).toHaveLength(1);
    expect(await casesOf('retry@posta.test')).toHaveLength(1);
  });

  it('stores a mail delivered twice at once only once: what the second copy did rolls back', async () => {
    const mail = ['From: Ikiqat <ikiqat@posta.test>', `To: ${DESK}`, 'Subject: Eyni anda iki dəfə', 'Message-ID: <ikiqat-1@posta.test>', '', 'Bir dəfə sayılmalıdır.', ''].join('\r\n');
    const sessions = await Promise.all([0, 1].map(() => rawSmtpSession(listener.port, { mailFrom: 'ikiqat@posta.test', rcptTo: [DESK], data: mail })));
    expect(sessions.map((x) => x.data?.slice(0, 3))).toEqual(['250', '250']);
    await settle(channel);
    const [stored, ...more] = await messagesFrom('ikiqat@posta.test');
    expect(more).toHaveLength(0);
    const opened = await casesOf('ikiqat@posta.test');
    expect(opened).toHaveLength(1);
    expect(stored?.caseId).toBe(opened[0]?.id);
    const events = await sqlRows<{ kind: string }>(database.db, sql`select kind from case_events where workspace_id = ${workspaceId} and case_id = ${opened[0]?.id ?? null}`);
    expect(events.map((e) => e.kind)).toEqual(['created']);
    expect(acksTo('ikiqat@posta.test')).toHaveLength(1);
    // A reply is not checked before its transaction: its second copy finds out at its insert and rolls back.
    const reply = ['From: Ikiqat <ikiqat@posta.test>', `To: ${DESK}`, 'Subject: Re: Eyni anda iki dəfə', 'Message-ID: <ikiqat-2@posta.test>',
      'In-Reply-To: <ikiqat-1@posta.test>', 'References: <ikiqat-1@posta.test>', '', 'Bir əlavə.', ''].join('\r\n');
    for (let i = 0; i < 2; i++) expect((await rawSmtpSession(listener.port, { mailFrom: 'ikiqat@posta.test', rcptTo: [DESK], data: reply })).data).toMatch(/^250/);
    expect(await messagesFrom('ikiqat@posta.test')).toHaveLength(2);
    const after = await sqlRows<{ kind: string }>(database.db, sql`select kind from case_events where workspace_id = ${workspaceId} and case_id = ${opened[0]?.id ?? null} order by at`);
    expect(after.map((e) => e.kind)).toEqual(['created', 'message']);
  });

  it('numbers new mail arriving at once with distinct numbers taken before its transaction, and a redelivery takes none', async () => {
    const counter = async () => (await sqlRows<{ last: number }>(database.db, sql`select coalesce(max(last), 0)::int as last from case_number_counters where workspace_id = ${workspaceId}`))[0]?.last ?? 0;
    const start = await counter();
    const mails = Array.from({ length: 6 }, (_, i) => ['From: paralel' + i + '@posta.test', `To: ${DESK}`, `Subject: Paralel ${i}`, `Message-ID: <paralel-${i}@posta.test>`, '', `Eyni anda ${i}.`, ''].join('\r\n'));
    const sessions = await Promise.all(mails.map((data, i) => rawSmtpSession(listener.port, { mailFrom: `paralel${i}@posta.test`, rcptTo: [DESK], data })));
    expect(sessions.map((x) => x.data?.slice(0, 3))).toEqual(Array(6).fill('250'));
    const again = await rawSmtpSession(listener.port, { mailFrom: 'paralel0@posta.test', rcptTo: [DESK], data: mails[0] ?? '' });
    expect(again.data).toMatch(/^250/);
    const numbers = (await Promise.all(mails.map((_, i) => casesOf(`paralel${i}@posta.test`)))).flat().map((c) => Number(c.number.slice(-6)));
    expect(numbers).toHaveLength(6);
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 6 }, (_, i) => start + 1 + i));
    expect(await counter()).toBe(start + 6);
  });

  it('makes one case of one mail sent to two mailboxes of the workspace', async () => {
    await send({ from: 'both@posta.test', to: [DESK, SALES], subject: 'Iki yere', text: 'Hem destek hem satış.' });
    expect(await messagesFrom('both@posta.test')).toHaveLength(1);
    expect(await casesOf('both@posta.test')).toHaveLength(1);
  });

  it('refuses unknown recipients with 550 and oversize mail with 552', async () => {
    const unknown = await rawSmtpSession(listener.port, { mailFrom: 'x@posta.test', rcptTo: ['nobody@bazar.test'], data: 'Subject: x\r\n\r\nx' });
    expect(unknown.rcpt[0]).toMatch(/^550 5\.1\.1/);
    expect(unknown.data).toBeNull();
    const huge = `Subject: big\r\nFrom: big@posta.test\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(3000)}`;
    const oversize = await rawSmtpSession(listener.port, { mailFrom: 'big@posta.test', rcptTo: [DESK], data: huge });
    expect(oversize.data).toMatch(/^552/);
    expect(await messagesFrom('big@posta.test')).toHaveLength(0);
  });

  it('never answers an auto-reply or a bounce, and opens no case for them', async () => {
    const before = sink.received.length;
    await send({ from: 'ooo@partner.test', to: DESK, subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await send({ from: 'MAILER-DAEMON@mx.partner.test', to: DESK, subject: 'Undelivered Mail Returned to Sender', text: 'Delivery failed.' });
    await settle(channel);
    const [ooo] = await messagesFrom('ooo@partner.test');
    expect(ooo).toMatchObject({ automatedReason: 'auto_submitted', caseId: null, customerId: null });
    const [bounce] = await messagesFrom('mailer-daemon@mx.partner.test');
    expect(bounce).toMatchObject({ automatedReason: 'system_sender', caseId: null });
    expect(await casesOf('ooo@partner.test')).toHaveLength(0);
    expect(sink.received.length).toBe(before);
  });

  it('breaks a loop of 50 messages with an auto-responder that hides what it is', async () => {
    // The peer answers every mail it gets with a fresh one: no Auto-Submitted, no In-Reply-To, its own subject.
    const peer = 'info@rude-autoresponder.test';
    let exchanged = 0;
    let inbox = 1;
    let round = 0;
    while (inbox > 0 && exchanged < 50) {
      inbox--;
      const ours = acksTo(peer).length;
      await send({ from: peer, to: DESK, subject: `Thank you for your message ${round++}`, text: 'We will get back to you.' });
      exchanged++;
      await settle(channel);
      if (acksTo(peer).length > ours) { exchanged++; inbox++; }
    }
    expect(acksTo(peer)).toHaveLength(3);
    expect(exchanged).toBeLessThan(10);
    const last = (await messagesFrom(peer)).at(-1);
    expect(last?.loopDetected).toBe(true);
  });

  it('stops at once with a polite auto-responder', async () => {
    const peer = 'polite@autoresponder.test';
    await send({ from: peer, to: DESK, subject: 'Sual', text: 'Salam, sualım var.' });
    await settle(channel);
    let rounds = 0;
    for (; rounds < 50; rounds++) {
      const last = acksTo(peer).at(-1);
      if (!last || rounds >= acksTo(peer).length) break;
      await send({ from: peer, to: DESK, subject: `Auto: ${last.parsed.subject ?? ''}`, text: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' }, inReplyTo: last.parsed.messageId });
      await settle(channel);
    }
    expect(acksTo(peer)).toHaveLength(1);
    const stored = await messagesFrom(peer);
    expect(stored).toHaveLength(2);
    // The auto-reply joins the thread for the record; it neither reopens nor gets answered.
    expect(stored[1]?.caseId).toBe(stored[0]?.caseId);
    expect(stored[1]?.automatedReason).toBe('auto_submitted');
  });
});
