import type { LocalDate } from './time.ts';

/** One line of a till receipt or web order. Money in integer minor units of the purchase currency. */
export interface PurchaseLine {
  readonly id: string;
  readonly sku: string;
  readonly category?: string;
  readonly brand?: string;
  /** Whole units sold (weighted goods are sent as quantity 1). */
  readonly quantity: number;
  readonly unitPriceMinor: number;
  /** Discount on the whole line, minor units. */
  readonly discountMinor?: number;
  /** False for lines that never earn, e.g. gift cards. */
  readonly earnable?: boolean;
}

export interface Purchase {
  readonly id: string;
  readonly currency: string;
  readonly occurredAt: number;
  readonly storeId?: string;
  readonly channel?: string;
  readonly lines: readonly PurchaseLine[];
  /** Part of the bill paid with points: it earns nothing (minor units). */
  readonly paidWithPointsMinor?: number;
}

/** What the earning rules may ask about the member. */
export interface MemberFacts {
  readonly id: string;
  readonly tierId?: string;
  readonly segmentIds: readonly string[];
  readonly tags: readonly string[];
  readonly joinedOn: LocalDate;
  /** 1–12, when the member told us. */
  readonly birthMonth?: number;
}

/** Net amount of a line: quantity × unit price − discount, never below zero. */
export function lineAmountMinor(line: PurchaseLine): number {
  return Math.max(0, line.quantity * line.unitPriceMinor - (line.discountMinor ?? 0));
}

export function purchaseAmountMinor(purchase: Purchase): number {
  let sum = 0;
  for (const line of purchase.lines) sum += lineAmountMinor(line);
  return sum;
}
