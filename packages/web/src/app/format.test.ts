import { describe, expect, it } from 'vitest';
import { createFormatter, hasLocaleData, minorToDecimal } from './format';

describe('format', () => {
  it('turns integer minor units into a decimal string without floating point', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(7, 0)).toBe('7');
    expect(minorToDecimal(9007199254740993n, 2)).toBe('90071992547409.93');
  });

  it('formats money in AZN, TRY, USD and EUR per language', () => {
    const az = createFormatter('az', 'Asia/Baku');
    const tr = createFormatter('tr', 'Europe/Istanbul');
    const en = createFormatter('en', 'Asia/Baku');
    expect(az.money(123456, 'AZN').replace(/\s/g, ' ')).toMatch(/^1\.234,56 ₼$|^1\.234,56 AZN$|^₼ ?1\.234,56$/);
    expect(tr.money(123456, 'TRY')).toContain('1.234,56');
    expect(en.money(123456, 'USD')).toBe('US$1,234.56');
    expect(en.money(99, 'EUR')).toBe('€0.99');
  });

  it('formats dates in the workspace time zone', () => {
    const en = createFormatter('en', 'Asia/Baku');
    expect(en.dateTime('2026-01-31T21:30:00Z')).toBe('1 Feb 2026, 01:30');
    expect(en.plainDate('1990-05-04')).toBe('4 May 1990');
    const az = createFormatter('az', 'Asia/Baku');
    expect(az.date('2026-11-23T09:00:00Z')).toMatch(/23/);
    expect(az.date('2026-11-23T09:00:00Z')).not.toMatch(/M11/);
  });

  it('knows when the runtime has real locale data', () => {
    expect(hasLocaleData('en-GB')).toBe(true);
  });
});

describe('dayOf', () => {
  it('is the calendar day in the workspace time zone, not in UTC', () => {
    const evening = new Date('2026-11-23T20:13:00Z');
    expect(createFormatter('en', 'Asia/Baku').dayOf(evening)).toBe('2026-11-24');
    expect(createFormatter('az', 'Europe/Istanbul').dayOf(evening)).toBe('2026-11-23');
    expect(createFormatter('tr', 'UTC').dayOf(new Date('2026-01-05T00:00:00Z'))).toBe('2026-01-05');
  });
});
