import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startVefa } from './support/vefaServer.ts';

/** A JSON answer as the test reads it (fetch types bodies as unknown). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bodyOf = async (res: Response): Promise<any> => res.json();

let vefa: Awaited<ReturnType<typeof startVefa>>;
let browser: Browser;
let page: Page;
let apiKey = '';
let customerId = '';
let programmeId = '';

/** Signs in through the API as a person and returns a caller that sends the session cookie and CSRF token. */
async function apiSession(email: string) {
  const res = await fetch(`${vefa.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'vefa-demo' }),
  });
  expect(res.status).toBe(200);
  const csrf: string = (await bodyOf(res)).csrfToken;
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (method: string, path: string, body?: unknown) => fetch(`${vefa.url}/api/v1${path}`, {
    method, headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** The till: an API key, as a shop system would call. */
function till(method: string, path: string, body?: unknown) {
  return fetch(`${vefa.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

beforeAll(async () => {
  vefa = await startVefa();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await vefa?.stop();
});

describe('the loyalty specialist', () => {
  it('signs in and opens the loyalty area', async () => {
    await page.goto(vefa.url);
    await page.getByTestId('login-email').fill('loyalty@vefa.local');
    await page.getByTestId('login-password').fill('vefa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('nav-loyalty').click();
    await page.getByTestId('loyalty').waitFor();
  });

  it('creates a programme and its tiers in the web app', async () => {
    await page.getByTestId('loyalty-tab-programmes').click();
    await page.getByTestId('loyalty-programme-new').click();
    await page.getByTestId('loyalty-programme-name').fill('E2E Bonus');
    await page.getByTestId('loyalty-programme-save').click();
    await page.getByTestId('loyalty-programmes').getByText('E2E Bonus').waitFor();
    const programmes = await (await apiSession('loyalty@vefa.local'))('GET', '/loyalty/programmes');
    programmeId = (await bodyOf(programmes)).items.find((p: { name: string }) => p.name === 'E2E Bonus').id;

    await page.getByTestId('loyalty-tab-tiers').click();
    for (const [name, points] of [['Bronze', ''], ['Silver', '100']] as const) {
      await page.getByTestId('loyalty-tier-new').click();
      await page.getByTestId('loyalty-tier-name').fill(name);
      if (points) await page.getByTestId('loyalty-tier-points').fill(points);
      await page.getByTestId('loyalty-tier-save').click();
      await page.getByTestId('loyalty-tiers').getByText(name, { exact: true }).waitFor();
    }
    expect(await page.getByTestId('loyalty-tiers').locator('tbody tr').count()).toBe(2);
  });

  it('writes a rule, sees the server name a bad field, simulates it and saves it', async () => {
    await page.getByTestId('loyalty-tab-rules').click();
    await page.getByTestId('loyalty-rule-new').click();
    await page.getByTestId('loyalty-rule-name').fill('Dairy: 2 points per AZN');
    await page.getByTestId('loyalty-rule-points').fill('2');
    await page.getByTestId('loyalty-rule-perAmount').fill('0');
    await page.getByTestId('loyalty-rule-categories').fill('dairy');
    // A sample basket: 2 × 2.50 AZN of milk (dairy) and 1.20 AZN of bread.
    await page.getByTestId('loyalty-sim-sku-0').fill('MILK');
    await page.getByTestId('loyalty-sim-category-0').fill('dairy');
    await page.getByTestId('loyalty-sim-quantity-0').fill('2');
    await page.getByTestId('loyalty-sim-price-0').fill('2.50');
    await page.getByTestId('loyalty-sim-add-line').click();
    await page.getByTestId('loyalty-sim-sku-1').fill('BREAD');
    await page.getByTestId('loyalty-sim-price-1').fill('1.20');
    await page.getByTestId('loyalty-simulate').click();
    // "per 0 AZN" is refused by the server; the message stands beside that field.
    const perAmountField = page.locator('.field', { has: page.getByTestId('loyalty-rule-perAmount') });
    await perAmountField.locator('.field__error').waitFor();
    expect(await perAmountField.locator('.field__error').textContent()).toMatch(/between 1 and/);

    await page.getByTestId('loyalty-rule-perAmount').fill('1');
    await page.getByTestId('loyalty-simulate').click();
    await page.getByTestId('loyalty-sim-result').waitFor();
    expect(await page.getByTestId('loyalty-sim-total').textContent()).toBe('10');
    expect(await page.getByTestId('loyalty-sim-line-points-0').textContent()).toBe('10');
    expect(await page.getByTestId('loyalty-sim-line-points-1').textContent()).toBe('0');
    expect(await page.getByTestId('loyalty-sim-explanation').textContent()).toContain('Dairy: 2 points per AZN');

    // The JSON view shows the same rule.
    await page.getByTestId('loyalty-rule-mode').getByText('JSON').click();
    const json = JSON.parse(await page.getByTestId('loyalty-rule-json').inputValue());
    expect(json).toMatchObject({ effect: { type: 'pointsPerAmount', points: 2, perMinor: 100 }, lines: { type: 'category', in: ['dairy'] } });
    await page.getByTestId('loyalty-rule-mode').getByText('Form').click();

    await page.getByTestId('loyalty-rule-save').click();
    await page.waitForURL(/\/loyalty\/rules\/[0-9a-f-]{36}$/);
    await page.getByTestId('loyalty-tab-rules').click();
    await page.getByTestId('loyalty-rules').getByRole('link', { name: 'Dairy: 2 points per AZN' }).waitFor();
  });

  it('bulk-generates coupon codes, downloads them once as CSV and checks one', async () => {
    await page.getByTestId('loyalty-tab-coupons').click();
    await page.getByTestId('loyalty-coupon-name').fill('Spring 10%');
    await page.getByTestId('loyalty-coupon-count').fill('5');
    await page.getByTestId('loyalty-coupon-generate').click();
    const codes = page.getByTestId('loyalty-coupon-codes');
    await codes.waitFor();
    const shown = (await codes.locator('li').allTextContents()).map((c) => c.trim());
    expect(shown).toHaveLength(5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loyalty-coupon-download').click()]);
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)).toHaveLength(6);
    for (const code of shown) expect(csv).toContain(code);
    await page.getByTestId('loyalty-coupon-check-code').fill(shown[0] ?? '');
    await page.getByTestId('loyalty-coupon-check-run').click();
    await page.getByTestId('loyalty-coupon-check-ok').waitFor();
    expect(await page.getByTestId('loyalty-coupon-check-ok').textContent()).toContain('10% off');
  });

  it('enrols a customer from the customer page; a till posts a purchase with an API key', async () => {
    const owner = await apiSession('demo@vefa.local');
    const key = await owner('POST', '/api-keys', { name: 'e2e till', scopes: ['customers:read', 'loyalty:read', 'loyalty:transact'] });
    expect(key.status).toBe(201);
    apiKey = (await bodyOf(key)).secret;
    const customers = await till('GET', '/customers?limit=1&kind=person');
    customerId = (await bodyOf(customers)).items[0].id;

    await page.goto(`${vefa.url}/customers/${customerId}`);
    const panel = page.getByTestId('customer-loyalty');
    await panel.waitFor();
    await panel.getByTestId('customer-loyalty-enrol').waitFor();
    const picker = panel.locator('select');
    if (await picker.count()) await picker.selectOption(programmeId);
    await panel.getByTestId('customer-loyalty-enrol').click();
    await panel.getByTestId('customer-loyalty-open').waitFor();

    const purchase = await till('POST', '/loyalty/purchases', {
      externalId: `E2E-${Date.now()}`, member: { customerId, programmeId }, occurredAt: new Date().toISOString(), storeId: 'baku-1', channel: 'store',
      lines: [
        { id: '1', sku: 'MILK', category: 'dairy', quantity: 12, unitPriceMinor: 250 },
        { id: '2', sku: 'BREAD', category: 'bakery', quantity: 1, unitPriceMinor: 120 },
      ],
    });
    expect(purchase.status).toBe(201);
    expect((await bodyOf(purchase)).points).toBe(60);
  });

  it("opens the member's page and sees the points, the tier progress and the ledger", async () => {
    await page.reload();
    await page.getByTestId('customer-loyalty-available').waitFor();
    expect(await page.getByTestId('customer-loyalty-available').textContent()).toBe('60');
    await page.getByTestId('customer-loyalty-open').click();
    await page.getByTestId('loyalty-member').waitFor();
    expect(await page.getByTestId('loyalty-member-available').textContent()).toBe('60');
    const meter = page.getByTestId('loyalty-tier-meter-points');
    await meter.waitFor();
    expect(await meter.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('60');
    expect(await meter.textContent()).toContain('60 of 100');
    expect(await page.getByTestId('loyalty-member-tier').textContent()).toContain('Bronze');
    await page.getByTestId('loyalty-ledger-row').first().waitFor();
    expect(await page.getByTestId('loyalty-ledger').textContent()).toContain('Purchase');
  });

  it('finds the member in the members list by name', async () => {
    const name = (await page.getByTestId('loyalty-member-name').textContent()) ?? '';
    await page.getByTestId('loyalty-tab-members').click();
    await page.getByTestId('loyalty-member-search').fill(name.split(' ')[0] ?? name);
    await page.getByTestId('loyalty-members').getByText(name).waitFor();
  });

  it('serves a member at the till by card number: posts a purchase, then pays with points', async () => {
    const members = await till('GET', `/loyalty/members?customerId=${customerId}&programmeId=${programmeId}`);
    const card: string = (await bodyOf(members)).items[0].cardNumber;
    await page.getByTestId('loyalty-tab-till').click();
    await page.getByTestId('loyalty-till-card').fill(card);
    await page.getByTestId('loyalty-till-find').click();
    const available = page.getByTestId('loyalty-till-available');
    await available.waitFor();
    expect(await available.textContent()).toBe('60');
    // 5.00 AZN of dairy at 2 points per AZN.
    await page.getByTestId('loyalty-till-amount').fill('5,00');
    await page.getByTestId('loyalty-till-category').fill('dairy');
    await page.getByTestId('loyalty-till-post').click();
    await page.getByText('Purchase posted: +10 points').waitFor();
    await available.getByText('70', { exact: true }).waitFor();
    await page.getByTestId('loyalty-till-points').fill('25');
    await page.getByTestId('loyalty-till-burn-save').click();
    await page.getByText('25 points spent').waitFor();
    await available.getByText('45', { exact: true }).waitFor();
  });

  it('shows a viewer the rules without the write actions', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await viewer.goto(`${vefa.url}/login`);
    await viewer.getByTestId('login-email').fill('viewer@vefa.local');
    await viewer.getByTestId('login-password').fill('vefa-demo');
    await viewer.getByTestId('login-submit').click();
    await viewer.getByTestId('nav-loyalty').click();
    await viewer.getByTestId('loyalty-tab-rules').click();
    await viewer.getByTestId('loyalty-rules').waitFor();
    expect(await viewer.getByTestId('loyalty-rule-new').count()).toBe(0);
    await viewer.close();
  });
});
