import { describe, expect, it } from 'vitest';
import * as contract from '@vefa/contract';
import { ACCOUNT_TIERS, ACTIVITY_KINDS, ATTITUDES, INVITATION_STATES, ORDER_STATUSES, PRICE_POSITIONS, QUOTE_STATUSES, RELATIONSHIP_ROLES } from './types';
import { linesOf } from './parts';
import { fromMinor, toMinor } from './parts';

describe('key-account enumerations of the web app', () => {
  it('match the contract and the domain', () => {
    expect([...ACTIVITY_KINDS]).toEqual(contract.ActivityKind.options);
    expect([...ORDER_STATUSES]).toEqual(contract.OrderStatus.options);
    expect([...ACCOUNT_TIERS]).toEqual(contract.AccountTier.options);
    expect([...RELATIONSHIP_ROLES]).toEqual(contract.RelationshipRole.options);
    expect([...ATTITUDES]).toEqual(contract.Attitude.options);
    expect([...QUOTE_STATUSES]).toEqual(contract.QuoteStatus.options);
    expect([...INVITATION_STATES]).toEqual(contract.Activity.shape.invitation.options);
    expect([...PRICE_POSITIONS]).toEqual(contract.PricePosition.options);
  });
  it('reads typed amounts into minor units without floating point', () => {
    expect(toMinor('1250.5')).toBe(125050);
    expect(toMinor('1 250,05')).toBe(125005);
    expect(toMinor('12.345')).toBeNull();
  });
  it('shows minor units back as the number a person typed', () => {
    for (const minor of [0, 5, 80, 125050, 125005, 100]) expect(toMinor(fromMinor(minor))).toBe(minor);
    expect(fromMinor(125050)).toBe('1250.50');
    expect(fromMinor(100)).toBe('1');
  });
});

describe('points typed one per line', () => {
  it('become the list the API takes: trimmed, blank lines dropped', () => {
    expect(linesOf('  Cheap \n\n Fast delivery\r\n   ')).toEqual(['Cheap', 'Fast delivery']);
    expect(linesOf('')).toEqual([]);
  });
});
