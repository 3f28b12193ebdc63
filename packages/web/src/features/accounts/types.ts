// Types of the key-account API, straight from the zod schemas in @vefa/contract (types only: no zod in the bundle).
import type { z } from 'zod';
import type * as C from '@vefa/contract';

export type KeyAccount = z.infer<typeof C.KeyAccount>;
export type KeyAccountCreate = z.input<typeof C.KeyAccountCreate>;
export type KeyAccountUpdate = z.input<typeof C.KeyAccountUpdate>;
export type Account360 = z.infer<typeof C.Account360>;
export type AccountContact = z.infer<typeof C.AccountContact>;
export type Pipeline = z.infer<typeof C.Pipeline>;
export type Deal = z.infer<typeof C.Deal>;
export type DealCreate = z.input<typeof C.DealCreate>;
export type DealUpdate = z.input<typeof C.DealUpdate>;
export type DealView = z.infer<typeof C.DealView>;
export type Board = z.infer<typeof C.Board>;
export type Activity = z.infer<typeof C.Activity>;
export type ActivityCreate = z.input<typeof C.ActivityCreate>;
export type ActivityKind = z.infer<typeof C.ActivityKind>;
export type Product = z.infer<typeof C.Product>;
export type PriceList = z.infer<typeof C.PriceList>;
export type PriceListCreate = z.input<typeof C.PriceListCreate>;
export type PriceListUpdate = z.input<typeof C.PriceListUpdate>;
export type ProductCreate = z.input<typeof C.ProductCreate>;
export type ProductUpdate = z.input<typeof C.ProductUpdate>;
export type Quote = z.infer<typeof C.Quote>;
export type Contract = z.infer<typeof C.Contract>;
export type ContractCreate = z.input<typeof C.ContractCreate>;
export type Order = z.infer<typeof C.Order>;
export type OrderStatus = z.infer<typeof C.OrderStatus>;
export type Competitor = z.infer<typeof C.Competitor>;
export type MarketSegment = z.infer<typeof C.MarketSegment>;
export type AccountReferral = z.infer<typeof C.AccountReferral>;
export type MonthlyReport = z.infer<typeof C.MonthlyReport>;

// Enumerations the UI iterates over (kept here so the bundle has no zod; accounts.test.ts checks them against the contract).
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['call', 'meeting', 'appointment', 'email', 'fax', 'letter', 'chat', 'task'];
export const ORDER_STATUSES: readonly OrderStatus[] = ['received', 'confirmed', 'in_fulfilment', 'shipped', 'delivered', 'invoiced', 'cancelled'];
export const ACCOUNT_TIERS: readonly KeyAccount['tier'][] = ['strategic', 'key', 'growth', 'standard'];
export const RELATIONSHIP_ROLES: readonly AccountContact['role'][] = ['decision_maker', 'economic_buyer', 'influencer', 'user', 'gatekeeper', 'champion', 'other'];
export const ATTITUDES: readonly AccountContact['attitude'][] = ['supporter', 'neutral', 'opponent'];
export const HEALTH_FACTORS = ['activity', 'cases', 'orders', 'renewal', 'satisfaction'] as const;
export const WORK_CYCLE_KEYS = ['prospect', 'appointment', 'preparation', 'contact', 'needs', 'presentation', 'objections', 'closing', 'support', 'referral'] as const;
export const INVITATION_STATES: readonly Activity['invitation'][] = ['none', 'queued', 'sent', 'failed', 'no_transport'];
export const QUOTE_STATUSES: readonly Quote['status'][] = ['draft', 'sent', 'accepted', 'rejected'];
