// Azerbaijani, Turkish or English, from letters and function words.
// Letters settle most texts: ə is Azerbaijani only; x and q are common in
// Azerbaijani words (xahiş, qəbul) and rare in Turkish; ı, ğ, ş, ç, ö, ü rule
// out English. Function words break the remaining ties ("ve" vs "və",
// "değil" vs "deyil", "the").
import { turkicLowerCase } from './textNormalisation.ts';

export type DetectedLanguage = 'az' | 'tr' | 'en' | 'unknown';

const WORDS: Readonly<Record<'az' | 'tr' | 'en', ReadonlySet<string>>> = {
  az: new Set('və üçün ilə deyil mən siz bizim sizin çox yox xahiş edirəm olmaq olunur artıq hansı niyə necə nə kimi bəli xeyr salam təşəkkür hörmətli'.split(' ')),
  tr: new Set('ve için ile değil ben siz bizim sizin çok yok lütfen ediyorum olmak ama fakat nasıl neden ne gibi evet hayır merhaba teşekkür sayın bana hala bir bu da de'.split(' ')),
  en: new Set('the and is are was to of in for with my your you i it not please hello thanks thank dear have has this that on be can'.split(' ')),
};

const MIN_EVIDENCE = 2;

export function languageScores(text: string): Record<'az' | 'tr' | 'en', number> {
  const lower = turkicLowerCase(text);
  const score = { az: 0, tr: 0, en: 0 };
  for (const ch of lower) {
    if (ch === 'ə') score.az += 3;
    else if (ch === 'x' || ch === 'q') score.az += 0.5;
    else if (ch === 'ğ' || ch === 'ı') {
      score.tr += 0.5;
      score.az += 0.3;
    } else if (ch === 'ş' || ch === 'ç' || ch === 'ö' || ch === 'ü') {
      score.tr += 0.4;
      score.az += 0.4;
    } else if (ch === 'w') score.en += 0.5;
  }
  for (const word of lower.split(/[^\p{L}]+/u)) {
    if (!word) continue;
    for (const lang of ['az', 'tr', 'en'] as const) if (WORDS[lang].has(word)) score[lang] += 2;
  }
  return score;
}

/** The language with the strongest evidence, or 'unknown' when there is too little or a tie. */
export function detectLanguage(text: string): DetectedLanguage {
  const s = languageScores(text);
  const ranked = (['az', 'tr', 'en'] as const).map((l) => [l, s[l]] as const).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || !second || first[1] < MIN_EVIDENCE || first[1] - second[1] < 1) return 'unknown';
  return first[0];
}
