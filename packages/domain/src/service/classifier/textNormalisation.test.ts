import { describe, expect, it } from 'vitest';
import { foldDiacritics, matchingForm, turkicLowerCase } from './textNormalisation.ts';
import { tokenise, matchingWords } from './tokenise.ts';
import { stemTurkic } from './turkishStemmer.ts';

describe('Turkic casing and folding', () => {
  it('lower-cases dotted and dotless I the Turkish way', () => {
    expect(turkicLowerCase('İŞ BANKASI')).toBe('iş bankası');
    expect(turkicLowerCase('KIRMIZI')).toBe('kırmızı');
    expect(turkicLowerCase('İstanbul')).not.toContain('\u0307');
  });

  it('folds ə, ş, ğ, ı, ç, ö, ü for matching', () => {
    expect(foldDiacritics('şikayət ğöçüı')).toBe('sikayet gocui');
    expect(matchingForm('ŞİKAYET')).toBe(matchingForm('sikayet'));
  });
});

describe('stemming', () => {
  it.each([
    ['kartlarımdan', 'kart'],
    ['kartım', 'kart'],
    ['kredileri', 'kret'], // final d hardens like kitab → kitap; consistent is what matters
    ['krediye', 'kret'],
    ['kredi', 'kret'],
    ['hesabımdan', 'hesap'],
    ['hesap', 'hesap'],
    ['bankası', 'bank'],
    ['hesablarımızdan', 'hesap'],
    ['paramı', 'par'],
    ['para', 'par'],
    ['günü', 'gun'],
  ])('%s → %s', (word, stem) => {
    expect(stemTurkic(matchingForm(word))).toBe(stem);
  });

  it('collapses Azerbaijani and Turkish spellings of the same stem', () => {
    expect(tokenise('Hesabımdan pul çıxmadı')[0]).toBe(tokenise('hesabımdan')[0]);
    expect(tokenise('kartlarım')).toEqual(tokenise('KARTLARIM'));
  });
});

describe('tokenising', () => {
  it('drops numbers, masked digits, stop words and apostrophe suffixes', () => {
    // "iş" is also English "is", a stop word: the bank's name is not a topic anyway.
    expect(tokenise('İş Bankası’nın 34.000 TL ve 5***1234 kartı')).toEqual(['bank', 'tl', 'kart']);
  });

  it('keeps every word, unstemmed, for rule matching', () => {
    expect(matchingWords('Kredi Kartı ve İADE')).toEqual(['kredi', 'karti', 've', 'iade']);
  });
});
