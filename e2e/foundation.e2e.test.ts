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

beforeAll(async () => {
  vefa = await startVefa();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});
afterAll(async () => {
  await browser?.close();
  await vefa?.stop();
});

async function signIn() {
  await page.goto(vefa.url);
  await page.getByTestId('login-email').fill('demo@vefa.local');
  await page.getByTestId('login-password').fill('vefa-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-customers').waitFor();
}

describe('a newcomer in the browser', () => {
  it('prints the URL and the demo login at first start', () => {
    expect(vefa.output()).toContain('demo@vefa.local / vefa-demo');
  });

  it('signs in, finds a customer, opens the 360 page and adds a note', async () => {
    await signIn();
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('Eliyev');
    // Every row shown is a match once the search has answered (ə typed as e).
    const row = page.getByTestId('customer-row').filter({ hasText: /Əliyev|Əliyeva/ }).first();
    await row.waitFor();
    await expect.poll(async () => (await page.getByTestId('customer-row').allTextContents()).every((t) => /əliyev/i.test(t))).toBe(true);
    await row.click();
    await page.getByTestId('timeline-add-summary').waitFor();
    const note = `E2E qeyd ${Date.now()}`;
    await page.getByTestId('timeline-add-summary').fill(note);
    await page.getByTestId('timeline-add-submit').click();
    await page.getByTestId('timeline-entry').filter({ hasText: note }).first().waitFor();
  });

  it('switches the whole interface between az, tr and en', async () => {
    const navText = () => page.getByTestId('nav-customers').textContent();
    await page.getByTestId('lang-switch').selectOption('az');
    await expect.poll(navText).toContain('Müştərilər');
    await page.getByTestId('lang-switch').selectOption('tr');
    await expect.poll(navText).toContain('Müşteriler');
    await page.getByTestId('lang-switch').selectOption('en');
    await expect.poll(navText).toContain('Customers');
    await page.getByTestId('lang-switch').selectOption('az');
  });

  it('imports a CSV with a dry run, an error report and progress', async () => {
    const lines = ['external_id,first_name,last_name,email,phone'];
    for (let i = 0; i < 3000; i++) lines.push(`E2E-${i},Test${i},İdxal,e2e${i}@mail.az,+99450${String(2000000 + i)}`);
    lines.push('E2E-BAD,Bad,Row,not-an-email,+994501111111');
    const file = path.join(os.tmpdir(), `vefa-e2e-${Date.now()}.csv`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-dryrun').click();
    await page.getByText('not-an-email').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-progress').waitFor();
    await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-done').textContent()).toMatch(/3[.,\s\u00a0]?000/);
    fs.rmSync(file);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('E2E-2999');
    await page.getByTestId('customer-row').first().waitFor();
  });
});
