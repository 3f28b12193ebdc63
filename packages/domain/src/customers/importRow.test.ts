import { describe, expect, it } from 'vitest';
import { readImportRow, parseCalendarDate } from './importRow.ts';

const mapping = { 'Ad': 'first_name', 'Soyad': 'last_name', 'E-poçt': 'email', 'Telefon': 'phone', 'Doğum': 'birth_date', 'Seqment': 'custom:segment' } as const;
const fields = [{ key: 'segment', type: 'select' as const, options: ['gold', 'silver'] }];

describe('readImportRow', () => {
  it('builds a draft from a good row', () => {
    const { draft, errors } = readImportRow({ Ad: 'Rəşad', Soyad: 'Əliyev', 'E-poçt': 'Resad@Mail.az', Telefon: '050 123 45 67', Doğum: '05.03.1990', Seqment: 'gold' }, mapping, fields);
    expect(errors).toEqual([]);
    expect(draft).toMatchObject({ firstName: 'Rəşad', email: 'resad@mail.az', phone: '+994501234567', birthDate: '1990-03-05', customFields: { segment: 'gold' } });
  });
  it('names every bad column, its value and what was expected', () => {
    const { errors } = readImportRow({ Ad: 'X', 'E-poçt': 'not-mail', Telefon: '12', Doğum: '31.02.1990', Seqment: 'bronze' }, mapping, fields);
    expect(errors.map((e) => [e.column, e.code])).toEqual([
      ['E-poçt', 'invalid_email'], ['Telefon', 'invalid_phone'], ['Doğum', 'invalid_date'], ['Seqment', 'invalid_custom_field'],
    ]);
    expect(errors[3]?.expected).toBe('one of: gold, silver');
  });
  it('rejects impossible dates', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expect(parseCalendarDate('2023-02-29')).toBeNull();
  });
});
