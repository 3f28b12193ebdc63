// Tokenisation for classification and word matching. The heavy part
// (casing, folding, stop words, stemming) runs once per distinct spelling
// thanks to a cache, which is what lets 100,000 texts train in seconds.
import { ALL_STOP_WORDS } from './stopWords.ts';
import { matchingForm } from './textNormalisation.ts';
import { stemTurkic } from './turkishStemmer.ts';

// A word starts with a letter; digits inside are kept ("4g"), numbers alone are not
// (amounts, masked card numbers). A suffix after an apostrophe is dropped:
// "Bankası’nın" → "Bankası", as Turkish writes case endings on proper names.
// A hand-written scanner over a character-class table, because a Unicode
// regex over 90 MB of text was a third of the 100k-text training time.
const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    table[c] = /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? DIGIT : OTHER;
  }
  return table;
})();
const APOSTROPHE = /['’].*$/;

/** Calls `emit` with each word of the text, apostrophe suffixes removed. */
export function forEachWord(text: string, emit: (word: string) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (CHAR_CLASS[text.charCodeAt(i)] !== LETTER) {
      i++;
      continue;
    }
    const start = i++;
    while (i < n && CHAR_CLASS[text.charCodeAt(i)] !== OTHER) i++;
    const end = i;
    const c = text.charCodeAt(i);
    if ((c === 39 || c === 0x2019) && CHAR_CLASS[text.charCodeAt(i + 1)] === LETTER) {
      i += 2;
      while (i < n && CHAR_CLASS[text.charCodeAt(i)] === LETTER) i++;
    }
    emit(text.slice(start, end));
  }
}

export interface TokenOptions {
  /** Apply the Turkic stemmer (default true). */
  readonly stem?: boolean;
  /** Drop az/tr/en stop words (default true). */
  readonly dropStopWords?: boolean;
}

const caches = new Map<string, Map<string, string | null>>();
const MAX_CACHE = 500_000;

function cacheFor(options: TokenOptions): Map<string, string | null> {
  const key = `${options.stem !== false}:${options.dropStopWords !== false}`;
  let c = caches.get(key);
  if (!c) {
    c = new Map();
    caches.set(key, c);
  }
  return c;
}

/** One surface word → its feature (null when dropped). */
export function wordFeature(word: string, options: TokenOptions = {}): string | null {
  const w = matchingForm(word.replace(APOSTROPHE, ''));
  if (w.length < 2) return null;
  if (options.dropStopWords !== false && ALL_STOP_WORDS.has(w)) return null;
  return options.stem === false ? w : stemTurkic(w);
}

/** Words of a text in matching form, stemmed, without stop words. */
export function tokenise(text: string, options: TokenOptions = {}): string[] {
  const cache = cacheFor(options);
  if (cache.size > MAX_CACHE) cache.clear();
  const out: string[] = [];
  forEachWord(text, (raw) => {
    let f = cache.get(raw);
    if (f === undefined) {
      f = wordFeature(raw, options);
      cache.set(raw, f);
    }
    if (f !== null) out.push(f);
  });
  return out;
}

/** Plain words in matching form (no stemming, stop words kept): for rule matching. */
export function matchingWords(text: string): string[] {
  return tokenise(text, { stem: false, dropStopWords: false });
}
