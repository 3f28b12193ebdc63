import { foldForSearch, normalizeEmail } from './searchText.ts';

/** The parts of a customer that tell whether two records are one person. */
export interface DuplicateCandidate {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

export type DuplicateReason = 'same_email' | 'same_phone' | 'same_external_id' | 'similar_name';

export interface DuplicateSuggestion {
  keepId: string;
  duplicateId: string;
  score: number;
  reasons: DuplicateReason[];
}

/** Similarity of two folded names by shared character trigrams (as pg_trgm does). */
export function nameSimilarity(a: string, b: string): number {
  const grams = (s: string): Set<string> => {
    const out = new Set<string>();
    for (const word of foldForSearch(s).split(' ')) {
      const padded = `  ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
    }
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  if (ga.size === 0 || gb.size === 0) return 0;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / (ga.size + gb.size - shared);
}

/**
 * Scores a pair. Strong identifiers (e-mail, phone, external id) decide on
 * their own; a similar name only adds weight, since namesakes are common.
 */
export function scoreDuplicate(a: DuplicateCandidate, b: DuplicateCandidate): DuplicateSuggestion | null {
  const reasons: DuplicateReason[] = [];
  let score = 0;
  if (a.email && b.email && normalizeEmail(a.email) === normalizeEmail(b.email)) {
    reasons.push('same_email');
    score += 0.6;
  }
  if (a.phone && b.phone && a.phone === b.phone) {
    reasons.push('same_phone');
    score += 0.5;
  }
  if (a.externalId && b.externalId && a.externalId === b.externalId) {
    reasons.push('same_external_id');
    score += 0.8;
  }
  const similarity = nameSimilarity(a.name, b.name);
  if (similarity >= 0.5) {
    reasons.push('similar_name');
    score += 0.4 * similarity;
  }
  if (score < 0.5 || !reasons.some((r) => r !== 'similar_name')) return null;
  const [keep, duplicate] = a.id < b.id ? [a, b] : [b, a];
  return { keepId: keep.id, duplicateId: duplicate.id, score: Math.min(1, Number(score.toFixed(3))), reasons };
}
