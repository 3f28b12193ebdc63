import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';
import { CurrencyCode, MinorAmount, AccountsMoney } from './accounts.ts';

export const Product = z.object({
  id: Uuid, sku: z.string(), name: z.string(), unit: z.string(), basePrice: AccountsMoney, active: z.boolean(),
});
export type Product = z.infer<typeof Product>;
export const ProductCreate = z.strictObject({
  sku: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(200),
  unit: z.string().trim().min(1).max(20).default('pcs'),
  basePrice: z.strictObject({ amountMinor: MinorAmount, currency: CurrencyCode }),
});
export const ProductUpdate = ProductCreate.partial().extend({ active: z.boolean().optional() }).strict();

const Bp = z.number().int().min(0).max(10_000).describe('Basis points: 1 % = 100');
export const VolumeBreak = z.strictObject({
  minQuantity: z.number().int().min(2),
  unitPriceMinor: MinorAmount.nullable().optional(),
  discountBp: Bp.nullable().optional(),
});
export const PriceListEntry = z.strictObject({ productId: Uuid, unitPriceMinor: MinorAmount, volumeBreaks: z.array(VolumeBreak).max(20).default([]) });
export const DiscountRule = z.strictObject({ productId: Uuid.nullable(), minQuantity: z.number().int().min(1).default(1), discountBp: Bp });
export const BonusTerms = z.strictObject({
  basis: z.literal('turnover'), period: z.enum(['year', 'quarter']),
  tiers: z.array(z.strictObject({ fromMinor: MinorAmount, bonusBp: Bp })).min(1).max(10),
});

export const PriceList = z.object({
  id: Uuid,
  name: z.string(),
  accountId: Uuid.nullable(),
  currency: CurrencyCode,
  validFrom: IsoDate.nullable(),
  validTo: IsoDate.nullable(),
  entries: z.array(PriceListEntry),
  discounts: z.array(DiscountRule),
  bonusTerms: BonusTerms.nullable(),
  createdAt: IsoDateTime,
});
export type PriceList = z.infer<typeof PriceList>;
export const PriceListCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  accountId: Uuid.nullable().optional().describe('Omit for the general list'),
  currency: CurrencyCode,
  validFrom: IsoDate.nullable().optional(),
  validTo: IsoDate.nullable().optional(),
  entries: z.array(PriceListEntry).max(5000).default([]),
  discounts: z.array(DiscountRule).max(100).default([]),
  bonusTerms: BonusTerms.nullable().optional(),
});
export type PriceListCreate = z.infer<typeof PriceListCreate>;
/** Changing a list changes the prices of quotes made from now on; quotes already made keep their lines. */
// Listed without defaults: a default inside .partial() would still be filled in and reset what a PATCH left out.
export const PriceListUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  currency: CurrencyCode,
  validFrom: IsoDate.nullable(),
  validTo: IsoDate.nullable(),
  entries: z.array(PriceListEntry).max(5000),
  discounts: z.array(DiscountRule).max(100),
  bonusTerms: BonusTerms.nullable(),
}).partial();
export type PriceListUpdate = z.infer<typeof PriceListUpdate>;

export const QuoteLine = z.object({
  productId: Uuid, sku: z.string(), name: z.string(), quantity: z.number().int(),
  listUnitPriceMinor: z.number().int(), unitPriceMinor: z.number().int(), discountBp: z.number().int(), discountMinor: z.number().int(),
  totalMinor: z.number().int(), source: z.enum(['account_price_list', 'general_price_list', 'base_price']),
  priceListId: Uuid.nullable(), volumeBreakFrom: z.number().int().nullable(),
});
export const QuoteStatus = z.enum(['draft', 'sent', 'accepted', 'rejected']);
export const Quote = z.object({
  id: Uuid, number: z.string(), dealId: Uuid, accountId: Uuid, currency: CurrencyCode, pricedOn: IsoDate,
  lines: z.array(QuoteLine), subtotalMinor: z.number().int(), discountMinor: z.number().int(), totalMinor: z.number().int(),
  status: QuoteStatus, validUntil: IsoDate.nullable(), language: z.enum(['az', 'tr', 'en']), createdAt: IsoDateTime, sentAt: IsoDateTime.nullable(),
});
export type Quote = z.infer<typeof Quote>;
export const QuoteCreate = z.strictObject({
  dealId: Uuid,
  currency: CurrencyCode.optional().describe("Defaults to the deal's currency"),
  pricedOn: IsoDate.optional().describe('Price-list day; defaults to today'),
  lines: z.array(z.strictObject({ productId: Uuid, quantity: z.number().int().min(1).max(10_000_000) })).min(1).max(200).optional().describe("Defaults to the deal's products"),
  validUntil: IsoDate.nullable().optional(),
  language: z.enum(['az', 'tr', 'en']).default('az'),
});
export const QuoteStatusChange = z.strictObject({ status: QuoteStatus });

export const ContractStatus = z.enum(['draft', 'active', 'expired', 'terminated']);
export const Contract = z.object({
  id: Uuid, number: z.string(), accountId: Uuid, dealId: Uuid.nullable(), quoteId: Uuid.nullable(), title: z.string(), terms: z.string(),
  value: AccountsMoney, startsOn: IsoDate, endsOn: IsoDate.nullable(), renewalOn: IsoDate.nullable(), reminderDays: z.number().int(),
  status: ContractStatus, priceListId: Uuid.nullable(), bonusTerms: BonusTerms.nullable(), renewalRemindedAt: IsoDateTime.nullable(),
  documents: z.array(z.object({ id: Uuid, fileName: z.string(), contentType: z.string(), size: z.number().int(), createdAt: IsoDateTime })),
  createdAt: IsoDateTime,
});
export type Contract = z.infer<typeof Contract>;
export const ContractCreate = z.strictObject({
  accountId: Uuid.optional().describe('Required without a quote'),
  quoteId: Uuid.optional().describe('Convert an accepted or sent quote: value, lines and deal come from it'),
  title: z.string().trim().min(1).max(300),
  terms: z.string().max(50_000).default(''),
  value: z.strictObject({ amountMinor: MinorAmount, currency: CurrencyCode }).optional(),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable().optional(),
  renewalOn: IsoDate.nullable().optional(),
  reminderDays: z.number().int().min(0).max(365).default(30),
  status: ContractStatus.default('active'),
  priceListId: Uuid.nullable().optional(),
  bonusTerms: BonusTerms.nullable().optional(),
});
export type ContractCreate = z.infer<typeof ContractCreate>;
export const ContractUpdate = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(), terms: z.string().max(50_000).optional(), status: ContractStatus.optional(),
  endsOn: IsoDate.nullable().optional(), renewalOn: IsoDate.nullable().optional(), reminderDays: z.number().int().min(0).max(365).optional(),
});

export const OrderStatus = z.enum(['received', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'invoiced', 'cancelled']);
export const OrderLine = z.object({ productId: Uuid, sku: z.string(), name: z.string(), quantity: z.number().int(), unitPriceMinor: z.number().int(), totalMinor: z.number().int() });
export const Order = z.object({
  id: Uuid, number: z.string(), contractId: Uuid, accountId: Uuid, status: OrderStatus, currency: CurrencyCode,
  lines: z.array(OrderLine), totalMinor: z.number().int(), dueOn: IsoDate.nullable(), overdue: z.boolean(),
  history: z.array(z.object({ status: OrderStatus, at: IsoDateTime })), overdueAlertedAt: IsoDateTime.nullable(), createdAt: IsoDateTime,
});
export type Order = z.infer<typeof Order>;
export const OrderCreate = z.strictObject({
  contractId: Uuid,
  lines: z.array(z.strictObject({ productId: Uuid, quantity: z.number().int().min(1).max(10_000_000) })).min(1).max(500).optional()
    .describe("Priced from the contract's price list; defaults to the quote's lines"),
  dueOn: IsoDate.nullable().optional(),
  externalRef: z.string().max(120).optional(),
});
export const OrderStatusChange = z.strictObject({ status: OrderStatus });
export const OrderListQuery = z.object({
  accountId: Uuid.optional(), contractId: Uuid.optional(), status: OrderStatus.optional(), overdue: z.enum(['true', 'false']).optional(),
  cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50),
});
