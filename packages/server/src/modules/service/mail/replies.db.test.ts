import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { readConfig } from '../../../platform/config.ts';
import { buildWorkspace, signIn, type Client, type TestContext } from '../../../test/testApp.ts';
import { openTestDatabase } from '../../../test/testDatabase.ts';
import { buildApp } from '../../../platform/http/app.ts';
import { eq } from 'drizzle-orm';
import { caseIntake } from '../cases/intake.ts';
import { mailMessages } from './schema.ts';
import { startSmtpListener, type SmtpListener } from './smtpListener.ts';
import { settle, type MailChannel } from './channel.ts';
import { smtpTransport } from './transport.ts';
import { sendMail } from './sender.ts';
import { startSmtpSink } from './test/smtpSink.ts';

let ctx: TestContext;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let listener: SmtpListener;
let channel: MailChannel;
let owner: Client;
let agent: Client;
let outsider: Client;
let workspaceId = '';
let viewer: Client;
const DESK = 'help@market.test';

async function send(mail: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  sink = await startSmtpSink();
  // The app sends replies through the sink, as `vefa serve` would through VEFA_SMTP_URL.
  const config = readConfig({ VEFA_SMTP_URL: sink.url, VEFA_MAIL_DOMAIN: 'mail.market.test' }, { webDistDir: '/nonexistent' });
  const database = await openTestDatabase();
  const app = await buildApp({ config, database, logger: false, rateLimitPerMinute: 100_000 });
  await app.ready();
  ctx = { app, database, close: async () => { await app.close(); await database.close(); } };
  const ws = await buildWorkspace(ctx.database, 'market', ['owner', 'service_coordinator', 'service_agent', 'viewer']);
  workspaceId = ws.id;
  owner = await signIn(ctx.app, ws.people.owner ?? '');
  agent = await signIn(ctx.app, ws.people.service_coordinator ?? '');
  outsider = await signIn(ctx.app, ws.people.service_agent ?? '');
  viewer = await signIn(ctx.app, ws.people.viewer ?? '');
  channel = { database: ctx.database, intake: caseIntake, transport: smtpTransport(sink.url), config: ctx.app.vefaConfig.mail, pending: new Set() };
  listener = await startSmtpListener(channel, '127.0.0.1:0');
});

afterAll(async () => {
  await listener?.close();
  if (channel) await settle(channel);
  channel?.transport?.close();
  await sink?.close();
  await ctx?.close();
});

describe('mailboxes', () => {
  it('are created, listed and changed by a manager; bad input names the field', async () => {
    const created = await owner.request('POST', '/api/v1/service/mailboxes', { address: 'Help@Market.test', name: 'Market help desk', language: 'en', fromName: 'Market' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ address: DESK, fromAddress: DESK, inboundSmtp: true, imap: null, acknowledge: true, active: true });
    const again = await owner.request('POST', '/api/v1/service/mailboxes', { address: DESK, name: 'twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'mailbox_address_taken', errors: [{ field: 'body.address' }] });
    const noPassword = await owner.request('POST', '/api/v1/service/mailboxes', { address: 'imap@market.test', name: 'imap', imap: { host: '127.0.0.1', user: 'u' } });
    expect(noPassword.statusCode).toBe(422);
    expect(noPassword.json().errors[0].field).toBe('body.imap.password');
    const withImap = await owner.request('POST', '/api/v1/service/mailboxes', { address: 'imap@market.test', name: 'imap', inboundSmtp: false, imap: { host: '127.0.0.1', port: 1143, secure: false, user: 'u', password: 'secret-pw' } });
    expect(withImap.statusCode).toBe(201);
    expect(withImap.body).not.toContain('secret-pw');
    expect(withImap.json().imap).toMatchObject({ host: '127.0.0.1', port: 1143, folder: 'INBOX', pollSeconds: 60, hasPassword: true });
    const off = await owner.request('PATCH', `/api/v1/service/mailboxes/${withImap.json().id}`, { imap: null, active: false });
    expect(off.json()).toMatchObject({ imap: null, active: false });
    const list = (await owner.request('GET', '/api/v1/service/mailboxes')).json().items;
    expect(list.map((m: { address: string }) => m.address)).toEqual([DESK, 'imap@market.test']);
    expect((await outsider.request('GET', '/api/v1/service/mailboxes')).statusCode).toBe(403);
  });
});

describe('a case’s mail thread', () => {
  let caseId = '';
  let firstId = '';

  it('shows the customer’s mail with sanitised HTML, its attachment and our acknowledgement', async () => {
    await send({
      from: 'Leyla Əliyeva <leyla@mail.test>', to: DESK, subject: 'Order never arrived', messageId: '<leyla-1@mail.test>',
      text: 'Hello, my order 5521 never arrived. Please help, thank you.',
      html: '<p onclick="steal()">Hello, my order <i>5521</i> never arrived.</p><iframe src="https://evil.test"></iframe>',
      attachments: [{ filename: 'qəbz.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), contentType: 'image/png' }],
    });
    await settle(channel);
    const [stored] = await ctx.database.db.select({ caseId: mailMessages.caseId }).from(mailMessages).where(eq(mailMessages.fromAddress, 'leyla@mail.test'));
    caseId = stored?.caseId ?? '';
    expect(caseId).not.toBe('');
    const thread = await agent.request('GET', `/api/v1/service/cases/${caseId}/messages`);
    expect(thread.statusCode).toBe(200);
    const [first, ack] = thread.json().items;
    firstId = first.messageId;
    expect(first).toMatchObject({ direction: 'inbound', kind: 'customer', from: { address: 'leyla@mail.test', name: 'Leyla Əliyeva' }, messageId: '<leyla-1@mail.test>' });
    expect(first.html).toBe('<p>Hello, my order <i>5521</i> never arrived.</p>');
    expect(first.attachments).toEqual([expect.objectContaining({ fileName: 'qəbz.png', contentType: 'image/png', size: 7 })]);
    expect(ack).toMatchObject({ direction: 'outbound', kind: 'acknowledgement', status: 'sent', inReplyTo: '<leyla-1@mail.test>' });
    expect(ack.text).toContain('We have received your request');

    const file = await agent.request('GET', `/api/v1/service/cases/${caseId}/attachments/${first.attachments[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('qəbz.png')}`);
    expect([...file.rawPayload]).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const elsewhere = await agent.request('GET', `/api/v1/service/cases/${crypto.randomUUID()}/attachments/${first.attachments[0].id}`);
    expect(elsewhere.statusCode).toBe(404);
  });

  it('sends the agent’s reply threaded to the customer and counts it as the first response', async () => {
    const before = sink.received.length;
    const res = await agent.request('POST', `/api/v1/service/cases/${caseId}/replies`, { text: 'We are sorry: the parcel leaves today.', html: '<p>We are sorry<script>x()</script></p>' },
      { 'idempotency-key': 'reply-0001-0001' });
    expect(res.statusCode, res.body).toBe(201);
    const reply = res.json();
    expect(reply).toMatchObject({ direction: 'outbound', kind: 'reply', status: 'sent', to: ['leyla@mail.test'], inReplyTo: firstId, html: '<p>We are sorry</p>' });
    const replay = await agent.request('POST', `/api/v1/service/cases/${caseId}/replies`, { text: 'We are sorry: the parcel leaves today.', html: '<p>We are sorry<script>x()</script></p>' },
      { 'idempotency-key': 'reply-0001-0001' });
    expect(replay.json().id).toBe(reply.id);
    const sent = (await sink.waitFor(before + 1)).slice(before);
    expect(sent).toHaveLength(1);
    const mail = sent[0]?.parsed;
    const theCase = (await owner.request('GET', `/api/v1/service/cases/${caseId}`)).json();
    expect(mail?.subject).toMatch(new RegExp(`^Re: \\[${theCase.number}#[a-z0-9]{10}\\] Order never arrived$`));
    expect(mail?.messageId).toBe(reply.messageId);
    expect(mail?.messageId).toMatch(new RegExp(`^<${theCase.number}\\.[a-z0-9]{10}\\.[0-9a-f-]+@mail\\.market\\.test>$`));
    expect(mail?.inReplyTo).toBe(firstId);
    expect(mail?.references).toEqual(firstId);
    expect(mail?.headers.get('auto-submitted')).toBeUndefined();
    expect(theCase.firstRespondedAt).not.toBeNull();
  });

  it('threads the customer’s answer to the reply into the same case', async () => {
    const ours = sink.received.at(-1)?.parsed;
    await send({ from: 'leyla@mail.test', to: DESK, subject: `Re: ${ours?.subject ?? ''}`, text: 'Thanks, waiting.', inReplyTo: ours?.messageId, references: [firstId, ours?.messageId ?? ''] });
    const thread = (await agent.request('GET', `/api/v1/service/cases/${caseId}/messages?limit=2`)).json();
    expect(thread.items).toHaveLength(2);
    const rest = (await agent.request('GET', `/api/v1/service/cases/${caseId}/messages?cursor=${thread.nextCursor}`)).json();
    expect(rest.items.map((m: { kind: string }) => m.kind)).toEqual(['reply', 'customer']);
    expect(rest.items[1].text).toBe('Thanks, waiting.');
  });

  it('lets other modules send mail about a case (a survey, say) through sendMail', async () => {
    const theCase = (await owner.request('GET', `/api/v1/service/cases/${caseId}`)).json();
    const [box] = (await owner.request('GET', '/api/v1/service/mailboxes')).json().items;
    const before = sink.received.length;
    const sent = await sendMail(ctx.database.db, channel.transport, {
      workspaceId, mailboxId: box.id, kind: 'notification', automatic: true, to: ['leyla@mail.test'],
      subject: 'How did we do?', text: 'Rate us', caseRef: { id: caseId, number: theCase.number }, messageIdDomain: 'mail.market.test',
    });
    expect(sent.status).toBe('sent');
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail?.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const thread = (await agent.request('GET', `/api/v1/service/cases/${caseId}/messages?limit=50`)).json().items;
    expect(thread.at(-1)).toMatchObject({ kind: 'notification', status: 'sent', subject: 'How did we do?' });
  });

  it('refuses a reply from a viewer, and hides the mail of cases outside an agent’s department', async () => {
    expect((await outsider.request('GET', `/api/v1/service/cases/${caseId}/messages`)).statusCode).toBe(404);
    expect((await outsider.request('POST', `/api/v1/service/cases/${caseId}/replies`, { text: 'x' })).statusCode).toBe(404);
    expect((await viewer.request('POST', `/api/v1/service/cases/${caseId}/replies`, { text: 'x' })).statusCode).toBe(403);
    expect((await agent.request('POST', `/api/v1/service/cases/${crypto.randomUUID()}/replies`, { text: 'x' })).statusCode).toBe(404);
    const empty = await agent.request('POST', `/api/v1/service/cases/${caseId}/replies`, { text: '  ' });
    expect(empty.statusCode).toBe(422);
  });
});
