import { percentOf } from './money.ts';

/**
 * Individual prices, the seed's "özel koşullara göre fiyatların oluşumu":
 * an account's own price list beats the general one, a volume break beats the
 * list price, and the best discount rule applies (discounts do not stack, so a
 * quote never sells below what someone agreed to). All amounts are integer
 * minor units in the quote's currency.
 */
export interface PricedProduct { id: string; sku: string; name: string; basePriceMinor: number; currency: string; active: boolean }
/** From `minQuantity` units a line gets this unit price, or this discount off the list price (basis points, 1 % = 100). */
export interface VolumeBreak { minQuantity: number; unitPriceMinor?: number | null; discountBp?: number | null }
export interface PriceListEntry { productId: string; unitPriceMinor: number; volumeBreaks: VolumeBreak[] }
/** A percentage off every product (productId null) or one product, from a quantity. */
export interface DiscountRule { productId: string | null; minQuantity: number; discountBp: number }
export interface PriceList {
  id: string;
  /** null: the general list every account gets unless its own list has the product. */
  accountId: string | null;
  currency: string;
  /** Inclusive calendar days (YYYY-MM-DD); null is open-ended. */
  validFrom: string | null;
  validTo: string | null;
  entries: PriceListEntry[];
  discounts: DiscountRule[];
}
export interface QuoteLineRequest { productId: string; quantity: number }
export type PriceSource = 'account_price_list' | 'general_price_list' | 'base_price';
export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** Unit price before the volume break. */
  listUnitPriceMinor: number;
  unitPriceMinor: number;
  discountBp: number;
  discountMinor: number;
  totalMinor: number;
  source: PriceSource;
  priceListId: string | null;
  volumeBreakFrom: number | null;
}
export interface PricingError { index: number; code: 'unknown_product' | 'inactive_product' | 'no_price_in_currency' | 'bad_quantity'; message: string }
export type PricingResult =
  | { ok: true; currency: string; lines: PricedLine[]; subtotalMinor: number; discountMinor: number; totalMinor: number }
  | { ok: false; errors: PricingError[] };

export function isValidOn(list: Pick<PriceList, 'validFrom' | 'validTo'>, on: string): boolean {
  return (list.validFrom === null || list.validFrom <= on) && (list.validTo === null || on <= list.validTo);
}

/** The lists that apply to this account on this day in this currency, most specific first, newest first. */
export function applicableLists(lists: readonly PriceList[], accountId: string, currency: string, on: string): PriceList[] {
  return lists
    .filter((l) => l.currency === currency && isValidOn(l, on) && (l.accountId === null || l.accountId === accountId))
    .sort((a, b) => Number(b.accountId !== null) - Number(a.accountId !== null) || (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
}

function breakFor(entry: PriceListEntry, quantity: number): VolumeBreak | null {
  let best: VolumeBreak | null = null;
  for (const b of entry.volumeBreaks) if (b.minQuantity <= quantity && (!best || b.minQuantity > best.minQuantity)) best = b;
  return best;
}

export function priceQuote(input: {
  accountId: string;
  currency: string;
  on: string;
  lines: readonly QuoteLineRequest[];
  products: ReadonlyMap<string, PricedProduct>;
  priceLists: readonly PriceList[];
}): PricingResult {
  const lists = applicableLists(input.priceLists, input.accountId, input.currency, input.on);
  const errors: PricingError[] = [];
  const lines: PricedLine[] = [];
  input.lines.forEach((request, index) => {
    const product = input.products.get(request.productId);
    if (!Number.isSafeInteger(request.quantity) || request.quantity <= 0) {
      errors.push({ index, code: 'bad_quantity', message: 'Quantity must be a whole number above zero' });
      return;
    }
    if (!product) { errors.push({ index, code: 'unknown_product', message: 'No such product' }); return; }
    if (!product.active) { errors.push({ index, code: 'inactive_product', message: `${product.name} is no longer sold` }); return; }
    const hit = lists.map((list) => ({ list, entry: list.entries.find((e) => e.productId === product.id) })).find((h) => h.entry);
    let listUnit: number;
    let source: PriceSource;
    let unit: number;
    let breakBp = 0;
    let breakFrom: number | null = null;
    if (hit?.entry) {
      listUnit = hit.entry.unitPriceMinor;
      source = hit.list.accountId ? 'account_price_list' : 'general_price_list';
      unit = listUnit;
      const b = breakFor(hit.entry, request.quantity);
      if (b) {
        breakFrom = b.minQuantity;
        if (b.unitPriceMinor !== null && b.unitPriceMinor !== undefined) unit = b.unitPriceMinor;
        else breakBp = b.discountBp ?? 0;
      }
    } else if (product.currency === input.currency) {
      listUnit = product.basePriceMinor;
      unit = listUnit;
      source = 'base_price';
    } else {
      errors.push({ index, code: 'no_price_in_currency', message: `${product.name} has no price in ${input.currency} on ${input.on}` });
      return;
    }
    const ruleBp = Math.max(0, ...lists.flatMap((l) => l.discounts)
      .filter((d) => (d.productId === null || d.productId === product.id) && d.minQuantity <= request.quantity)
      .map((d) => d.discountBp));
    const discountBp = Math.min(10_000, Math.max(breakBp, ruleBp));
    const gross = unit * request.quantity;
    const discountMinor = percentOf(gross, discountBp);
    lines.push({
      productId: product.id, sku: product.sku, name: product.name, quantity: request.quantity, listUnitPriceMinor: listUnit,
      unitPriceMinor: unit, discountBp, discountMinor, totalMinor: gross - discountMinor, source,
      priceListId: hit?.list.id ?? null, volumeBreakFrom: breakFrom,
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  const subtotalMinor = lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const discountMinor = lines.reduce((s, l) => s + l.discountMinor, 0);
  return { ok: true, currency: input.currency, lines, subtotalMinor, discountMinor, totalMinor: subtotalMinor - discountMinor };
}

/** A bonus written into a contract: e.g. 2 % of the year's turnover from 100,000 AZN, 3 % from 250,000. */
export interface BonusTerms { basis: 'turnover'; period: 'year' | 'quarter'; tiers: { fromMinor: number; bonusBp: number }[] }

export function bonusFor(turnoverMinor: number, terms: BonusTerms) {
  const tiers = [...terms.tiers].sort((a, b) => a.fromMinor - b.fromMinor);
  const reached = tiers.filter((t) => turnoverMinor >= t.fromMinor).at(-1) ?? null;
  const next = tiers.find((t) => turnoverMinor < t.fromMinor) ?? null;
  return {
    bonusBp: reached?.bonusBp ?? 0,
    bonusMinor: reached ? percentOf(turnoverMinor, reached.bonusBp) : 0,
    nextTier: next ? { fromMinor: next.fromMinor, bonusBp: next.bonusBp, missingMinor: next.fromMinor - turnoverMinor } : null,
  };
}
