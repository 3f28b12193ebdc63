import { generateCode, isWellFormedCode, normaliseCode, type RandomBytes } from '../coupons/code.ts';

/** Referral codes: "R" + 8 random symbols + check symbol, e.g. R7K2M-9QX4T (printed with a dash). */
export const REFERRAL_PREFIX = 'R';

export function generateReferralCode(randomBytes: RandomBytes): string {
  return generateCode({ randomBytes, length: 8, prefix: REFERRAL_PREFIX });
}

/** The link a member shares: whoever opens it and joins names the member as referrer. */
export function referralLink(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/join?referral=${encodeURIComponent(code)}`;
}

/** Accepts the code as typed or printed, or the whole shared link. */
export function parseReferralCode(typed: string): string | null {
  const inLink = /[?&]referral=([^&#\s]+)/.exec(typed)?.[1];
  const code = normaliseCode(inLink === undefined ? typed : decodeURIComponent(inLink));
  return code.length === 10 && code.startsWith(REFERRAL_PREFIX) && isWellFormedCode(code) ? code : null;
}

/** What the fraud checks compare about a person. */
export interface ReferralParty {
  readonly memberId: string;
  /** The CRM customer behind the member: two members of one customer are one person. */
  readonly customerId?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: string;
}

/**
 * E-mail as a mailbox: lower case, "+tag" dropped, and for Gmail the dots too (they are
 * ignored there), googlemail.com = gmail.com. Catches "ali+1@…" style self-referrals.
 */
export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at < 0) return e;
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/**
 * Phone as international digits. "+994 50 123 45 67", "00994501234567" and "050 123 45 67"
 * (national trunk 0, default country code 994) all become 994501234567.
 */
export function normalisePhone(phone: string, defaultCountryCode = '994'): string {
  const t = phone.trim();
  const digits = t.replace(/\D/g, '');
  if (t.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('0')) return defaultCountryCode + digits.slice(1);
  return digits.startsWith(defaultCountryCode) && digits.length > 9 ? digits : defaultCountryCode + digits;
}

/**
 * Address as comparable words: accents and Azerbaijani/Turkish letters folded to Latin
 * (ə→e, ı→i, ş→s, ç→c, ğ→g, ö→o, ü→u), punctuation dropped, common abbreviations
 * expanded, spaces collapsed.
 */
export function normaliseAddress(address: string): string {
  const folded = address
    .toLocaleLowerCase('tr')
    .replace(/ə/g, 'e').replace(/ı/g, 'i')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const words: Record<string, string> = {
    kuc: 'kuce', kucesi: 'kuce', pr: 'prospekti', prosp: 'prospekti', cad: 'cadde', caddesi: 'cadde',
    sok: 'sokak', sk: 'sokak', sokagi: 'sokak', mah: 'mahalle', mahallesi: 'mahalle', st: 'street', str: 'street',
    m: 'menzil', apt: 'apartman', d: 'daire',
  };
  return folded.split(' ').map((w) => words[w] ?? w).join(' ');
}

export type ReferralFraudReason = 'self_referral' | 'same_customer' | 'same_email' | 'same_phone' | 'same_address' | 'already_referred';

/**
 * Whether a referral looks like one person referring themself. Any reason found blocks the
 * reward; the caller records the reasons for the loyalty specialist to review.
 */
export function checkReferral(input: {
  referrer: ReferralParty; referee: ReferralParty;
  /** The referee already has a referrer or has been a member before. */
  refereeAlreadyReferred: boolean;
  defaultCountryCode?: string;
}): { readonly ok: boolean; readonly reasons: readonly ReferralFraudReason[] } {
  const { referrer: a, referee: b } = input;
  const reasons: ReferralFraudReason[] = [];
  if (a.memberId === b.memberId) reasons.push('self_referral');
  if (a.customerId !== undefined && a.customerId === b.customerId) reasons.push('same_customer');
  if (a.email && b.email && normaliseEmail(a.email) === normaliseEmail(b.email)) reasons.push('same_email');
  if (a.phone && b.phone) {
    const pa = normalisePhone(a.phone, input.defaultCountryCode);
    const pb = normalisePhone(b.phone, input.defaultCountryCode);
    if (pa.length >= 7 && pa === pb) reasons.push('same_phone');
  }
  if (a.address && b.address) {
    const na = normaliseAddress(a.address);
    if (na !== '' && na === normaliseAddress(b.address)) reasons.push('same_address');
  }
  if (input.refereeAlreadyReferred) reasons.push('already_referred');
  return { ok: reasons.length === 0, reasons };
}

export interface ReferralProgramme {
  readonly referrerPoints: number;
  readonly refereePoints: number;
  /** The referee's first purchase must reach this net amount (minor units). */
  readonly minPurchaseMinor: number;
  /** Most rewarded referrals per referrer (a fraud limit); absent = no limit. */
  readonly maxRewardsPerReferrer?: number;
}

export type ReferralRewardDecision =
  | { readonly reward: true; readonly referrerPoints: number; readonly refereePoints: number }
  | { readonly reward: false; readonly reason: 'already_rewarded' | 'not_first_purchase' | 'below_minimum' | 'referrer_limit' | 'fraud' };

/**
 * Rewards both members once, on the referee's first qualifying purchase. The caller
 * records the reward against the referral with a unique key so a retry cannot pay twice.
 */
export function decideReferralReward(input: {
  programme: ReferralProgramme;
  alreadyRewarded: boolean;
  isRefereeFirstPurchase: boolean;
  purchaseAmountMinor: number;
  referrerRewardsSoFar: number;
  fraudCheckPassed: boolean;
}): ReferralRewardDecision {
  const p = input.programme;
  if (input.alreadyRewarded) return { reward: false, reason: 'already_rewarded' };
  if (!input.fraudCheckPassed) return { reward: false, reason: 'fraud' };
  if (!input.isRefereeFirstPurchase) return { reward: false, reason: 'not_first_purchase' };
  if (input.purchaseAmountMinor < p.minPurchaseMinor) return { reward: false, reason: 'below_minimum' };
  if (p.maxRewardsPerReferrer !== undefined && input.referrerRewardsSoFar >= p.maxRewardsPerReferrer) return { reward: false, reason: 'referrer_limit' };
  return { reward: true, referrerPoints: p.referrerPoints, refereePoints: p.refereePoints };
}
