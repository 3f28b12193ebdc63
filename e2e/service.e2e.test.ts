import net from 'node:net';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { launchChromium } from './support/browser.ts';
import { startVefa } from './support/vefaServer.ts';
import { freePort } from '@vefa/server/test/freePort';
import { apiSession } from './support/apiSession.ts';

/**
 * The customer service coordinator's day on the desk: a customer's mail arrives through the SMTP listener,
 * the coordinator finds it in the inbox, routes it, replies (the customer's mail server, a test SMTP sink here,
 * receives the threaded reply), notes it for a colleague, resolves it; the satisfaction mail goes out, the
 * customer answers from its link without signing in, and the management report shows the answer.
 * Where a part of the mail channel is not wired into `vefa serve` yet, that step says so and is skipped
 * (see `listener`, `mailRoutes`, CSAT_MAIL_WIRED).
 */

let vefa: Awaited<ReturnType<typeof startVefa>>;
let browser: Browser;
let coordinator: BrowserContext;
let page: Page;
let sink: SMTPServer;
const received: ParsedMail[] = [];
let smtpListenPort = 0;
/** The mail channel's routes are mounted (mailboxes, replies): replies go out to the sink. */
let mailRoutes = false;
/** `vefa serve` starts the SMTP listener (VEFA_SMTP_LISTEN): the customer's mail comes in through it. */
let listener = false;
/**
 * FOR THE LEAD: the resolution's satisfaction invitation is queued by the case desk (csat_requests +
 * service.csat.requested) but no sender mails it yet. Set this to true once the mail channel sends it;
 * until then the CSAT step is skipped and the report is checked without an answer.
 */
const CSAT_MAIL_WIRED = true;
let caseId = '';
let caseNumber = '';
const customerEmail = `leyla.mammadova.${Date.now()}@example.az`;
// The demo workspace has its own bonus-card cases: this one carries a mark of its own.
const mark = `E2E${Date.now().toString(36)}`;
const subject = `Bonus kartım bloklanıb ${mark}`;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

const json = async <T,>(res: Response) => (await res.json()) as T;

async function waitForMail(match: (m: ParsedMail) => boolean, timeout = 30_000): Promise<ParsedMail> {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const found = received.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no such mail in the sink; it holds: ${received.map((m) => m.subject).join(' | ')}`);
}

async function signIn(p: Page, email: string) {
  await p.goto(vefa.url);
  await p.getByTestId('login-email').fill(email);
  await p.getByTestId('login-password').fill('vefa-demo');
  await p.getByTestId('login-submit').click();
  await p.getByTestId('lang-switch').selectOption('en');
}

beforeAll(async () => {
  // The customer's side of the mail: an SMTP server that keeps what Vefa sends.
  sink = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => { received.push(mail); callback(); }, callback);
    },
  });
  const sinkPort = await freePort();
  await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  smtpListenPort = await freePort();
  vefa = await startVefa({ VEFA_SMTP_LISTEN: `127.0.0.1:${smtpListenPort}`, VEFA_SMTP_URL: `smtp://127.0.0.1:${sinkPort}` });
  const api = await apiSession(vefa.url, 'service@vefa.local');
  mailRoutes = (await api('GET', '/service/mailboxes')).status === 200;
  listener = await canConnect(smtpListenPort);
  browser = await launchChromium();
  coordinator = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page = await coordinator.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await vefa?.stop();
  await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
});

describe('the customer service coordinator', () => {
  it('receives a customer mail as a case (through the SMTP listener, or the API until it is wired)', async () => {
    const api = await apiSession(vefa.url, 'service@vefa.local');
    const departments = (await json<{ items: { departmentId: string; name: string }[] }>(await api('GET', '/service/departments'))).items;
    const care = departments.find((d) => d.name === 'Müştəri xidməti');
    expect(care).toBeDefined();
    if (mailRoutes) {
      const mb = await api('POST', '/service/mailboxes', { address: 'destek@bazar-market.test', name: 'Dəstək', departmentId: care?.departmentId, acknowledge: false });
      expect(mb.status).toBe(201);
    }
    if (listener) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpListenPort, secure: false, ignoreTLS: true });
      await transport.sendMail({
        from: `Leyla Məmmədova <${customerEmail}>`, to: 'destek@bazar-market.test', subject,
        text: 'Salam, bonus kartım dünən bloklanıb, xallarımı istifadə edə bilmirəm. Kömək edin.',
        html: '<p>Salam, <b>bonus kartım</b> dünən bloklanıb.</p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
      });
      transport.close();
    } else {
      const customer = await api('POST', '/customers', { firstName: 'Leyla', lastName: 'Məmmədova', email: customerEmail });
      expect(customer.status).toBe(201);
      const created = await api('POST', '/service/cases', {
        customerId: (await json<{ id: string }>(customer)).id, subject, description: 'Salam, bonus kartım dünən bloklanıb, xallarımı istifadə edə bilmirəm.',
        type: 'complaint', channel: 'phone',
      });
      expect(created.status).toBe(201);
    }
    await expect.poll(async () => {
      const list = await json<{ items: { id: string; number: string; subject: string }[] }>(await api('GET', `/service/cases?view=all&q=${encodeURIComponent(mark)}`));
      const found = list.items.find((c) => c.subject === subject);
      if (found) { caseId = found.id; caseNumber = found.number; }
      return Boolean(found);
    }, { timeout: 30_000 }).toBe(true);
  });

  it('finds it in the inbox with its SLA clock and opens it', async () => {
    await signIn(page, 'service@vefa.local');
    await page.getByTestId('nav-service').click();
    await page.getByTestId('service-inbox').waitFor();
    const row = page.locator(`[data-testid="service-case-row"][data-number="${caseNumber}"]`);
    await row.waitFor();
    // The demo workspace's SLA policies put a new complaint on the clock.
    expect(await row.locator('td.hide-sm [data-testid="sla-badge"]').getAttribute('data-state')).toMatch(/^(running|breached)$/);
    await page.getByTestId('service-search').fill(caseNumber);
    await expect.poll(() => page.getByTestId('service-case-row').count()).toBe(1);
    await row.getByTestId('service-case-link').click();
    await page.getByTestId('service-case').waitFor();
    expect(await page.getByTestId('service-case-number').textContent()).toBe(caseNumber);
    if (listener) {
      // The customer's HTML sits in a frame with no scripts and no outside images.
      const frame = page.getByTestId('service-message-html').first();
      await frame.waitFor();
      expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts');
    }
  });

  it('routes it to a department and an agent', async () => {
    // Routing rules may have placed it already; the coordinator sends it on to technical support, to Aysel.
    await page.getByTestId('service-case-department').selectOption({ label: 'Texniki dəstək' });
    await page.getByTestId('service-case-assignee').selectOption({ label: 'Aysel Kərimova' });
    await page.getByTestId('service-case-route').click();
    await page.locator('[data-testid="service-event"][data-kind="department_changed"]').first().waitFor();
    const api = await apiSession(vefa.url, 'service@vefa.local');
    const c = await json<{ assignee: { name: string } | null; department: { name: string } | null }>(await api('GET', `/service/cases/${caseId}`));
    expect(c.assignee?.name).toBe('Aysel Kərimova');
    expect(c.department?.name).toBe('Texniki dəstək');
  });

  it('shows who else has the case open', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const agent = await agentContext.newPage();
    await signIn(agent, 'agent@vefa.local');
    // An agent works cases but does not set the desk up.
    await agent.getByTestId('nav-service').waitFor();
    expect(await agent.getByTestId('nav-service-settings').count()).toBe(0);
    await agent.goto(`${vefa.url}/service/cases/${caseId}`);
    await agent.getByTestId('service-case').waitFor();
    await page.reload();
    await page.getByTestId('service-collision').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('service-collision').textContent()).toContain('Aysel');
    await agentContext.close();
  });

  it('writes a canned reply in the settings and fills it in for the case', async () => {
    await page.getByTestId('nav-service-settings').click();
    await page.getByTestId('service-settings-canned').click();
    await page.getByTestId('service-canned-new').click();
    await page.getByTestId('service-canned-name').fill('Kart bloku açıldı');
    await page.getByTestId('service-canned-az').fill('Hörmətli {{customer.firstName}}, {{case.number}} nömrəli müraciətinizə baxdıq.');
    await page.getByTestId('service-canned-tr').fill('Sayın {{customer.firstName}}, {{case.number}} numaralı başvurunuzu inceledik.');
    await page.getByTestId('service-canned-en').fill('Dear {{customer.firstName}}, we have looked into case {{case.number}}.');
    await page.getByTestId('service-canned-save').click();
    await page.getByTestId('service-canned-row').filter({ hasText: 'Kart bloku açıldı' }).waitFor();
    await page.goto(`${vefa.url}/service/cases/${caseId}`);
    await page.getByTestId('service-composer-reply').click();
    await page.getByTestId('service-reply-canned').selectOption({ label: 'Kart bloku açıldı' });
    await page.getByTestId('service-reply-insert').click();
    await expect.poll(() => page.getByTestId('service-reply-text').inputValue()).toContain(`${caseNumber} nömrəli`);
    expect(await page.getByTestId('service-reply-text').inputValue()).toContain('Hörmətli Leyla');
  });

  it('replies to the customer by mail, threaded', async (ctx) => {
    // FOR THE LEAD: needs the listener; a reply on a case opened by phone/API fails today with no_mail_address
    // because the desk's CaseRef (cases/intake.ts refOf) carries no customerId for mail/replies.ts to find the address.
    if (!mailRoutes || !listener) ctx.skip();
    await page.getByTestId('service-composer-reply').click();
    const filled = await page.getByTestId('service-reply-text').inputValue();
    await page.getByTestId('service-reply-text').fill(`${filled}\nKartınızın blokunu açdıq. Xallarınız yerindədir.`);
    await page.getByTestId('service-reply-send').click();
    await page.locator('[data-testid="service-message"][data-direction="outbound"]').first().waitFor();
    const reply = await waitForMail((m) => (m.subject ?? '').includes(caseNumber) && m.text?.includes('blokunu açdıq') === true);
    expect(reply.text).toContain('Hörmətli Leyla');
    const to = Array.isArray(reply.to) ? reply.to[0] : reply.to;
    expect(to?.value[0]?.address).toBe(customerEmail);
    expect(reply.inReplyTo).toBeTruthy();
  });

  it('leaves an internal note that mentions a colleague', async () => {
    await page.getByTestId('service-composer-note').click();
    await page.getByTestId('service-note-mention').selectOption({ label: 'Aysel Kərimova' });
    await page.getByTestId('service-note-text').pressSequentially('kartı yenidən yoxla, zəhmət olmasa');
    await page.getByTestId('service-note-save').click();
    const note = page.locator('[data-testid="service-event"][data-kind="note"]').first();
    await note.waitFor();
    expect(await note.textContent()).toContain('Aysel Kərimova');
  });

  it('resolves it with root cause and action taken', async () => {
    await page.getByTestId('service-composer-resolve').click();
    await page.getByTestId('service-resolve-root').fill('Kart səhvən bloklanıb');
    await page.getByTestId('service-resolve-action').fill('Blok açıldı, xallar yoxlanıldı');
    await page.getByTestId('service-resolve-category').fill('Bonus kartı');
    await page.getByTestId('service-resolve-save').click();
    await expect.poll(() => page.getByTestId('service-case').getAttribute('data-status')).toBe('resolved');
    await page.getByTestId('service-csat').waitFor();
  });

  it('sends the satisfaction mail, and the customer answers from its link without signing in', async (ctx) => {
    if (!mailRoutes || !CSAT_MAIL_WIRED) ctx.skip();
    const mail = await waitForMail((m) => (m.text ?? '').includes('/csat/') || (typeof m.html === 'string' && m.html.includes('/csat/')));
    const body = `${mail.text ?? ''} ${typeof mail.html === 'string' ? mail.html : ''}`;
    const link = /https?:\/\/[^\s"'<>]+\/csat\/[^\s"'<>?]+\?score=4/.exec(body)?.[0] ?? /https?:\/\/[^\s"'<>]+\/csat\/[^\s"'<>?]+/.exec(body)?.[0];
    expect(link).toBeTruthy();
    const customer = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await customer.newPage();
    await phone.goto((link ?? '').replace(/&amp;/g, '&'));
    await phone.getByTestId('csat-form').waitFor();
    await phone.getByTestId('csat-score-4').click();
    await phone.getByTestId('csat-comment').fill('Tez cavab verdiniz, sağ olun');
    await phone.getByTestId('csat-submit').click();
    await phone.getByTestId('csat-thanks').waitFor();
    await customer.close();
    await page.reload();
    await expect.poll(() => page.getByTestId('service-csat-score').getAttribute('data-score')).toBe('4');
  });

  it('sees the case in the management report and downloads it as PDF and XLSX', async () => {
    await page.getByTestId('nav-service').click();
    await page.getByTestId('service-tab-report').click();
    await page.getByTestId('service-report-actions').waitFor();
    expect(await page.getByTestId('service-report-actions').textContent()).toContain(caseNumber);
    // The demo's own resolved cases carry answers too: the level is an average that now includes this 4.
    if (mailRoutes && CSAT_MAIL_WIRED) expect(Number(await page.getByTestId('service-report-satisfaction').locator('.kpi__value').textContent())).toBeGreaterThan(0);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('service-report-pdf').click()]);
    expect(fs.readFileSync(await pdf.path()).subarray(0, 4).toString()).toBe('%PDF');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('service-report-xlsx').click()]);
    expect(fs.readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe('PK');
  });

  it('takes a message from the public contact form, which needs no login', async () => {
    const visitor = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await visitor.newPage();
    await phone.goto(`${vefa.url}/contact/demo`);
    await phone.getByTestId('contact-form').waitFor();
    expect(phone.url()).toContain('/contact/demo');
    await phone.getByTestId('form-type').selectOption('suggestion');
    await phone.getByTestId('form-name').fill('Rəşad Əliyev');
    await phone.getByTestId('form-email').fill('resad.aliyev@example.az');
    await phone.getByTestId('form-subject').fill('Mağazada özünəxidmət kassası');
    await phone.getByTestId('form-message').fill('Nərimanov filialında özünəxidmət kassası olsa, növbələr azalar.');
    await phone.getByTestId('form-send').click();
    await phone.getByTestId('form-receipt').waitFor({ timeout: 20_000 });
    const number = /[A-Z]+-\d{4}-\d+/.exec((await phone.getByTestId('form-receipt').textContent()) ?? '')?.[0];
    expect(number).toBeTruthy();
    // The satisfaction page is public too: a bad link says so instead of sending the visitor to sign in.
    await phone.goto(`${vefa.url}/csat/not-a-real-token-000`);
    await phone.getByTestId('csat-error').waitFor();
    expect(new URL(phone.url()).pathname).toBe('/csat/not-a-real-token-000');
    await visitor.close();
    await page.getByTestId('service-tab-inbox').click();
    // Found by its number: the inbox is ordered by due time, and a new suggestion is due last.
    await page.getByTestId('service-search').fill(number ?? '');
    await page.locator(`[data-testid="service-case-row"][data-number="${number}"]`).waitFor();
  });
});
