// Score summaries of NPS, CSAT and CES answers. Pure arithmetic over the raw
// answers, so results pages, exports and the bench agree to the last digit.

export type SurveyType = 'nps' | 'csat' | 'ces' | 'custom';

/** The answer range of each scored survey type. */
export const SCORE_RANGE: Readonly<Record<Exclude<SurveyType, 'custom'>, { min: number; max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  // CES 2.0: "The company made it easy to handle my issue", 1 = strongly disagree … 7 = strongly agree.
  ces: { min: 1, max: 7 },
};

export function isValidScore(type: SurveyType, score: number): boolean {
  if (type === 'custom') return false;
  const r = SCORE_RANGE[type];
  return Number.isInteger(score) && score >= r.min && score <= r.max;
}

export type NpsGroup = 'promoter' | 'passive' | 'detractor';

export function npsGroup(score: number): NpsGroup {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/**
 * Whether an answer is unhappy enough to close the loop with a follow-up case:
 * NPS detractors (0–6), CSAT 1–2, CES 1–3 (the effort was not easy).
 */
export function isUnhappyScore(type: SurveyType, score: number | null): boolean {
  if (score === null || type === 'custom') return false;
  if (type === 'nps') return score <= 6;
  if (type === 'csat') return score <= 2;
  return score <= 3;
}

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100 … 100, null without answers. */
  nps: number | null;
  /** 95% confidence interval of the NPS, clipped to [−100, 100]. */
  ci95: { low: number; high: number } | null;
  standardError: number | null;
}

const Z95 = 1.959963984540054;

/**
 * NPS = 100 · (p_P − p_D) from counts of promoters, passives and detractors.
 *
 * Its variance treats the NPS as a difference of two proportions taken from
 * the SAME multinomial sample (so they are negatively correlated):
 *   Var(p_P − p_D) = [p_P(1 − p_P) + p_D(1 − p_D) + 2·p_P·p_D] / n
 *                  = [p_P + p_D − (p_P − p_D)²] / n
 * and the Wald interval is NPS ± 1.96 · 100 · √Var.
 * Source: B. Rocks, "Interval Estimation for the 'Net Promoter Score'",
 * The American Statistician 70(4), 365–372 (2016), section 2 (the Wald
 * interval for a difference of multinomial proportions).
 */
export function npsFromCounts(promoters: number, passives: number, detractors: number): NpsSummary {
  const n = promoters + passives + detractors;
  if (n === 0) return { responses: 0, promoters, passives, detractors, nps: null, ci95: null, standardError: null };
  const pP = promoters / n;
  const pD = detractors / n;
  const nps = 100 * (pP - pD);
  const variance = Math.max(0, pP + pD - (pP - pD) ** 2) / n;
  const se = 100 * Math.sqrt(variance);
  return {
    responses: n, promoters, passives, detractors, nps, standardError: se,
    ci95: { low: Math.max(-100, nps - Z95 * se), high: Math.min(100, nps + Z95 * se) },
  };
}

export function npsSummary(scores: readonly number[]): NpsSummary {
  let p = 0, q = 0, d = 0;
  for (const s of scores) {
    const g = npsGroup(s);
    if (g === 'promoter') p++; else if (g === 'passive') q++; else d++;
  }
  return npsFromCounts(p, q, d);
}

export interface CsatSummary {
  responses: number;
  /** Answers of 4 or 5. */
  satisfied: number;
  /** Percent satisfied, 0–100; null without answers. */
  csat: number | null;
  average: number | null;
}

/** CSAT % = share of 4–5 answers on the 1–5 scale (the "top-two-box" convention). */
export function csatSummary(scores: readonly number[]): CsatSummary {
  const n = scores.length;
  if (n === 0) return { responses: 0, satisfied: 0, csat: null, average: null };
  let satisfied = 0, sum = 0;
  for (const s of scores) { if (s >= 4) satisfied++; sum += s; }
  return { responses: n, satisfied, csat: (100 * satisfied) / n, average: sum / n };
}

export interface CesSummary {
  responses: number;
  /** Mean of the 1–7 answers; higher = easier. */
  average: number | null;
  /** Percent answering 5–7 (found it easy). */
  easyShare: number | null;
}

export function cesSummary(scores: readonly number[]): CesSummary {
  const n = scores.length;
  if (n === 0) return { responses: 0, average: null, easyShare: null };
  let easy = 0, sum = 0;
  for (const s of scores) { if (s >= 5) easy++; sum += s; }
  return { responses: n, average: sum / n, easyShare: (100 * easy) / n };
}

/** Response rate in percent: answers over invitations actually delivered. */
export function responseRate(answered: number, delivered: number): number | null {
  return delivered > 0 ? (100 * answered) / delivered : null;
}
