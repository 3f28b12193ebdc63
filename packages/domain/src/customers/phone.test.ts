import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.ts';

describe('toE164', () => {
  it('reads local Azerbaijani and international numbers', () => {
    expect(toE164('050 123 45 67')).toBe('+994501234567');
    expect(toE164('+90 532 123 45 67')).toBe('+905321234567');
  });
  it('refuses what is not a phone number', () => {
    expect(toE164('12')).toBeNull();
    expect(toE164('phone')).toBeNull();
  });
});
