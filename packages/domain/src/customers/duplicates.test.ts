import { describe, expect, it } from 'vitest';
import { nameSimilarity, scoreDuplicate } from './duplicates.ts';

const base = { email: null, phone: null, externalId: null };

describe('duplicate suggestions', () => {
  it('pairs records sharing an e-mail even when the name is spelt another way', () => {
    const s = scoreDuplicate(
      { ...base, id: 'b', name: 'Rəşad Əliyev', email: 'resad@mail.az' },
      { ...base, id: 'a', name: 'Resad Aliyev', email: 'RESAD@mail.az' },
    );
    expect(s?.keepId).toBe('a');
    expect(s?.reasons).toContain('same_email');
    expect(s?.reasons).toContain('similar_name');
  });
  it('does not pair namesakes with nothing else in common', () => {
    expect(scoreDuplicate({ ...base, id: 'a', name: 'Anar Məmmədov' }, { ...base, id: 'b', name: 'Anar Məmmədov' })).toBeNull();
  });
  it('rates folded spellings of one name as similar', () => {
    expect(nameSimilarity('Gülşən Həsənova', 'Gulsen Hesenova')).toBe(1);
    expect(nameSimilarity('Gülşən', 'Tural')).toBeLessThan(0.2);
  });
});
