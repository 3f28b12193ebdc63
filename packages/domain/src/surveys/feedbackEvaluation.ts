// Measures the feedback analysis on a labelled set (fixtures/feedback.*.txt):
// sentiment accuracy and macro-F1, theme accuracy and language detection.
import { analyseFeedback, type SentimentLabel } from './feedbackAnalysis.ts';

export interface LabelledAnswer { text: string; sentiment: SentimentLabel; topic: string; language: 'az' | 'tr' | 'en' }

const LABELS: Record<string, SentimentLabel> = { p: 'positive', o: 'neutral', n: 'negative' };

/** Parses `label|topic|text` lines; `#` starts a comment. */
export function parseLabelledAnswers(text: string, language: 'az' | 'tr' | 'en'): LabelledAnswer[] {
  const out: LabelledAnswer[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [label, topic, ...rest] = line.split('|');
    const sentiment = LABELS[label ?? ''];
    if (!sentiment || !topic || rest.length === 0) throw new Error(`bad labelled line: ${line}`);
    out.push({ text: rest.join('|').trim(), sentiment, topic, language });
  }
  return out;
}

export interface FeedbackEvaluation {
  n: number;
  sentimentAccuracy: number;
  sentimentMacroF1: number;
  /** The first shipped theme found equals the labelled one ('-' = none found). */
  topicAccuracy: number;
  languageAccuracy: number;
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
  misses: { text: string; expected: SentimentLabel; got: SentimentLabel }[];
}

export function evaluateFeedback(items: readonly LabelledAnswer[]): FeedbackEvaluation {
  const labels: SentimentLabel[] = ['positive', 'neutral', 'negative'];
  const confusion = Object.fromEntries(labels.map((l) => [l, Object.fromEntries(labels.map((m) => [m, 0]))])) as FeedbackEvaluation['confusion'];
  let sentimentHits = 0, topicHits = 0, languageHits = 0;
  const misses: FeedbackEvaluation['misses'] = [];
  for (const item of items) {
    const a = analyseFeedback(item.text);
    confusion[item.sentiment][a.sentiment]++;
    if (a.sentiment === item.sentiment) sentimentHits++; else misses.push({ text: item.text, expected: item.sentiment, got: a.sentiment });
    if ((a.aspects[0] ?? '-') === item.topic) topicHits++;
    if (a.language === item.language) languageHits++;
  }
  let f1Sum = 0;
  for (const l of labels) {
    const tp = confusion[l][l];
    const predicted = labels.reduce((s, m) => s + confusion[m][l], 0);
    const actual = labels.reduce((s, m) => s + confusion[l][m], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    f1Sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const n = items.length;
  return {
    n, confusion, misses,
    sentimentAccuracy: n ? sentimentHits / n : 0,
    sentimentMacroF1: f1Sum / labels.length,
    topicAccuracy: n ? topicHits / n : 0,
    languageAccuracy: n ? languageHits / n : 0,
  };
}
