import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { cesSummary, csatSummary, isUnhappyScore, npsFromCounts, npsSummary, responseRate } from './scores.ts';
import { admittedInvitations, mayInvite } from './fatigue.ts';
import { checkSurveyLinkToken, checkSurveyToken, readSurveyLinkToken, readSurveyToken, signSurveyLinkToken, signSurveyToken } from './surveyToken.ts';

describe('NPS', () => {
  it('matches a hand-checked fixture', () => {
    // 10 answers: 9,10,10,9 promoters (4); 7,8 passives (2); 0,3,5,6 detractors (4).
    const s = npsSummary([9, 10, 10, 9, 7, 8, 0, 3, 5, 6]);
    expect(s).toMatchObject({ responses: 10, promoters: 4, passives: 2, detractors: 4, nps: 0 });
    // Var = (0.4 + 0.4 − 0²)/10 = 0.08; SE = 100·√0.08 = 28.2843; CI = ±1.96·28.2843 = ±55.437.
    expect(s.standardError).toBeCloseTo(28.2843, 3);
    expect(s.ci95?.low).toBeCloseTo(-55.436, 2);
    expect(s.ci95?.high).toBeCloseTo(55.436, 2);
  });

  it('matches a second fixture by counts', () => {
    // 120 promoters, 50 passives, 30 detractors of 200: NPS = 60 − 15 = 45.
    // Var = (0.6 + 0.15 − 0.45²)/200 = 0.5475/200 = 0.0027375; SE = 5.2321; half-width 10.2548.
    const s = npsFromCounts(120, 50, 30);
    expect(s.nps).toBeCloseTo(45, 10);
    expect(s.standardError).toBeCloseTo(5.2321, 3);
    expect((s.ci95?.high ?? 0) - 45).toBeCloseTo(10.2548, 3);
  });

  it('clips the interval and handles no answers', () => {
    expect(npsSummary([10, 10, 10]).ci95).toEqual({ low: 100, high: 100 });
    expect(npsSummary([]).nps).toBeNull();
  });
});

describe('CSAT and CES', () => {
  it('CSAT is the share of 4–5 answers', () => {
    // 1,2,3,4,4,5,5,5 → 5 of 8 satisfied = 62.5%, mean 29/8 = 3.625.
    expect(csatSummary([1, 2, 3, 4, 4, 5, 5, 5])).toEqual({ responses: 8, satisfied: 5, csat: 62.5, average: 3.625 });
  });
  it('CES is the mean of 1–7 answers', () => {
    // 7,6,5,2,1 → mean 21/5 = 4.2; 3 of 5 found it easy (≥5) = 60%.
    expect(cesSummary([7, 6, 5, 2, 1])).toEqual({ responses: 5, average: 4.2, easyShare: 60 });
  });
  it('flags unhappy answers and computes response rates', () => {
    expect(isUnhappyScore('nps', 6)).toBe(true);
    expect(isUnhappyScore('nps', 7)).toBe(false);
    expect(isUnhappyScore('csat', 2)).toBe(true);
    expect(isUnhappyScore('ces', 4)).toBe(false);
    expect(responseRate(25, 200)).toBe(12.5);
    expect(responseRate(0, 0)).toBeNull();
  });
});

describe('fatigue', () => {
  it('admits at most one invitation per window', () => {
    const d = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
    expect(mayInvite(d(0), d(29), 30)).toBe(false);
    expect(mayInvite(d(0), d(30), 30)).toBe(true);
    expect(admittedInvitations([d(5), d(0), d(10), d(31), d(40), d(61)], 30).map((x) => x.getTime())).toEqual([d(0), d(31), d(61)].map((x) => x.getTime()));
  });
});

describe('survey tokens', () => {
  const hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64url');
  const claims = {
    workspaceId: '11111111-1111-4111-8111-111111111111', invitationId: '22222222-2222-4222-8222-222222222222',
    surveyId: '33333333-3333-4333-8333-333333333333', customerId: '44444444-4444-4444-8444-444444444444',
    expiresAt: new Date('2026-02-01T00:00:00Z'),
  };
  const token = signSurveyToken(hmac, 'key', claims);
  const now = new Date('2026-01-15T00:00:00Z');

  it('round-trips and fits in a link', () => {
    expect(token.length).toBeLessThan(100);
    expect(readSurveyToken(token)).toEqual({ workspaceId: claims.workspaceId, invitationId: claims.invitationId, expiresAt: claims.expiresAt });
    expect(checkSurveyToken(hmac, 'key', token, claims, now)).toBe('valid');
  });
  it('refuses another survey, another customer, another key, a changed expiry, and late use', () => {
    expect(checkSurveyToken(hmac, 'key', token, { ...claims, surveyId: claims.customerId }, now)).toBe('invalid');
    expect(checkSurveyToken(hmac, 'key', token, { ...claims, customerId: claims.surveyId }, now)).toBe('invalid');
    expect(checkSurveyToken(hmac, 'other', token, claims, now)).toBe('invalid');
    const [payload, mac] = token.split('.');
    const stretched = `${payload?.slice(0, 64)}${(Number.parseInt(payload?.slice(64) ?? '0', 36) + 86_400).toString(36)}.${mac}`;
    expect(checkSurveyToken(hmac, 'key', stretched, claims, now)).toBe('invalid');
    expect(checkSurveyToken(hmac, 'key', token, claims, new Date('2026-03-01T00:00:00Z'))).toBe('expired');
    expect(readSurveyToken('garbage')).toBeNull();
  });
  it('keeps the survey-wide public link apart from invitation links and bound to its survey', () => {
    const link = signSurveyLinkToken(hmac, 'key', claims.workspaceId, claims.surveyId);
    expect(readSurveyLinkToken(link)).toEqual({ workspaceId: claims.workspaceId, surveyId: claims.surveyId });
    expect(checkSurveyLinkToken(hmac, 'key', link)).toBe(true);
    expect(checkSurveyLinkToken(hmac, 'other', link)).toBe(false);
    // Re-pointing the link at another survey breaks the MAC.
    const moved = `p${claims.workspaceId.replaceAll('-', '')}${claims.customerId.replaceAll('-', '')}.${link.split('.')[1]}`;
    expect(checkSurveyLinkToken(hmac, 'key', moved)).toBe(false);
    expect(readSurveyToken(link)).toBeNull();
    expect(readSurveyLinkToken(token)).toBeNull();
  });
});
