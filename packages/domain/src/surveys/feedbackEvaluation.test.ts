import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFeedback, parseLabelledAnswers } from './feedbackEvaluation.ts';
import { analyseFeedback, analyseFeedbackBatch } from './feedbackAnalysis.ts';
import { clusterThemes } from './themes.ts';

const load = (lang: 'az' | 'tr' | 'en') => parseLabelledAnswers(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `feedback.${lang}.txt`), 'utf8'), lang);

// Floors a little under the measured figures (printed below), so a lexicon change that loses ground fails.
const FLOORS = {
  az: { sentiment: 0.95, topic: 0.88 },
  tr: { sentiment: 0.95, topic: 0.83 },
  en: { sentiment: 0.95, topic: 0.82 },
};

describe('feedback analysis on the labelled answers', () => {
  for (const lang of ['az', 'tr', 'en'] as const) {
    it(`scores ${lang} sentiment and themes above the floor`, () => {
      const items = load(lang);
      expect(items.length).toBeGreaterThanOrEqual(150);
      const e = evaluateFeedback(items);
      console.log(`[surveys] ${lang}: n=${e.n} sentiment accuracy=${e.sentimentAccuracy.toFixed(3)} macro-F1=${e.sentimentMacroF1.toFixed(3)} topic accuracy=${e.topicAccuracy.toFixed(3)} language=${e.languageAccuracy.toFixed(3)}`);
      if (process.env.VEFA_SHOW_MISSES) for (const m of e.misses) console.log(`  ${m.expected} → ${m.got}: ${m.text}`);
      expect(e.sentimentAccuracy).toBeGreaterThanOrEqual(FLOORS[lang].sentiment);
      expect(e.topicAccuracy).toBeGreaterThanOrEqual(FLOORS[lang].topic);
    });
  }

  it('handles negation in each language', () => {
    expect(analyseFeedback('Memnun değilim').sentiment).toBe('negative');
    expect(analyseFeedback('Razı deyiləm').sentiment).toBe('negative');
    expect(analyseFeedback('I am not happy').sentiment).toBe('negative');
    expect(analyseFeedback('Beğenmedim').sentiment).toBe('negative');
    expect(analyseFeedback('Bəyəndim').sentiment).toBe('positive');
    expect(analyseFeedback('Tətbiq işləmir').sentiment).toBe('negative');
    expect(analyseFeedback('Sorun yok').sentiment).toBe('positive');
    expect(analyseFeedback('The cashier was nice but the queue was very long').sentiment).toBe('negative');
  });

  it('clusters answers into themes across languages', () => {
    const docs = [...load('az'), ...load('tr'), ...load('en')].map((item, i) => ({ id: String(i), ...analyseFeedback(item.text) }));
    const themes = clusterThemes(docs);
    const keys = themes.map((t) => t.key);
    for (const aspect of ['staff', 'price', 'delivery', 'app', 'loyalty', 'waiting']) expect(keys).toContain(aspect);
    const price = themes.find((t) => t.key === 'price');
    expect(price && price.size).toBeGreaterThan(20);
    expect(price && price.positive + price.neutral + price.negative).toBe(price?.size);
  });

  it('reads a batch exactly as it reads each answer alone, in order', () => {
    const texts = [...load('tr'), ...load('az'), ...load('en')].map((item) => item.text);
    const batch = analyseFeedbackBatch(texts);
    expect(batch).toHaveLength(texts.length);
    expect(batch).toEqual(texts.map((t) => analyseFeedback(t)));
    expect(new Set(batch.map((a) => a.sentiment))).toEqual(new Set(['positive', 'neutral', 'negative']));
  });
});
