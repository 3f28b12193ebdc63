// Groups answers into themes a person can read and rename. Shipped aspects
// (price, staff, …) seed themes across languages; other keywords that recur
// form their own themes, and a keyword that mostly appears together with an
// existing theme's lead word joins it (simple co-occurrence clustering).
import type { Aspect } from './aspects.ts';
import type { SentimentLabel } from './feedbackAnalysis.ts';

export interface ThemeDocument {
  id: string;
  keywords: readonly string[];
  aspects: readonly Aspect[];
  sentiment: SentimentLabel;
}

export interface Theme {
  /** Stable key: the aspect ("price") or "kw:" + the lead keyword. Renames are stored against it. */
  key: string;
  /** Keywords seen in the theme's answers, most frequent first. */
  keywords: string[];
  documentIds: string[];
  size: number;
  positive: number;
  neutral: number;
  negative: number;
}

export interface ThemeOptions {
  /** A keyword needs this many answers to become a theme of its own. */
  minDocuments?: number;
  /** Share of a keyword's answers that must also mention a theme for it to join that theme. */
  joinShare?: number;
  maxThemes?: number;
}

export function clusterThemes(docs: readonly ThemeDocument[], options: ThemeOptions = {}): Theme[] {
  const minDocuments = options.minDocuments ?? 3;
  const joinShare = options.joinShare ?? 0.6;
  const maxThemes = options.maxThemes ?? 30;

  // Documents per single keyword (phrases are shown, not clustered on).
  const byKeyword = new Map<string, Set<number>>();
  docs.forEach((d, i) => {
    for (const k of d.keywords) {
      if (k.includes(' ')) continue;
      let set = byKeyword.get(k);
      if (!set) byKeyword.set(k, (set = new Set()));
      set.add(i);
    }
  });

  const members = new Map<string, Set<number>>();
  docs.forEach((d, i) => {
    for (const a of d.aspects) {
      let set = members.get(a);
      if (!set) members.set(a, (set = new Set()));
      set.add(i);
    }
  });

  // Frequent keywords, most frequent first: each joins the theme it co-occurs with most, or leads a new one.
  const frequent = [...byKeyword.entries()].filter(([, s]) => s.size >= minDocuments).sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
  for (const [keyword, set] of frequent) {
    let best: string | null = null;
    let bestShare = 0;
    for (const [key, theme] of members) {
      let overlap = 0;
      for (const i of set) if (theme.has(i)) overlap++;
      const share = overlap / set.size;
      if (share > bestShare) { bestShare = share; best = key; }
    }
    if (best && bestShare >= joinShare) continue; // already covered by that theme
    const key = `kw:${keyword}`;
    members.set(key, new Set(set));
  }

  const themes: Theme[] = [];
  for (const [key, set] of members) {
    const counts = new Map<string, number>();
    let positive = 0, neutral = 0, negative = 0;
    const ids: string[] = [];
    for (const i of set) {
      const d = docs[i];
      if (!d) continue;
      ids.push(d.id);
      if (d.sentiment === 'positive') positive++; else if (d.sentiment === 'negative') negative++; else neutral++;
      for (const k of d.keywords) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const keywords = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8).map(([k]) => k);
    themes.push({ key, keywords, documentIds: ids, size: ids.length, positive, neutral, negative });
  }
  return themes.sort((a, b) => b.size - a.size || a.key.localeCompare(b.key)).slice(0, maxThemes);
}
