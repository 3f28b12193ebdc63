import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bonusFor, priceQuote, type PriceList, type PricedProduct } from './pricing.ts';

const widget: PricedProduct = { id: 'p1', sku: 'W-1', name: 'Widget', basePriceMinor: 1000, currency: 'AZN', active: true };
const gadget: PricedProduct = { id: 'p2', sku: 'G-1', name: 'Gadget', basePriceMinor: 5000, currency: 'USD', active: true };
const products = new Map([[widget.id, widget], [gadget.id, gadget]]);
const accountList: PriceList = {
  id: 'l-acc', accountId: 'a1', currency: 'AZN', validFrom: '2026-01-01', validTo: '2026-12-31',
  entries: [{ productId: 'p1', unitPriceMinor: 900, volumeBreaks: [{ minQuantity: 100, unitPriceMinor: 800 }, { minQuantity: 500, discountBp: 2000 }] }],
  discounts: [{ productId: null, minQuantity: 1000, discountBp: 2500 }],
};
const general: PriceList = { id: 'l-gen', accountId: null, currency: 'AZN', validFrom: null, validTo: null, entries: [{ productId: 'p1', unitPriceMinor: 950, volumeBreaks: [] }], discounts: [] };
const quote = (quantity: number, on = '2026-06-01', currency = 'AZN', accountId = 'a1', productId = 'p1') =>
  priceQuote({ accountId, currency, on, lines: [{ productId, quantity }], products, priceLists: [general, accountList] });

describe('priceQuote', () => {
  it('takes the account list, then the volume break with the highest threshold reached', () => {
    const r1 = quote(10);
    expect(r1.ok && r1.lines[0]).toMatchObject({ unitPriceMinor: 900, totalMinor: 9000, source: 'account_price_list', volumeBreakFrom: null });
    const r2 = quote(100);
    expect(r2.ok && r2.lines[0]).toMatchObject({ unitPriceMinor: 800, totalMinor: 80_000, volumeBreakFrom: 100 });
    const r3 = quote(500);
    expect(r3.ok && r3.lines[0]).toMatchObject({ unitPriceMinor: 900, discountBp: 2000, discountMinor: 90_000, totalMinor: 360_000 });
  });
  it('applies the best discount, never both', () => {
    const r = quote(1000);
    expect(r.ok && r.lines[0]).toMatchObject({ discountBp: 2500, totalMinor: 675_000 });
  });
  it('falls back to the general list outside the account list dates, and to another account never', () => {
    expect(quote(10, '2027-01-01').ok && quote(10, '2027-01-01')).toMatchObject({ lines: [{ unitPriceMinor: 950, source: 'general_price_list' }] });
    expect(quote(10, '2026-06-01', 'AZN', 'other')).toMatchObject({ lines: [{ unitPriceMinor: 950 }] });
  });
  it('prices in the quote currency or explains why it cannot', () => {
    expect(quote(2, '2026-06-01', 'USD', 'a1', 'p2')).toMatchObject({ ok: true, totalMinor: 10_000, lines: [{ source: 'base_price' }] });
    expect(quote(2, '2026-06-01', 'EUR')).toMatchObject({ ok: false, errors: [{ index: 0, code: 'no_price_in_currency' }] });
    expect(quote(0)).toMatchObject({ ok: false, errors: [{ code: 'bad_quantity' }] });
    expect(quote(1, '2026-06-01', 'AZN', 'a1', 'nope')).toMatchObject({ ok: false, errors: [{ code: 'unknown_product' }] });
  });
  it('keeps totals as integers equal to subtotal minus discount for any quantity', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), (q) => {
      const r = quote(q);
      if (!r.ok) return false;
      const line = r.lines[0];
      return line !== undefined && Number.isInteger(r.totalMinor) && r.totalMinor === r.subtotalMinor - r.discountMinor && line.totalMinor <= 900 * q;
    }));
  });
  it('never charges more per unit for a larger order', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), (q) => {
      const a = quote(q);
      const b = quote(q + 1);
      return a.ok && b.ok && b.totalMinor / (q + 1) <= a.totalMinor / q + 1e-9;
    }));
  });
});

describe('bonusFor', () => {
  const terms = { basis: 'turnover' as const, period: 'year' as const, tiers: [{ fromMinor: 250_000_00, bonusBp: 300 }, { fromMinor: 100_000_00, bonusBp: 200 }] };
  it('pays the rate of the highest tier reached and says what the next one needs', () => {
    expect(bonusFor(50_000_00, terms)).toEqual({ bonusBp: 0, bonusMinor: 0, nextTier: { fromMinor: 100_000_00, bonusBp: 200, missingMinor: 50_000_00 } });
    expect(bonusFor(120_000_00, terms)).toMatchObject({ bonusBp: 200, bonusMinor: 2_400_00 });
    expect(bonusFor(300_000_00, terms)).toMatchObject({ bonusBp: 300, bonusMinor: 9_000_00, nextTier: null });
  });
});
