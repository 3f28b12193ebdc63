// A sample purchase typed into the simulation becomes the simulate request: amounts in minor units, empty parts left out.
import { describe, expect, it } from 'vitest';
import { SimulateInput } from '@vefa/contract';
import { newSample, sampleRequest } from './sample';

describe('sample purchase → simulate request', () => {
  it('reads lines and context, and the contract accepts the request', () => {
    const sample = {
      ...newSample(), storeId: ' baku-1 ', tags: 'vip, student', birthMonth: '3', together: true,
      lines: [{ sku: 'MILK', category: 'dairy', brand: '', quantity: '2', price: '2,50' }, { sku: 'BREAD', category: '', brand: 'Bakı', quantity: '1', price: '1.2' }],
    };
    const req = sampleRequest(sample, 2);
    if ('badLine' in req) throw new Error('unexpected bad line');
    expect(req.purchase.lines).toEqual([
      { id: 'l1', sku: 'MILK', category: 'dairy', quantity: 2, unitPriceMinor: 250 },
      { id: 'l2', sku: 'BREAD', brand: 'Bakı', quantity: 1, unitPriceMinor: 120 },
    ]);
    expect(req.purchase.storeId).toBe('baku-1');
    expect(req.purchase.channel).toBeUndefined();
    expect(req.member).toEqual({ tags: ['vip', 'student'], birthMonth: 3 });
    expect(req.alone).toBe(false);
    expect(SimulateInput.safeParse({ rule: { name: 'x' }, ...req }).success).toBe(true);
  });

  it('names the first line it cannot read', () => {
    const sample = { ...newSample(), lines: [{ sku: 'A', category: '', brand: '', quantity: '1', price: '1' }, { sku: 'B', category: '', brand: '', quantity: '0', price: '1' }] };
    expect(sampleRequest(sample, 2)).toEqual({ badLine: 1 });
    expect(sampleRequest({ ...sample, lines: [{ sku: ' ', category: '', brand: '', quantity: '1', price: '1' }] }, 2)).toEqual({ badLine: 0 });
    expect(sampleRequest({ ...sample, lines: [{ sku: 'A', category: '', brand: '', quantity: '1', price: 'abc' }] }, 2)).toEqual({ badLine: 0 });
  });
});
