/**
 * People type Azerbaijani and Turkish names without their letters: Əliyev as
 * Aliyev or Eliyev, Rəşad as Resad or Rashad, Çingiz as Cingiz or Chingiz.
 * Search compares folded text, so every spelling meets the stored one.
 */
const FOLD: Record<string, string> = {
  ə: 'e', Ə: 'e', ş: 's', Ş: 's', ç: 'c', Ç: 'c', ğ: 'g', Ğ: 'g', ı: 'i', I: 'i', İ: 'i',
  ö: 'o', Ö: 'o', ü: 'u', Ü: 'u', â: 'a', î: 'i', û: 'u',
};

/** Lower-cases with Turkish rules and strips the letters above to ASCII. */
export function foldForSearch(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += FOLD[ch] ?? ch;
  return out
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    // Transliterations people use for the same sounds.
    .replace(/sh/g, 's')
    .replace(/ch/g, 'c')
    .replace(/kh/g, 'x')
    .replace(/[^\p{L}\p{N}@.+\- ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A folded name word as the word index keys it: a and e (and so ə) are one
 * letter there, since the same name arrives as Əliyev, Eliyev and Aliyev.
 * Must match translate(word, 'a', 'e') in the name-word triggers (migration 0008).
 */
export function nameWordKey(foldedWord: string): string {
  return foldedWord.replace(/a/g, 'e');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The text a stored name is searched by: its folded form, plus the spelling
 * with ə read as "a" when the name has ə (Əliyev is typed Eliyev and Aliyev).
 */
export function nameSearchKey(name: string): string {
  const folded = foldForSearch(name);
  if (!/[əƏ]/.test(name)) return folded;
  const alternative = foldForSearch(name.replace(/ə/g, 'a').replace(/Ə/g, 'A'));
  return `${folded} ${alternative}`;
}

/**
 * The first text after every text that starts with `prefix`, in code-point
 * order, so "starts with" becomes a range an index (and a plan prepared once,
 * before the prefix is known) can walk: resad → resae.
 */
export function prefixUpperBound(prefix: string): string {
  const points = [...prefix];
  const last = points.pop();
  if (last === undefined) return '\u{10FFFF}';
  const next = (last.codePointAt(0) ?? 0) + 1;
  // Past the last code point there is no successor: the bound moves one letter left.
  return next > 0x10ffff ? prefixUpperBound(points.join('')) : points.join('') + String.fromCodePoint(next);
}
