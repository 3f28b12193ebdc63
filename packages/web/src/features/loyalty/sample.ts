// The sample purchase of a simulation, as the form holds it (strings), and the request it becomes.
import { isoToLocal, localToIso, parseAmount } from './ruleForm';
import type { SimulateInput } from './types';

export interface SampleLine { sku: string; category: string; brand: string; quantity: string; price: string }
export interface Sample {
  lines: SampleLine[];
  occurredAt: string; storeId: string; channel: string;
  tierId: string; tags: string; birthMonth: string; joinedOn: string; firstPurchase: boolean; together: boolean;
}

export function newSample(): Sample {
  return {
    lines: [{ sku: 'SKU-1', category: '', brand: '', quantity: '1', price: '10' }],
    occurredAt: isoToLocal(new Date().toISOString()), storeId: '', channel: '',
    tierId: '', tags: '', birthMonth: '', joinedOn: '', firstPurchase: false, together: false,
  };
}

/** The simulate request for a sample, or the index of the first line whose numbers cannot be read. */
export function sampleRequest(sample: Sample, digits: number): { purchase: SimulateInput['purchase']; member: NonNullable<SimulateInput['member']>; firstPurchase: boolean; alone: boolean } | { badLine: number } {
  const lines: SimulateInput['purchase']['lines'] = [];
  for (const [i, l] of sample.lines.entries()) {
    const price = parseAmount(l.price, digits);
    const quantity = /^\d+$/.test(l.quantity.trim()) ? Number(l.quantity) : NaN;
    if (price === null || !(quantity >= 1) || !l.sku.trim()) return { badLine: i };
    lines.push({
      id: `l${i + 1}`, sku: l.sku.trim(), quantity, unitPriceMinor: price,
      ...(l.category.trim() ? { category: l.category.trim() } : {}), ...(l.brand.trim() ? { brand: l.brand.trim() } : {}),
    });
  }
  const occurredAt = localToIso(sample.occurredAt);
  const tags = sample.tags.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    purchase: {
      lines, ...(occurredAt ? { occurredAt } : {}), ...(sample.storeId.trim() ? { storeId: sample.storeId.trim() } : {}),
      ...(sample.channel.trim() ? { channel: sample.channel.trim() } : {}),
    },
    member: {
      tags, ...(sample.tierId ? { tierId: sample.tierId } : {}), ...(sample.birthMonth ? { birthMonth: Number(sample.birthMonth) } : {}),
      ...(sample.joinedOn ? { joinedOn: sample.joinedOn } : {}),
    },
    firstPurchase: sample.firstPurchase,
    alone: !sample.together,
  };
}
