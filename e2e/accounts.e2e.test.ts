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
});
