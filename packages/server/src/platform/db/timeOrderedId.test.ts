import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './timeOrderedId.ts';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID, unique, and sorts in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => timeOrderedUuid(1_750_000_000_000));
    for (const id of ids.slice(0, 20)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const later = timeOrderedUuid(1_750_000_000_000 + 86_400_000);
    expect(later > (ids.at(-1) ?? '')).toBe(true);
  });
});
