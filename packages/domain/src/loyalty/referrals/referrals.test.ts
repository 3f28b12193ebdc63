import { describe, expect, it } from 'vitest';
import { checkReferral, decideReferralReward, generateReferralCode, normaliseAddress, normaliseEmail, normalisePhone, parseReferralCode, referralLink, type ReferralParty } from './referrals.ts';

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);

describe('referral codes', () => {
  it('have the R prefix, a check symbol, and parse back from typed forms', () => {
    const code = generateReferralCode(bytes);
    expect(code).toMatch(/^R[0-9A-Z]{9}$/);
    expect(parseReferralCode(`${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`)).toBe(code);
    expect(parseReferralCode(code.slice(0, 9) + (code.endsWith('0') ? '1' : '0'))).toBeNull();
    expect(parseReferralCode('X' + code.slice(1))).toBeNull();
  });
});

describe('referral links', () => {
  it('carry the code and parse back to it', () => {
    const code = generateReferralCode((n) => new Uint8Array(n).fill(7));
    const link = referralLink('https://vefa.example.az/', code);
    expect(link).toBe(`https://vefa.example.az/join?referral=${code}`);
    expect(parseReferralCode(link)).toBe(code);
    expect(parseReferralCode(`${link}&utm_source=whatsapp`)).toBe(code);
    expect(parseReferralCode('https://vefa.example.az/join?referral=RXXXXXXXXX')).toBeNull();
  });
});

describe('normalisation', () => {
  it('e-mail: case, +tags and Gmail dots', () => {
    expect(normaliseEmail(' Ali.Veli+promo@GoogleMail.com ')).toBe('aliveli@gmail.com');
    expect(normaliseEmail('ali.veli+x@mail.az')).toBe('ali.veli@mail.az');
  });
  it('phone: international, 00 and national trunk forms agree', () => {
    expect(normalisePhone('+994 50 123 45 67')).toBe('994501234567');
    expect(normalisePhone('00994501234567')).toBe('994501234567');
    expect(normalisePhone('050-123-45-67')).toBe('994501234567');
    expect(normalisePhone('0532 111 22 33', '90')).toBe('905321112233');
  });
  it('address: Azerbaijani/Turkish letters, case, punctuation and abbreviations', () => {
    expect(normaliseAddress('Nizami küç. 10, mənzil 5')).toBe(normaliseAddress('NIZAMI KUCESI 10 MENZIL 5'));
    expect(normaliseAddress('İstiklal Cad. No:5')).toBe(normaliseAddress('istiklal caddesi no 5'));
  });
});

describe('checkReferral', () => {
  const referrer: ReferralParty = { memberId: 'm1', customerId: 'c1', email: 'leyla@mail.az', phone: '+994501112233', address: 'Nizami küç. 10' };
  const referee: ReferralParty = { memberId: 'm2', customerId: 'c2', email: 'orxan@mail.az', phone: '+994552223344', address: 'Füzuli küç. 3' };
  it('passes two different people', () => expect(checkReferral({ referrer, referee, refereeAlreadyReferred: false })).toEqual({ ok: true, reasons: [] }));
  it('flags self-referral, the same customer, e-mail, phone and address', () => {
    expect(checkReferral({ referrer, referee: referrer, refereeAlreadyReferred: false }).reasons).toEqual(['self_referral', 'same_customer', 'same_email', 'same_phone', 'same_address']);
    expect(checkReferral({ referrer, referee: { ...referee, email: 'Leyla+2@mail.az' }, refereeAlreadyReferred: false }).reasons).toEqual(['same_email']);
    expect(checkReferral({ referrer, referee: { ...referee, phone: '050 111 22 33' }, refereeAlreadyReferred: false }).reasons).toEqual(['same_phone']);
    expect(checkReferral({ referrer, referee: { ...referee, address: 'NIZAMI KUCESI 10' }, refereeAlreadyReferred: false }).reasons).toEqual(['same_address']);
    expect(checkReferral({ referrer, referee, refereeAlreadyReferred: true }).reasons).toEqual(['already_referred']);
  });
});

describe('decideReferralReward', () => {
  const programme = { referrerPoints: 500, refereePoints: 300, minPurchaseMinor: 2000, maxRewardsPerReferrer: 10 };
  const base = { programme, alreadyRewarded: false, isRefereeFirstPurchase: true, purchaseAmountMinor: 2500, referrerRewardsSoFar: 0, fraudCheckPassed: true };
  it('rewards both on the qualifying first purchase', () => expect(decideReferralReward(base)).toEqual({ reward: true, referrerPoints: 500, refereePoints: 300 }));
  it('rewards once only, and not on fraud, later purchases, small baskets or past the referrer limit', () => {
    expect(decideReferralReward({ ...base, alreadyRewarded: true })).toEqual({ reward: false, reason: 'already_rewarded' });
    expect(decideReferralReward({ ...base, fraudCheckPassed: false })).toEqual({ reward: false, reason: 'fraud' });
    expect(decideReferralReward({ ...base, isRefereeFirstPurchase: false })).toEqual({ reward: false, reason: 'not_first_purchase' });
    expect(decideReferralReward({ ...base, purchaseAmountMinor: 1999 })).toEqual({ reward: false, reason: 'below_minimum' });
    expect(decideReferralReward({ ...base, referrerRewardsSoFar: 10 })).toEqual({ reward: false, reason: 'referrer_limit' });
  });
});
