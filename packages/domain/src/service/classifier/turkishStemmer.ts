// A light suffix-stripping stemmer for Turkish, also used for Azerbaijani.
// Both are agglutinative ("kart-lar-ım-dan" = from my cards), so without
// stemming a classifier sees hundreds of spellings of one word. This is not a
// morphological analyser: it strips common endings, at most three layers,
// and keeps a stem of four letters (three when only a vowel comes off), so
// "kartım" loses -ım, not -tım ("kar"). It works on the matching form
// (folded), so vowel-harmony pairs collapse: -lar/-ler, -da/-de/-ta/-te, and
// Azerbaijani ə folds to e, making -lər, -dən read like Turkish.

const SUFFIXES: readonly string[] = [
  // plural and plural+possessive
  'lar', 'ler', 'lari', 'leri', 'larin', 'lerin', 'larimiz', 'lerimiz', 'lariniz', 'leriniz',
  // possessive
  'm', 'im', 'um', 'in', 'un', 'imiz', 'umuz', 'iniz', 'unuz', 'si', 'su', 'sin', 'sun', 'i', 'u',
  // case endings (incl. buffer consonants)
  'a', 'e', 'ya', 'ye', 'na', 'ne', 'yi', 'yu', 'ni', 'nu', 'nin', 'nun',
  'da', 'de', 'ta', 'te', 'nda', 'nde', 'dan', 'den', 'tan', 'ten', 'ndan', 'nden',
  'la', 'le', 'yla', 'yle', 'ca', 'ce', 'ki', 'daki', 'deki', 'taki', 'teki',
  // derivation
  'lik', 'luk', 'siz', 'suz', 'li', 'lu', 'ci', 'cu',
  // copula, person endings
  'dir', 'dur', 'tir', 'tur', 'dim', 'dum', 'tim', 'tum', 'dik', 'duk', 'tik', 'tuk', 'di', 'du', 'ti', 'tu',
  // verb forms: infinitive, progressive, future, reported past, converbs (tr/az)
  'mak', 'mek', 'maq', 'ma', 'me', 'yor', 'iyor', 'uyor', 'iyorum', 'uyorum', 'yorum', 'iyoruz', 'uyoruz',
  'acak', 'ecek', 'acaq', 'yacak', 'yecek', 'acagim', 'ecegim', 'mis', 'mus', 'mistir', 'mustur',
  'ib', 'ub', 'ir', 'ur', 'ar', 'er', 'irem', 'erem', 'aram', 'edir', 'irik',
];

const BY_LENGTH: readonly (readonly [number, ReadonlySet<string>])[] = (() => {
  const lengths = [...new Set(SUFFIXES.map((s) => s.length))].sort((a, b) => b - a);
  return lengths.map((n) => [n, new Set(SUFFIXES.filter((s) => s.length === n))] as const);
})();

const MIN_STEM = 4;
const MIN_STEM_AFTER_VOWEL = 3;
const MAX_LAYERS = 3;
/** Final-consonant softening (kitap → kitabı, az "hesab"): map back to the hard form. */
const HARDEN: Readonly<Record<string, string>> = { b: 'p', d: 't', g: 'k' };

/** Stems one word that is already in matching form (lower-case, folded). */
export function stemTurkic(word: string): string {
  let w = word;
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    let stripped = false;
    for (const [n, set] of BY_LENGTH) {
      if (w.length - n < (n === 1 ? MIN_STEM_AFTER_VOWEL : MIN_STEM)) continue;
      if (set.has(w.slice(-n))) {
        w = w.slice(0, -n);
        stripped = true;
        break;
      }
    }
    if (!stripped) break;
  }
  const last = w[w.length - 1];
  const hard = last === undefined ? undefined : HARDEN[last];
  return hard !== undefined && w.length >= 4 ? w.slice(0, -1) + hard : w;
}
