import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startVefa } from './support/vefaServer.ts';

let vefa: Awaited<ReturnType<typeof startVefa>>;
let browser: Browser;
let page: Page;
let csvFile: string;

/**
 * A sales history as a newcomer would bring it: the CDNOW sample (no header; customer, sample id, date,
 * CDs, dollars) turned into a CSV with a header, or, where the shared data is absent, a small
 * generated history with the same shape.
 */
function salesHistory(): string {
  const sample = path.resolve(import.meta.dirname, '../../shared/data/cdnow/CDNOW_sample.txt');
  const lines = ['customer_id,date,amount'];
  if (fs.existsSync(sample)) {
    for (const raw of fs.readFileSync(sample, 'utf8').split(/\r?\n/)) {
      const cells = raw.trim().split(/\s+/);
      if (cells.length >= 5) lines.push(`C${cells[0]},${cells[2]},${cells[4]}`);
    }
  } else {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let c = 1; c <= 800; c++) {
      let day = Math.floor(rnd() * 90);
      const n = 1 + Math.floor(rnd() * rnd() * 12);
      for (let i = 0; i < n && day < 540; i++) {
        const d = new Date(Date.UTC(1997, 0, 1 + day)).toISOString().slice(0, 10);
        lines.push(`C${String(c).padStart(5, '0')},${d},${(5 + rnd() * 60).toFixed(2)}`);
        day += 1 + Math.floor(rnd() * 120);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  vefa = await startVefa();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  csvFile = path.join(os.tmpdir(), `vefa-e2e-sales-${Date.now()}.csv`);
  fs.writeFileSync(csvFile, salesHistory());
});
afterAll(async () => {
  await browser?.close();
  await vefa?.stop();
  if (csvFile) fs.rmSync(csvFile, { force: true });
});

describe('the loyalty specialist in the analytics area', () => {
  it('signs in and finds analytics empty until a history is imported', async () => {
    await page.goto(vefa.url);
    await page.getByTestId('login-email').fill('demo@vefa.local');
    await page.getByTestId('login-password').fill('vefa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('nav-analytics').click();
    await page.getByTestId('analytics').waitFor();
    expect(await page.getByTestId('analytics-rfm-grid').count()).toBe(0);
  });

  it('uploads a sales history, keeps the suggested columns and imports it with progress', async () => {
    const rows = fs.readFileSync(csvFile, 'utf8').trim().split('\n').length - 1;
    await page.getByTestId('analytics-tab-import').click();
    await page.getByTestId('analytics-import-file').setInputFiles(csvFile);
    await page.getByTestId('analytics-import-upload').click();
    await page.getByTestId('analytics-import-columns').waitFor();
    expect(await page.getByTestId('analytics-import-col-customer').inputValue()).toBe('customer_id');
    expect(await page.getByTestId('analytics-import-col-date').inputValue()).toBe('date');
    expect(await page.getByTestId('analytics-import-col-amount').inputValue()).toBe('amount');
    await page.getByTestId('analytics-import-start').click();
    await page.getByTestId('analytics-import-progress').waitFor();
    await page.getByTestId('analytics-import-done').waitFor({ timeout: 120_000 });
    const inserted = Number((await page.getByTestId('analytics-import-inserted').textContent())?.replace(/\D/g, ''));
    expect(inserted).toBeGreaterThan(0);
    expect(inserted).toBeLessThanOrEqual(rows);
    expect(Number((await page.getByTestId('analytics-import-failed').textContent())?.replace(/\D/g, ''))).toBe(0);
  });

  it('refreshes the models, follows the progress and shows the parameters with standard errors', async () => {
    await page.getByTestId('analytics-import-refresh').click();
    await page.getByTestId('analytics-run-progress').waitFor();
    await expect.poll(() => page.getByTestId('analytics-run-progress').getAttribute('data-status'), { timeout: 120_000 }).toBe('done');
    const params = page.getByTestId('analytics-params');
    await params.waitFor();
    for (const name of ['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma']) {
      const cells = await params.getByTestId(`analytics-param-${name}`).locator('td').allTextContents();
      const estimate = Number(cells[0]?.replace(/,/g, ''));
      expect(estimate, name).toBeGreaterThan(0);
      expect(cells[1]?.trim(), `${name} standard error`).not.toBe('—');
    }
    expect(await page.getByTestId('analytics-ll').textContent()).toMatch(/^-[\d,]+\.\d+$/);
    await page.getByTestId('analytics-histogram').locator('canvas').first().waitFor();
    expect(await page.getByTestId('analytics-run-row').count()).toBe(1);
  });

  it('shows the RFM grid and segments, drills down, exports the list and opens a scored customer', async () => {
    await page.getByTestId('analytics-tab-overview').click();
    await page.getByTestId('analytics-rfm-grid').locator('canvas').first().waitFor();
    const high = Number((await page.getByTestId('analytics-churn-high').locator('.kpi__value').textContent())?.replace(/\D/g, ''));
    expect(high).toBeGreaterThanOrEqual(0);
    await page.getByTestId('analytics-segment-champions').locator('button').click();
    const first = page.getByTestId('analytics-drill-row').first();
    await first.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('analytics-drill-export').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toContain('customer_id,external_id,name,rfm_segment');
    expect(csv).toContain('Champions');
    const name = (await first.locator('a').textContent())?.trim() ?? '';
    await first.locator('a').click();
    await page.getByTestId('customer-name').filter({ hasText: name }).waitFor();
    const scores = page.getByTestId('customer-scores');
    await scores.getByTestId('customer-scores-segment').waitFor();
    expect(await scores.getByTestId('customer-scores-segment').textContent()).toContain('Champions');
    expect(await scores.getByTestId('customer-scores-palive').textContent()).toMatch(/^\d+(\.\d)?%$/);
    expect(await scores.getByTestId('customer-scores-clv').textContent()).toMatch(/\d/);
  });
});
