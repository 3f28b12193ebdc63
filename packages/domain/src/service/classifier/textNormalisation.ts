// Casing and folding for Azerbaijani, Turkish and English text.
// Turkish and Azerbaijani have dotted İ/i and dotless I/ı, so the default
// toLowerCase turns "İŞ" into "i̇ş" (with a stray combining dot) and "KREDI"
// into "kredi" where a Turk means "kredı". We lower-case the Turkic way and
// then fold diacritics, because people type "sikayet" as often as "şikayet".

const FOLD: Readonly<Record<string, string>> = {
  ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u', ə: 'e',
  â: 'a', î: 'i', û: 'u', ä: 'a', ë: 'e', é: 'e', è: 'e', ê: 'e', á: 'a', à: 'a', í: 'i', ó: 'o', ú: 'u', ñ: 'n',
};
const FOLDABLE = /[çğıöşüəâîûäëéèêáàíóúñ]/g;

/** Lower-cases with Turkic dotted/dotless I rules: İ→i, I→ı. */
export function turkicLowerCase(text: string): string {
  return text.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase().replace(/\u0307/g, '');
}

/** Removes the marks that distinguish ç/c, ğ/g, ı/i, ö/o, ş/s, ü/u, ə/e (for matching only). */
export function foldDiacritics(lowerText: string): string {
  return lowerText.replace(FOLDABLE, (c) => FOLD[c] ?? c);
}

/** The form used to compare words: Turkic lower case, then folded. "İŞ Bankası" → "is bankasi". */
export function matchingForm(text: string): string {
  return foldDiacritics(turkicLowerCase(text));
}
