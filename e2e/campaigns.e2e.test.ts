import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startVefa } from './support/vefaServer.ts';
import { startSmtpSink } from '../packages/server/src/modules/service/mail/test/smtpSink.ts';

let vefa: Awaited<ReturnType<typeof startVefa>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let browser: Browser;
let page: Page;
let cookie = '';
let csrf = '';
const TAG = `e2e-cmp-${Date.now().toString(36)}`;
const people: { customerId: string; memberId: string; email: string }[] = [];

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${vefa.url}/api/v1${path}`, {
    method, headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  vefa = await startVefa({ VEFA_SMTP_URL: sink.url });
  const login = await fetch(`${vefa.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@vefa.local', password: 'vefa-demo' }) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const programmes = await call('GET', '/loyalty/programmes');
  const programme = programmes.items[0] ?? await call('POST', '/loyalty/programmes', { name: 'Vəfa bonus', currency: 'AZN' });
  for (let i = 0; i < 12; i++) {
    const email = `${TAG}-${i}@mail.test`;
    const c = await call('POST', '/customers', { firstName: `Kampaniya${i}`, email, language: i % 2 ? 'en' : 'az', tags: [TAG], consents: [{ channel: 'email', granted: true, source: 'e2e' }] });
    const m = await call('POST', '/loyalty/members', { customerId: c.id, programmeId: programme.id });
    people.push({ customerId: c.id, memberId: m.id, email });
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await vefa?.stop();
  await sink?.close();
});

describe('the loyalty specialist runs a measured campaign', () => {
  it('builds a segment with a live count and saves it', async () => {
    await page.goto(vefa.url);
    await page.getByTestId('login-email').fill('demo@vefa.local');
    await page.getByTestId('login-password').fill('vefa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('campaigns-tab-segments').click();
    await page.getByTestId('segment-builder').waitFor();
    await page.getByTestId('condition-value').first().fill(TAG);
    await page.getByTestId('segment-count').filter({ hasText: '12 customers match' }).waitFor();
    await page.getByTestId('segment-add-condition').first().click();
    await page.getByTestId('condition-field').nth(1).selectOption('consent');
    await page.getByTestId('condition-key').fill('email');
    await page.getByTestId('segment-count').filter({ hasText: '12 customers match' }).waitFor();
    await page.getByTestId('segment-json-toggle').click();
    expect(await page.getByTestId('segment-json').inputValue()).toContain(TAG);
    await page.getByTestId('segment-name').fill('E2E engaged');
    await page.getByTestId('segment-save').click();
    await page.getByTestId('segment-list').getByText('E2E engaged').waitFor();
  });

  it('launches a campaign with a control group and mails only the treated customers', async () => {
    await page.getByTestId('campaigns-tab-campaigns').click();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('E2E double points');
    await page.getByTestId('campaign-segment').selectOption({ label: 'E2E engaged' });
    await page.getByTestId('campaign-audience').filter({ hasText: '12' }).waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('campaign-points').fill('150');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('campaign-subject-en').fill('Hello {{firstName}}');
    await page.getByTestId('campaign-body-en').fill('{{points}} bonus points are yours');
    await page.getByTestId('campaign-subject-az').fill('Salam {{firstName}}');
    await page.getByTestId('campaign-body-az').fill('{{points}} bonus sizindir');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('campaign-control').fill('50');
    await page.getByTestId('calc-result').filter({ hasText: /\d/ }).waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('campaign-launch').click();
    await page.getByTestId('campaign-results').waitFor();
    const id = page.url().split('/').pop() ?? '';
    let campaign = await call('GET', `/campaigns/${id}`);
    for (let i = 0; i < 100 && (campaign.counts.audience === 0 || campaign.counts.emailsQueued > 0 || campaign.counts.pending > 0); i++) {
      await new Promise((r) => setTimeout(r, 300));
      campaign = await call('GET', `/campaigns/${id}`);
    }
    expect(campaign.counts.audience).toBe(12);
    expect(campaign.counts.treated).toBeGreaterThan(0);
    expect(campaign.counts.control).toBeGreaterThan(0);
    const mails = await sink.waitFor(campaign.counts.treated);
    expect(mails).toHaveLength(campaign.counts.treated);
    expect(mails.some((m) => /^(Hello|Salam) Kampaniya/.test(m.parsed.subject ?? ''))).toBe(true);
    const audience = await fetch(`${vefa.url}/api/v1/campaigns/${id}/audience`, { headers: { cookie } }).then((r) => r.text());
    const treated = people.filter((p) => audience.includes(p.customerId));
    expect(treated).toHaveLength(campaign.counts.treated);
    expect(new Set(mails.flatMap((m) => m.envelopeTo))).toEqual(new Set(treated.map((p) => p.email)));
    (globalThis as Record<string, unknown>).e2eCampaign = { id, treated };
  });

  it('posts purchases through the API and shows the measured result with its verdict', async () => {
    const { id, treated } = (globalThis as Record<string, unknown>).e2eCampaign as { id: string; treated: typeof people };
    for (const [i, p] of treated.entries()) {
      await call('POST', '/loyalty/purchases', { externalId: `e2e-${TAG}-${i}`, member: { memberId: p.memberId }, occurredAt: new Date().toISOString(), lines: [{ id: '1', sku: 'MILK', category: 'dairy', quantity: 2, unitPriceMinor: 1500 }] });
    }
    await page.getByTestId('results-refresh').click();
    await page.getByTestId('group-treated').filter({ hasText: String(treated.length) }).waitFor();
    await page.getByTestId('ci-conversion').waitFor();
    await page.getByTestId('ci-revenue').waitFor();
    const verdict = await page.getByTestId('verdict').getAttribute('data-verdict');
    expect(['worked_profitable', 'worked_unprofitable', 'not_significant_yet', 'too_early']).toContain(verdict);
    expect(await page.getByTestId('verdict').textContent()).toMatch(/\w+/);
    await page.getByTestId('results-chart').waitFor();
    const results = await call('GET', `/campaigns/${id}/results`);
    expect(results.window.treated.revenueMinor).toBe(3000 * treated.length);
    expect(results.window.control.converted).toBe(0);
  });
});
