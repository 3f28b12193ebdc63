import { describe, expect, it } from 'vitest';
import { foldForSearch } from './searchText.ts';

describe('foldForSearch', () => {
  it('meets the ways people type Azerbaijani and Turkish names', () => {
    expect(foldForSearch('Əliyev')).toBe(foldForSearch('Eliyev'));
    expect(foldForSearch('Rəşad')).toBe(foldForSearch('Resad'));
    expect(foldForSearch('Rəşad')).toBe(foldForSearch('Reshad'));
    expect(foldForSearch('Çingiz')).toBe(foldForSearch('Chingiz'));
    expect(foldForSearch('Gülşən')).toBe(foldForSearch('GULSEN'));
    expect(foldForSearch('İLKİN IŞIQ')).toBe('ilkin isiq');
  });
  it('keeps e-mail characters for search by address', () => {
    expect(foldForSearch('Ali.Veli+x@Mail.az')).toBe('ali.veli+x@mail.az');
  });
});

describe('nameSearchKey', () => {
  it('adds the a-spelling of ə so both common spellings are found', async () => {
    const { nameSearchKey } = await import('./searchText.ts');
    expect(nameSearchKey('Rəşad Əliyev')).toBe('resad eliyev rasad aliyev');
    expect(nameSearchKey('Murat Yılmaz')).toBe('murat yilmaz');
  });
});

describe('prefixUpperBound', () => {
  it('is the first text after everything that starts with the prefix', async () => {
    const { prefixUpperBound } = await import('./searchText.ts');
    expect(prefixUpperBound('resad')).toBe('resae');
    expect(prefixUpperBound('c12@bench.az')).toBe('c12@bench.a{');
    expect(prefixUpperBound('ж')).toBe('з');
    expect(prefixUpperBound(`a${String.fromCodePoint(0x10ffff)}`)).toBe('b');
    for (const word of ['resad', 'resad eliyev', 'resadz', 'resad\u{10FFFF}']) expect(word >= 'resad' && word < prefixUpperBound('resad')).toBe(true);
    expect('resae' < prefixUpperBound('resad')).toBe(false);
  });
});
