// Who is held out of a campaign. The split is a hash of campaign and customer,
// so it is random with respect to anything about the customer, the same on
// every run (a retried issue never moves anyone), and needs no stored seed.

/** Uniform in [0, 1) from campaign and customer ids: two FNV-1a lanes, each finished with an avalanche mix. */
export function assignmentValue(campaignId: string, customerId: string): number {
  const text = `${campaignId}:${customerId}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 ^ ch, 0x01000193 + 0x9e3779b9);
  }
  h1 = mix(h1);
  h2 = mix(h2 ^ h1);
  return ((h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) >>> 11)) / 2 ** 53;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export type Group = 'treated' | 'control';

/** Unstratified: each customer on their own, control with probability `share`. */
export function assignGroup(campaignId: string, customerId: string, share: number): Group {
  return assignmentValue(campaignId, customerId) < share ? 'control' : 'treated';
}

/**
 * Stratified: within each stratum (an RFM segment, a tier…) exactly
 * round(share × size) customers with the lowest hash values are held out, so
 * every stratum is split in the same proportion.
 */
export function assignStratified(campaignId: string, customers: readonly { customerId: string; stratum: string }[], share: number): Map<string, Group> {
  const byStratum = new Map<string, { customerId: string; u: number }[]>();
  for (const c of customers) {
    let list = byStratum.get(c.stratum);
    if (!list) byStratum.set(c.stratum, (list = []));
    list.push({ customerId: c.customerId, u: assignmentValue(campaignId, c.customerId) });
  }
  const out = new Map<string, Group>();
  for (const list of byStratum.values()) {
    list.sort((a, b) => a.u - b.u || (a.customerId < b.customerId ? -1 : 1));
    const held = Math.round(share * list.length);
    list.forEach((c, i) => out.set(c.customerId, i < held ? 'control' : 'treated'));
  }
  return out;
}
