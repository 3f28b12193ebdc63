// The loyalty area's enumerations follow the contract and the domain, and each value has words in az, tr and en.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as contract from '@vefa/contract';
import { effectText, conditionTypes, failedTypes } from './ruleText';
import { createFormatter } from '../../app/format';
import {
  CAUSE_KINDS, CONDITION_TYPES, COUPON_BENEFITS, EFFECT_TYPES, EXPLANATION_CODES, NEGATIVE_BALANCE, REDEMPTION_STATUSES,
  REFERRAL_STATUSES, REWARD_KINDS, TIER_METRICS,
} from './types';
import { EMPTY_RULE_FORM, type RuleField } from './ruleForm';

const here = dirname(fileURLToPath(import.meta.url));
type Tree = { [k: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(join(here, 'locales', `${lang}.json`), 'utf8')) as Tree;
const get = (tree: Tree, key: string): unknown => key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Tree)[k] : undefined), tree);

describe('loyalty enumerations', () => {
  it('equal the contract', () => {
    expect([...REWARD_KINDS]).toEqual(contract.RewardKind.options);
    expect([...REDEMPTION_STATUSES]).toEqual(contract.LoyaltyRedemption.shape.status.options);
    expect([...REFERRAL_STATUSES]).toEqual(contract.LoyaltyReferral.shape.status.options);
    expect([...COUPON_BENEFITS]).toEqual(contract.LoyaltyCoupon.shape.benefit.shape.kind.options);
    expect([...NEGATIVE_BALANCE]).toEqual(contract.LoyaltyProgramme.shape.negativeBalance.options);
  });

  it('are named in every language', () => {
    const ruleFields = Object.keys(EMPTY_RULE_FORM) as RuleField[];
    const families: [string, readonly (string | number)[]][] = [
      ['loyalty.reward.kindName', REWARD_KINDS], ['loyalty.redemption.status', REDEMPTION_STATUSES], ['loyalty.referral.status', REFERRAL_STATUSES],
      ['loyalty.coupon.benefitName', COUPON_BENEFITS], ['loyalty.coupon.benefitText', COUPON_BENEFITS], ['loyalty.programme.negative', NEGATIVE_BALANCE],
      ['loyalty.rule.effectName', EFFECT_TYPES], ['loyalty.rule.effectText', EFFECT_TYPES], ['loyalty.condition', CONDITION_TYPES],
      ['loyalty.explain', EXPLANATION_CODES], ['loyalty.cause', CAUSE_KINDS], ['loyalty.metric', TIER_METRICS], ['loyalty.ruleField', ruleFields],
      ['loyalty.weekday', [1, 2, 3, 4, 5, 6, 7]], ['loyalty.month', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
      ['loyalty.tab', ['overview', 'members', 'till', 'rules', 'tiers', 'rewards', 'coupons', 'referrals', 'programmes']],
      ['loyalty.programme.status', contract.LoyaltyProgramme.shape.status.options],
      ['loyalty.account', ['member_available', 'member_pending']],
      ['loyalty.coupon.refusal', ['malformed', 'not_found', 'disabled', 'not_yet_valid', 'expired', 'used_up', 'member_limit', 'not_for_member', 'currency', 'min_amount', 'category', 'member_required']],
      ['loyalty.referral.fraud', ['self_referral', 'same_customer', 'same_email', 'same_phone', 'same_address', 'already_referred']],
      ['loyalty.ruleError', ['required', 'type', 'enum', 'range', 'format', 'unknown_field', 'empty', 'too_deep']],
    ];
    const missing: string[] = [];
    for (const lang of ['az', 'tr', 'en']) {
      const tree = load(lang);
      for (const [family, values] of families) for (const v of values) if (typeof get(tree, `${family}.${v}`) !== 'string') missing.push(`${lang}: ${family}.${v}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('rule words', () => {
  const en = createFormatter('en');
  const t = ((key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`) as unknown as Parameters<typeof effectText>[0];

  it('describes an effect with money from minor units', () => {
    expect(effectText(t, en, { type: 'pointsPerAmount', points: 2, perMinor: 150, scope: 'basket' }, 'AZN'))
      .toMatch(/^loyalty\.rule\.effectText\.pointsPerAmount\{"points":"2","amount":"AZN\s1\.50","scope":"loyalty\.rule\.scope\.basket"\}$/);
    expect(effectText(t, en, { type: 'nonsense' }, 'AZN')).toBe('—');
  });

  it('lists the condition types of nested rules and reads failed ones from the explanation', () => {
    expect(conditionTypes({ when: { type: 'all', of: [{ type: 'store', in: ['a'] }, { type: 'not', of: { type: 'tier', in: ['x'] } }] }, lines: { type: 'category', in: ['c'] } }))
      .toEqual(['store', 'tier', 'category']);
    expect(failedTypes('not met: when.of[1] (weekday), when.of[3] (tier)')).toEqual(['weekday', 'tier']);
  });
});
