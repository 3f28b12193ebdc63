// Reads a free-text answer: its language (the service desk's detector), a
// sentiment score from the shipped lexicon with negation, and the keywords and
// themes it mentions. Pure and cached per spelling, so 100,000 answers take
// seconds.
import { detectLanguage, type DetectedLanguage } from '../service/classifier/detectLanguage.ts';
import { forEachWord } from '../service/classifier/tokenise.ts';
import { matchingForm } from '../service/classifier/textNormalisation.ts';
import { ALL_STOP_WORDS } from '../service/classifier/stopWords.ts';
import { stemTurkic } from '../service/classifier/turkishStemmer.ts';
import { CONTRASTS, INTENSIFIERS, LEXICON, NEGATORS_AFTER, NEGATORS_BEFORE, RESOLUTION_FORMS, type LexiconEntry } from './sentimentLexicon.ts';
import { aspectOfWord, type Aspect } from './aspects.ts';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface FeedbackAnalysis {
  language: DetectedLanguage;
  sentiment: SentimentLabel;
  /** −1 … 1. */
  score: number;
  /** Stemmed topic words and two-word phrases, most telling first. */
  keywords: string[];
  /** Shipped themes mentioned (price, staff, …), in order of first mention. */
  aspects: Aspect[];
}

// Words with no topic in survey answers on top of the desk's stop words.
const SURVEY_STOP = new Set(['her', 'şey', 'hər', 'şeyi', 'hersey', 'everything', 'thing', 'things', 'always', 'again', 'also', 'still', 'all', 'olsun', 'oldu', 'idi', 'edir', 'etdi', 'olur',
  'there', 'what', 'when', 'got', 'get', 'one', 'time', 'some', 'any', 'much', 'more', 'less', 'would', 'were', 'came', 'come', 'back', 'since', 'only', 'even', 'week', 'day', 'days',
  'gün', 'bugün', 'dün', 'kere', 'dəfə', 'yine', 'hep', 'hemen', 'artıq', 'sonra', 'geldim', 'gəldim', 'bir', 'iki', 'üç', 'dedi', 'dedim', 'you', 'guys', 'yenə', 'həmişə', 'daim', 'sizin', 'siz', 'bu', 'onu', 'bizi']
  .map(matchingForm));

// Turkic negative verb forms after a stem: -mA- (not -mAk infinitive, not -mAlI necessity), -mIyor, -mIr.
const NEGATIVE_VERB_REST = /^(m[ae](?![kq]$)(?!li)|m[iu]yor|m[iu]r)/;
const MIN_PREFIX = 3;
const MAX_PREFIX = 14;

interface WordInfo { folded: string; entry: LexiconEntry | null; polarity: number; topic: boolean }

const cache = new Map<string, WordInfo>();

function lookup(folded: string): { entry: LexiconEntry; polarity: number } | null {
  const exact = LEXICON.exact.get(folded);
  if (exact) return { entry: exact, polarity: exact.polarity };
  for (let n = Math.min(MAX_PREFIX, folded.length); n >= MIN_PREFIX; n--) {
    const entry = LEXICON.prefixes.get(folded.slice(0, n));
    if (!entry) continue;
    const rest = folded.slice(n);
    return { entry, polarity: entry.verb && NEGATIVE_VERB_REST.test(rest) ? -entry.polarity : entry.polarity };
  }
  return null;
}

function infoOf(raw: string): WordInfo {
  let info = cache.get(raw);
  if (info) return info;
  const folded = matchingForm(raw);
  const hit = lookup(folded);
  const topic = !hit && folded.length >= 3 && !ALL_STOP_WORDS.has(folded) && !SURVEY_STOP.has(folded)
    && !NEGATORS_BEFORE.has(folded) && !NEGATORS_AFTER.has(folded) && !INTENSIFIERS.has(folded) && !CONTRASTS.has(folded);
  info = { folded, entry: hit?.entry ?? null, polarity: hit?.polarity ?? 0, topic };
  if (cache.size > 300_000) cache.clear();
  cache.set(raw, info);
  return info;
}

/** A light English stemmer: plural, -ing, -ed, -ly; enough to join "delays" and "delayed". */
export function stemEnglish(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ly')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const CONTRACTION = /n['’]t\b/gi;
const CLAUSE = /[.,;:!?\n]+|\s[-–—]\s/;
// A Turkic verb in the negative past ("vermədi", "yüklenmedi", "olunmayıb"): said of a service, a complaint.
const NEGATIVE_PAST = /m[ae]d[iu](m|n|k|lar|ler|niz|nuz)?$|m[ae]y[iu]b$/;
// English "did not / does not / never" + a verb: "did not answer", "never arrived".
const ENGLISH_FAILURE = new Set(['didnt', 'doesnt', 'never', 'nobody', 'cannot', 'cant', 'wasnt']);
const LIKE_SUBJECTS = new Set(['i', 'we', 'really', 'did', 'didnt', 'dont', 'do', 'they', 'you', 'would', 'not']);
const RESOLUTION = new Set<string>();

function isResolution(w: WordInfo): boolean {
  if (!w.entry) return false;
  if (RESOLUTION.size === 0) for (const f of RESOLUTION_FORMS) RESOLUTION.add(f);
  return RESOLUTION.has(w.entry.form);
}

function clauseContributions(words: readonly WordInfo[]): number[] {
  const out: number[] = [];
  const polarities = words.map((w, i) => {
    if (w.folded === 'like') return LIKE_SUBJECTS.has(words[i - 1]?.folded ?? '') ? 1 : 0;
    // Reduplication ("tez-tez" often, "sık sık") is an adverb, not an opinion.
    if (words[i + 1]?.folded === w.folded || words[i - 1]?.folded === w.folded) return 0;
    return w.polarity;
  });
  const resolved = words.some((w, i) => polarities[i] === 1 && isResolution(w));
  let opinionated = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const polarity = polarities[i] ?? 0;
    if (!w || polarity === 0) continue;
    opinionated = true;
    let negated = false;
    for (let k = Math.max(0, i - 2); k < i; k++) if (NEGATORS_BEFORE.has(words[k]?.folded ?? '')) negated = true;
    for (let k = i + 1; k <= Math.min(words.length - 1, i + 2); k++) {
      const next = words[k];
      if (!next) continue;
      if (NEGATORS_AFTER.has(next.folded) || (next.polarity === 0 && NEGATIVE_PAST.test(next.folded))) { negated = true; break; }
      if ((polarities[k] ?? 0) !== 0) break; // the negator belongs to the nearer word
    }
    let value = negated ? -polarity : polarity;
    if (value < 0 && resolved && !negated) continue; // "solved my problem": the problem is not the complaint
    const before = words[i - 1];
    if (before && INTENSIFIERS.has(before.folded)) value *= 1.5;
    out.push(value);
  }
  if (!opinionated) {
    // No opinion word, but a failure said in so many words: "cavab vermədi", "did not answer".
    const failed = words.some((w, i) => (i > 0 && NEGATIVE_PAST.test(w.folded)) || ENGLISH_FAILURE.has(w.folded));
    if (failed) out.push(-0.6);
  }
  return out;
}

/** Language, sentiment, keywords and themes of one free-text answer. */
export function analyseFeedback(text: string): FeedbackAnalysis {
  const language = detectLanguage(text);
  const words: WordInfo[] = [];
  const contributions: number[] = [];
  for (const clause of text.replace(CONTRACTION, 'nt').split(CLAUSE)) {
    const clauseWords: WordInfo[] = [];
    forEachWord(clause, (w) => clauseWords.push(infoOf(w)));
    // What comes after "but" is what the customer means: halve what came before.
    let start = 0;
    for (let i = 0; i <= clauseWords.length; i++) {
      const w = clauseWords[i];
      if (i === clauseWords.length || (w && CONTRASTS.has(w.folded))) {
        contributions.push(...clauseContributions(clauseWords.slice(start, i)));
        if (i < clauseWords.length) for (let k = 0; k < contributions.length; k++) contributions[k] = (contributions[k] ?? 0) * 0.5;
        start = i + 1;
      }
    }
    words.push(...clauseWords);
  }
  let total = 0;
  for (const c of contributions) total += c;
  const score = Math.tanh(total / 1.5);
  const sentiment: SentimentLabel = score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral';

  const stem = language === 'en' ? stemEnglish : stemTurkic;
  const keywords: string[] = [];
  const seen = new Set<string>();
  const aspects: Aspect[] = [];
  let previous: string | null = null;
  for (const w of words) {
    const aspect = aspectOfWord(w.folded);
    if (aspect && !aspects.includes(aspect)) aspects.push(aspect);
    if (!w.topic) { previous = null; continue; }
    const s = stem(w.folded);
    if (!seen.has(s)) { seen.add(s); keywords.push(s); }
    if (previous) {
      const phrase = `${previous} ${s}`;
      if (!seen.has(phrase)) { seen.add(phrase); keywords.push(phrase); }
    }
    previous = s;
  }
  return { language, sentiment, score: Math.round(score * 1000) / 1000, keywords, aspects };
}

/**
 * Many answers at once, in memory: the per-spelling cache is shared across the
 * batch, so a batch of thousands costs little more than its distinct words.
 */
export function analyseFeedbackBatch(texts: readonly string[]): FeedbackAnalysis[] {
  const out: FeedbackAnalysis[] = new Array<FeedbackAnalysis>(texts.length);
  for (let i = 0; i < texts.length; i++) out[i] = analyseFeedback(texts[i] ?? '');
  return out;
}
