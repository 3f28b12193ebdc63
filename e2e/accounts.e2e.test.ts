import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startVefa } from './support/vefaServer.ts';

let vefa: Awaited<ReturnType<typeof startVefa>>;
let browser: Browser;
let page: Page;
let dealUrl = '';

beforeAll(async () => {
  vefa = await startVefa();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 960 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await vefa?.stop();
});

/** The key account manager of the demo workspace, from the board to the monthly report. */
/** The demo owner in a browser of their own: products and market segments are the admins' to keep. */
async function signInAsAdmin() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
  const admin = await context.newPage();
  await admin.goto(vefa.url);
  await admin.getByTestId('login-email').fill('demo@vefa.local');
  await admin.getByTestId('login-password').fill('vefa-demo');
  await admin.getByTestId('login-submit').click();
  await admin.getByTestId('lang-switch').selectOption('en');
  return { context, admin };
}

describe('the key account manager', () => {
  it('signs in and sees the work-cycle board of the demo accounts', async () => {
    await page.goto(vefa.url);
    await page.getByTestId('login-email').fill('kam@vefa.local');
    await page.getByTestId('login-password').fill('vefa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('accounts-table').waitFor();
    await page.getByTestId('accounts-tab-board').click();
    await page.getByTestId('kanban').waitFor();
    expect(await page.getByTestId('kanban').locator('section').count()).toBe(10);
    expect(await page.getByTestId('stage-prospect').getAttribute('aria-label')).toBe('Prospect');
  });

  it('drags a deal from one stage to the next, and the move is kept', async () => {
    const from = page.getByTestId('stage-prospect');
    const to = page.getByTestId('stage-appointment');
    const card = from.getByTestId('deal-card').first();
    const dealId = await card.getAttribute('data-deal');
    expect(dealId).toBeTruthy();
    const before = Number(await to.getByTestId('stage-count').textContent());
    // Drop on the top of the column, level with the card: no scrolling in the middle of the drag.
    await card.dragTo(to, { targetPosition: { x: 60, y: 30 } });
    await to.locator(`[data-deal="${dealId}"]`).waitFor();
    await expect.poll(async () => Number(await to.getByTestId('stage-count').textContent())).toBe(before + 1);
    await page.reload();
    await page.getByTestId('stage-appointment').locator(`[data-deal="${dealId}"]`).waitFor();
    expect(await page.getByTestId('stage-prospect').locator(`[data-deal="${dealId}"]`).count()).toBe(0);
    await page.getByTestId('stage-appointment').locator(`[data-deal="${dealId}"] a`).first().click();
    await page.getByTestId('deal-page').waitFor();
    dealUrl = page.url();
    expect(await page.getByTestId('stage-history').locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('next-step').isVisible()).toBe(true);
  });

  it('logs a meeting on the deal', async () => {
    await page.getByTestId('activity-kind').selectOption('meeting');
    await page.getByTestId('activity-subject').fill('Needs workshop at the head office');
    await page.getByTestId('activity-when').fill('2026-12-03T10:00');
    await page.getByTestId('activity-submit').click();
    await page.getByTestId('deal-activities').getByText('Needs workshop at the head office').waitFor();
  });

  it('creates a quote PDF, converts it into a contract and places an order', async () => {
    await page.getByTestId('quote-create').click();
    const pdfLink = page.getByTestId('quote-pdf').first();
    await pdfLink.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    const pdf = fs.readFileSync((await download.path()) ?? '');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByTestId('contract-open').first().click();
    await page.getByTestId('contract-title').fill('Supply agreement 2027');
    await page.getByTestId('contract-ends').fill('2027-12-31');
    await page.getByTestId('contract-submit').click();
    const contract = page.getByTestId('contract');
    await contract.getByText('Supply agreement 2027').waitFor();
    await contract.getByTestId('order-create').click();
    const order = contract.getByTestId('order').first();
    await order.waitFor();
    expect(await order.getByTestId('order-status').textContent()).toBe('received');
    await order.getByTestId('order-advance').click();
    await expect.poll(() => order.getByTestId('order-status').textContent()).toBe('confirmed');
    expect(page.url()).toBe(dealUrl);
  });

  it('sees the monthly report with its pipeline chart and exports', async () => {
    await page.getByTestId('accounts-tab-report').click();
    await page.getByTestId('report-kpis').waitFor();
    await page.getByTestId('report-pipeline-chart').locator('canvas').first().waitFor();
    const meetings = Number((await page.getByTestId('kpi-meetings').locator('.kpi__value').textContent())?.replace(/\D/g, ''));
    expect(meetings).toBeGreaterThan(0);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
    expect(fs.readFileSync((await xlsx.path()) ?? '').subarray(0, 2).toString()).toBe('PK');
  });

  it('makes a price list with volume breaks, validity and currency, then edits its breaks and gives it a year-end bonus', async () => {
    await page.getByTestId('accounts-tab-catalogue').click();
    await page.getByTestId('products-table').locator('[data-sku="KAS-100"]').waitFor();
    // An account manager keeps price lists; products are the admins' (no product form here).
    expect(await page.getByTestId('product-form').count()).toBe(0);
    await page.getByTestId('price-list-new').click();
    const form = page.getByTestId('price-list-form');
    await form.getByTestId('price-list-name').fill('E2E wholesale');
    await form.getByTestId('price-list-currency').selectOption('AZN');
    await form.getByTestId('price-list-from').fill('2026-01-01');
    await form.getByTestId('price-list-to').fill('2027-06-30');
    const kas = await page.getByTestId('products-table').locator('[data-sku="KAS-100"]').locator('td').nth(1).textContent();
    await form.getByTestId('entry-product').selectOption({ label: `KAS-100 · ${kas ?? ''}` });
    await form.getByTestId('entry-add').click();
    const entry = form.locator('[data-testid="price-entry"][data-sku="KAS-100"]');
    await entry.getByTestId('entry-price').fill('420');
    await entry.getByTestId('break-add').click();
    await entry.getByTestId('break-add').click();
    const breaks = entry.getByTestId('volume-break');
    await breaks.nth(0).getByTestId('break-quantity').fill('10');
    await breaks.nth(0).getByTestId('break-value').fill('400');
    await breaks.nth(1).getByTestId('break-quantity').fill('50');
    await breaks.nth(1).getByTestId('break-kind').selectOption('discount');
    await breaks.nth(1).getByTestId('break-value').fill('12.5');
    await form.getByTestId('price-list-submit').click();
    const row = page.locator('[data-testid="price-list-row"][data-name="E2E wholesale"]');
    await row.waitFor();
    expect(await row.getByTestId('price-list-summary').textContent()).toBe('1 prices · 2 volume breaks');

    await row.getByTestId('price-list-edit').click();
    const edit = page.getByTestId('price-list-form');
    await edit.getByTestId('price-list-to').fill('2025-12-31');
    expect(await edit.getByTestId('price-list-submit').isDisabled()).toBe(true);
    await edit.getByText('The end is before the start').waitFor();
    await edit.getByTestId('price-list-to').fill('2027-12-31');
    const editBreaks = edit.locator('[data-testid="price-entry"][data-sku="KAS-100"]').getByTestId('volume-break');
    await editBreaks.nth(0).getByTestId('break-value').fill('390');
    await editBreaks.nth(1).getByRole('button').click();
    // A year-end bonus on turnover: 2.5 % from 100,000 AZN; a bad percentage is refused beside its field.
    await edit.getByTestId('bonus-period').selectOption('year');
    const tier = edit.getByTestId('bonus-tier').first();
    await tier.getByTestId('bonus-from').fill('100000');
    await tier.getByTestId('bonus-percent').fill('250');
    expect(await edit.getByTestId('price-list-submit').isDisabled()).toBe(true);
    await tier.getByTestId('bonus-percent').fill('2.5');
    await edit.getByTestId('price-list-submit').click();
    await expect.poll(() => row.getByTestId('price-list-summary').textContent()).toContain('1 prices · 1 volume breaks');
    expect(await row.getByTestId('price-list-bonus').textContent()).toContain('→ 2.50%');
    const saved = (await (await page.request.get(`${vefa.url}/api/v1/accounts/price-lists`)).json()).items
      .find((l: { name: string }) => l.name === 'E2E wholesale');
    expect(saved).toMatchObject({ currency: 'AZN', validFrom: '2026-01-01', validTo: '2027-12-31', accountId: null });
    expect(saved.entries).toEqual([{ productId: expect.any(String), unitPriceMinor: 42_000, volumeBreaks: [{ minQuantity: 10, unitPriceMinor: 39_000 }] }]);
    expect(saved.bonusTerms).toEqual({ basis: 'turnover', period: 'year', tiers: [{ fromMinor: 10_000_000, bonusBp: 250 }] });
  });

  it('lets an admin add a product and change its base price', async () => {
    const { context, admin } = await signInAsAdmin();
    await admin.getByTestId('nav-accounts').click();
    await admin.getByTestId('accounts-tab-catalogue').click();
    const form = admin.getByTestId('product-form');
    await form.getByTestId('product-sku').fill('E2E-1');
    await form.getByTestId('product-name').fill('Self-checkout kiosk');
    await form.getByTestId('product-unit').fill('pcs');
    await form.getByTestId('product-price').fill('2500');
    await form.getByTestId('product-currency').selectOption('USD');
    await form.getByTestId('product-submit').click();
    const row = admin.locator('[data-testid="product-row"][data-sku="E2E-1"]');
    await row.waitFor();
    await row.getByTestId('product-edit').click();
    const edit = admin.getByTestId('product-edit-form');
    await edit.getByTestId('product-price').fill('2450.50');
    await edit.getByTestId('product-submit').click();
    await expect.poll(async () => (await row.locator('td').nth(3).textContent())?.replace(/\s/g, '')).toMatch(/2,450\.50/);
    await context.close();
  });

  it('adds a competitor with its SWOT and price positioning, sees it listed, and edits it', async () => {
    await page.getByTestId('accounts-tab-market').click();
    await page.getByTestId('market').waitFor();
    await page.getByTestId('competitor-new').click();
    const form = page.getByTestId('competitor-form');
    await form.getByTestId('competitor-name').fill('E2E Rival MMC');
    await form.getByTestId('competitor-price-position').selectOption('lower');
    await form.getByTestId('competitor-strengths-input').fill('Low prices\n\nWide network');
    await form.getByTestId('competitor-threats-input').fill('Price war in Gəncə');
    await form.getByTestId('competitor-submit').click();
    const card = page.locator('[data-testid="competitor"][data-name="E2E Rival MMC"]');
    await card.waitFor();
    expect(await card.getByTestId('competitor-strengths').textContent()).toBe('Low prices; Wide network');
    await card.getByText('cheaper than us').waitFor();

    await card.getByTestId('competitor-edit').click();
    const edit = page.getByTestId('competitor-form');
    await edit.getByTestId('competitor-weaknesses-input').fill('Slow delivery');
    await edit.getByTestId('competitor-submit').click();
    await expect.poll(() => card.getByTestId('competitor-weaknesses').textContent()).toBe('Slow delivery');
    // The fields not touched are kept.
    expect(await card.getByTestId('competitor-threats').textContent()).toBe('Price war in Gəncə');
    await page.reload();
    await page.locator('[data-testid="competitor"][data-name="E2E Rival MMC"]').getByText('Slow delivery').waitFor();
  });

  it('edits the account plan and adds a contact to the relationship map, both kept after a reload', async () => {
    await page.getByTestId('accounts-tab-accounts').click();
    await page.getByTestId('accounts-table').locator('tbody a').first().click();
    await page.getByTestId('account-page').waitFor();
    await page.getByTestId('plan-edit').click();
    const plan = page.getByTestId('plan-form');
    await plan.getByTestId('plan-goals-input').fill('Win the 2027 tender\nOpen three new branches');
    await plan.getByTestId('plan-strategy-input').fill('Service first, individual prices');
    await plan.getByTestId('plan-submit').click();
    await page.getByTestId('plan-goals').getByText('Win the 2027 tender').waitFor();

    await page.getByTestId('map-add').click();
    const add = page.getByTestId('map-add-form');
    await add.getByTestId('map-person-select').selectOption('new');
    await add.getByTestId('map-first-name').fill('Leyla');
    await add.getByTestId('map-last-name').fill('Hüseynova');
    await add.getByTestId('map-role').selectOption('decision_maker');
    await add.getByTestId('map-title').fill('Finance director');
    await add.getByTestId('map-influence').selectOption('5');
    await add.getByTestId('map-attitude').selectOption('supporter');
    await add.getByTestId('map-add-submit').click();
    const person = page.locator('[data-testid="map-person"][data-name="Leyla Hüseynova"]');
    await person.waitFor();

    await page.reload();
    await page.getByTestId('account-page').waitFor();
    expect(await page.getByTestId('plan-goals').locator('li').allTextContents()).toEqual(['Win the 2027 tender', 'Open three new branches']);
    expect(await page.getByTestId('plan-strategy').textContent()).toBe('Service first, individual prices');
    expect(await person.getByTestId('map-person-role').textContent()).toBe('Decision maker · supporter');
    expect(await person.getByText('Finance director').count()).toBe(1);
    expect(await page.getByTestId('plan-decision-makers').textContent()).toContain('Leyla Hüseynova (Decision maker)');

    // Change her place on the map: role and attitude, kept like the rest.
    await person.getByTestId('map-person-edit').click();
    const edit = page.getByTestId('map-person-form');
    await edit.getByTestId('map-role').selectOption('economic_buyer');
    await edit.getByTestId('map-attitude').selectOption('neutral');
    await edit.getByTestId('map-submit').click();
    await expect.poll(() => person.getByTestId('map-person-role').textContent()).toBe('Economic buyer · neutral');
  });

  it('lets an admin add a market segment with size and potential, and change its size', async () => {
    const { context, admin } = await signInAsAdmin();
    await admin.getByTestId('nav-accounts').click();
    await admin.getByTestId('accounts-tab-market').click();
    await admin.getByTestId('segment-new').click();
    const form = admin.getByTestId('segment-form');
    await form.getByTestId('segment-name').fill('E2E Hotels');
    await form.getByTestId('segment-size').fill('many');
    await form.getByText('Write the number of companies as a whole number').waitFor();
    expect(await form.getByTestId('segment-submit').isDisabled()).toBe(true);
    await form.getByTestId('segment-size').fill('45');
    await form.getByTestId('segment-potential').fill('1200000');
    await form.getByTestId('segment-submit').click();
    const row = admin.locator('[data-testid="segment-row"][data-name="E2E Hotels"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('45');
    await row.getByTestId('segment-edit').click();
    await admin.getByTestId('segment-form').getByTestId('segment-size').fill('60');
    await admin.getByTestId('segment-form').getByTestId('segment-submit').click();
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('60');
    const saved = (await (await admin.request.get(`${vefa.url}/api/v1/accounts/segments`)).json()).items.find((x: { name: string }) => x.name === 'E2E Hotels');
    expect(saved).toMatchObject({ sizeCompanies: 60, potential: { amountMinor: 120_000_000, currency: 'AZN' } });
    await context.close();
  });

  it('puts an account in that market segment with its tier, industry and potential, kept after a reload', async () => {
    await page.getByTestId('accounts-tab-accounts').click();
    await page.getByTestId('accounts-table').locator('tbody a').nth(1).click();
    await page.getByTestId('account-page').waitFor();
    // The segment was made by the admin in another browser a moment ago: load the page afresh.
    await page.reload();
    await page.getByTestId('account-details-edit').click();
    const form = page.getByTestId('account-details-form');
    await form.getByTestId('account-tier').selectOption('strategic');
    await form.getByTestId('account-industry').fill('Hotels');
    await form.getByTestId('account-segment-select').selectOption({ label: 'E2E Hotels' });
    await form.getByTestId('account-potential').fill('abc');
    expect(await form.getByTestId('account-details-save').isDisabled()).toBe(true);
    await form.getByTestId('account-potential').fill('250000');
    await form.getByTestId('account-details-save').click();
    await page.getByTestId('account-details-form').waitFor({ state: 'detached' });
    await page.reload();
    await expect.poll(() => page.getByTestId('account-segment').textContent()).toBe('E2E Hotels');
    const accountId = page.url().split('/').pop() ?? '';
    const view = await (await page.request.get(`${vefa.url}/api/v1/accounts/${accountId}`)).json();
    expect(view.account).toMatchObject({ tier: 'strategic', industry: 'Hotels', annualPotential: { amountMinor: 25_000_000, currency: 'AZN' } });
  });
});
