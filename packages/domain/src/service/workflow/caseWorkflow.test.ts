import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from './case.ts';
import { formatCaseNumber, normaliseCaseNumber, parseCaseNumber } from './caseNumber.ts';
import { CaseTransitionError, canTransition, statusAfterCustomerReply, transition } from './caseWorkflow.ts';

describe('case workflow', () => {
  it('allows the everyday path and a reopen', () => {
    let s = transition('new', 'open');
    s = transition(s, 'pending_customer');
    s = transition(s, 'open');
    s = transition(s, 'resolved');
    s = transition(s, 'reopened');
    s = transition(s, 'resolved');
    expect(transition(s, 'closed')).toBe('closed');
  });

  it('refuses moves that skip the workflow, saying what is allowed', () => {
    expect(canTransition('closed', 'open')).toBe(false);
    expect(canTransition('resolved', 'pending_customer')).toBe(false);
    expect(canTransition('open', 'new')).toBe(false);
    try {
      transition('closed', 'open');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CaseTransitionError);
      expect(e).toMatchObject({ code: 'not_allowed', from: 'closed', to: 'open', allowed: ['reopened'] });
    }
    expect(() => transition('open', 'open')).toThrow(expect.objectContaining({ code: 'same_status' }));
  });

  it('never lets anything go back to new, and every status has a way out', () => {
    for (const from of CASE_STATUSES) {
      expect(canTransition(from, 'new')).toBe(false);
      expect(CASE_STATUSES.some((to) => canTransition(from, to))).toBe(true);
    }
  });

  it('moves a case back into the queue when the customer writes', () => {
    expect(statusAfterCustomerReply('pending_customer')).toBe('open');
    expect(statusAfterCustomerReply('closed')).toBe('reopened');
    expect(statusAfterCustomerReply('pending_internal')).toBe('pending_internal');
  });
});

describe('case numbers', () => {
  it('formats and parses', () => {
    expect(formatCaseNumber({ prefix: 'VF', year: 2026, sequence: 123 })).toBe('VF-2026-000123');
    expect(formatCaseNumber({ prefix: 'ABB', year: 2026, sequence: 1_234_567 })).toBe('ABB-2026-1234567');
    expect(parseCaseNumber(' vf-2026-000123 ')).toEqual({ prefix: 'VF', year: 2026, sequence: 123 });
    expect(parseCaseNumber('VF-2026-000123', 'ABB')).toBeNull();
    expect(parseCaseNumber('VF-2026-123')).toBeNull();
    expect(parseCaseNumber('VF-2026-000000')).toBeNull();
    expect(normaliseCaseNumber('abb-2027-0000042', 'ABB')).toBe('ABB-2027-000042');
  });

  it('rejects bad prefixes and sequences', () => {
    expect(() => formatCaseNumber({ prefix: 'v f', year: 2026, sequence: 1 })).toThrow(RangeError);
    expect(() => formatCaseNumber({ prefix: 'VF', year: 2026, sequence: 0 })).toThrow(RangeError);
  });

  it('round-trips', () => {
    for (const sequence of [1, 99, 999_999, 1_000_000, 987_654_321]) {
      const text = formatCaseNumber({ prefix: 'VF', year: 2026, sequence });
      expect(parseCaseNumber(text)).toEqual({ prefix: 'VF', year: 2026, sequence });
    }
  });
});
