import { describe, expect, it } from 'vitest';
import { chooseAssignee, eligibleAgents, leastOpenCases, roundRobin, type AssignableAgent } from './assignment.ts';
import { evaluateRoutingRules, type RoutingInput, type RoutingRule } from './routingRule.ts';

const rules: RoutingRule[] = [
  { id: 'vip', name: 'VIP to priority desk', conditions: { customerTiers: ['gold'] }, actions: { priority: 'high', tags: ['vip'] } },
  { id: 'cards', name: 'Cards', conditions: { anyWords: ['kart*', 'card*'] }, actions: { department: 'KART', tags: ['card'] } },
  { id: 'fraud', name: 'Fraud', conditions: { anyWords: ['icazəsiz əməliyyat', 'yetkisiz işlem', 'fraud'] }, actions: { department: 'FRAUD', priority: 'urgent', tags: ['fraud'] }, stop: true },
  { id: 'loans', name: 'Loans mailbox', conditions: { channels: ['email'], mailboxes: ['kredit@bank.az'] }, actions: { department: 'KREDI' } },
  { id: 'tr', name: 'Turkish speakers', conditions: { languages: ['tr'], customerSegments: ['istanbul'] }, actions: { assigneeId: 'selin' } },
  { id: 'off', name: 'Disabled', enabled: false, conditions: {}, actions: { department: 'NOWHERE' } },
];

const input = (over: Partial<RoutingInput> = {}): RoutingInput => ({ channel: 'email', subject: '', body: '', ...over });

describe('routing rules', () => {
  it('matches words without case, diacritics or endings', () => {
    const d = evaluateRoutingRules(rules, input({ subject: 'KARTIMDAN pul çıxıb' }));
    expect(d).toMatchObject({ department: 'KART', matchedRuleIds: ['cards'] });
    expect(evaluateRoutingRules(rules, input({ body: 'My CARDS were blocked' })).department).toBe('KART');
    expect(evaluateRoutingRules(rules, input({ body: 'Kartof aldım' })).department).toBe('KART'); // prefixes are prefixes: write rules with care
    expect(evaluateRoutingRules(rules, input({ body: 'Hesabımdan pul silinib' })).matchedRuleIds).toEqual([]);
  });

  it('first_match: the first matching rule decides', () => {
    const d = evaluateRoutingRules(rules, input({ customerTier: 'gold', body: 'kartla icazesiz emeliyyat' }));
    expect(d).toEqual({ department: null, priority: 'high', assigneeId: null, tags: ['vip'], matchedRuleIds: ['vip'] });
  });

  it('accumulate: earlier rules win a field, tags add up, stop ends it', () => {
    const d = evaluateRoutingRules(rules, input({ customerTier: 'gold', body: 'Kartla İCAZƏSİZ əməliyyat', mailbox: 'KREDIT@bank.az' }), 'accumulate');
    expect(d).toEqual({ department: 'KART', priority: 'high', assigneeId: null, tags: ['vip', 'card', 'fraud'], matchedRuleIds: ['vip', 'cards', 'fraud'] });
  });

  it('matches phrases only as consecutive words, and respects wordsIn', () => {
    expect(evaluateRoutingRules(rules, input({ body: 'yetkisiz bir işlem' })).department).toBeNull();
    expect(evaluateRoutingRules(rules, input({ body: 'Yetkisiz işlem yapıldı' })).department).toBe('FRAUD');
    const subjectOnly: RoutingRule[] = [{ id: 's', name: 's', conditions: { anyWords: ['iade'], wordsIn: 'subject' }, actions: { department: 'X' } }];
    expect(evaluateRoutingRules(subjectOnly, input({ body: 'iade' })).department).toBeNull();
    expect(evaluateRoutingRules(subjectOnly, input({ subject: 'İADE talebi' })).department).toBe('X');
  });

  it('checks channel, mailbox, language, segment and category', () => {
    expect(evaluateRoutingRules(rules, input({ mailbox: 'kredit@bank.az' })).department).toBe('KREDI');
    expect(evaluateRoutingRules(rules, input({ channel: 'phone', mailbox: 'kredit@bank.az' })).department).toBeNull();
    expect(evaluateRoutingRules(rules, input({ language: 'tr', customerSegments: ['Istanbul'] })).assigneeId).toBe('selin');
    expect(evaluateRoutingRules(rules, input({ language: 'az', customerSegments: ['istanbul'] })).assigneeId).toBeNull();
    const byCategory: RoutingRule[] = [
      { id: 'c', name: 'c', conditions: { categories: ['Kredi Kartı'], noneWords: ['test'] }, actions: { department: 'KART' } },
    ];
    expect(evaluateRoutingRules(byCategory, input({ category: 'kredi kartı' })).department).toBe('KART');
    expect(evaluateRoutingRules(byCategory, input({ category: 'kredi kartı', body: 'test' })).department).toBeNull();
  });
});

const agents: AssignableAgent[] = [
  { id: 'aysel', languages: ['az', 'en'], skills: ['cards'] },
  { id: 'murad', languages: ['az', 'tr'], skills: ['cards', 'loans'] },
  { id: 'selin', languages: ['tr', 'en'], skills: ['loans'], maxOpenCases: 2 },
  { id: 'off', available: false, languages: ['az', 'tr', 'en'], skills: ['cards', 'loans'] },
];

describe('assignment strategies', () => {
  it('round-robin continues after the last assignee, skips the unavailable, wraps', () => {
    expect(roundRobin(agents, null)?.id).toBe('aysel');
    expect(roundRobin(agents, 'aysel')?.id).toBe('murad');
    expect(roundRobin(agents, 'selin')?.id).toBe('aysel');
    expect(roundRobin(agents, 'gone')?.id).toBe('aysel');
    expect(roundRobin([], null)).toBeNull();
    const sequence: string[] = [];
    let last: string | null = null;
    for (let i = 0; i < 6; i++) {
      last = roundRobin(agents, last)?.id ?? null;
      if (last) sequence.push(last);
    }
    expect(sequence).toEqual(['aysel', 'murad', 'selin', 'aysel', 'murad', 'selin']);
  });

  it('least-open-cases picks the lightest load, honours caps, shares ties', () => {
    const open = new Map([['aysel', 5], ['murad', 1], ['selin', 1]]);
    expect(leastOpenCases(agents, open)?.id).toBe('murad');
    expect(leastOpenCases(agents, open, 'murad')?.id).toBe('selin');
    expect(leastOpenCases(agents, new Map([['aysel', 5], ['murad', 4], ['selin', 2]]))?.id).toBe('murad'); // selin is at her cap
    expect(leastOpenCases([{ id: 'x', maxOpenCases: 0 }], new Map())).toBeNull();
  });

  it('filters by skill and language, falling back to skill only', () => {
    expect(eligibleAgents(agents, { skills: ['loans'], language: 'tr' }).map((a) => a.id)).toEqual(['murad', 'selin']);
    const ctx = { lastAssignedId: null, openCases: new Map([['murad', 9]]) };
    expect(chooseAssignee('least_open_cases', agents, { ...ctx, requirement: { skills: ['loans'], language: 'tr' } })?.id).toBe('selin');
    expect(chooseAssignee('round_robin', agents, { ...ctx, requirement: { skills: ['cards'], language: 'ru' } })?.id).toBe('aysel');
    expect(chooseAssignee('round_robin', agents, { ...ctx, requirement: { skills: ['legal'] } })).toBeNull();
  });
});
