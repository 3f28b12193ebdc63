/**
 * The key account manager's work cycle (seed 002): every new pipeline starts
 * with these stages. A deal is won when it reaches a stage whose outcome is
 * 'won' (closing signed); the two stages after it keep the account worked
 * (post-contract support, asking for a referral) without reopening the deal.
 */
export const WORK_CYCLE = [
  { key: 'prospect', probability: 5, outcome: 'open' },
  { key: 'appointment', probability: 10, outcome: 'open' },
  { key: 'preparation', probability: 15, outcome: 'open' },
  { key: 'contact', probability: 20, outcome: 'open' },
  { key: 'needs', probability: 30, outcome: 'open' },
  { key: 'presentation', probability: 45, outcome: 'open' },
  { key: 'objections', probability: 60, outcome: 'open' },
  { key: 'closing', probability: 80, outcome: 'open' },
  { key: 'support', probability: 100, outcome: 'won' },
  { key: 'referral', probability: 100, outcome: 'won' },
] as const satisfies readonly StageTemplate[];

export type StageOutcome = 'open' | 'won';
export interface StageTemplate { key: string; probability: number; outcome: StageOutcome }
export type WorkCycleStage = (typeof WORK_CYCLE)[number]['key'];

/** Stage names in the three languages, for pipelines created by the server and for PDFs. */
export const WORK_CYCLE_NAMES: Record<WorkCycleStage, { az: string; tr: string; en: string }> = {
  prospect: { az: 'Potensial müştəri', tr: 'Potansiyel müşteri', en: 'Prospect' },
  appointment: { az: 'Telefonla görüş təyini', tr: 'Telefonla randevu', en: 'Appointment by phone' },
  preparation: { az: 'Görüşə hazırlıq', tr: 'Görüşmeye hazırlık', en: 'Meeting preparation' },
  contact: { az: 'Tanışlıq', tr: 'Temas', en: 'Contact' },
  needs: { az: 'Ehtiyacların müəyyənləşdirilməsi', tr: 'İhtiyaç analizi', en: 'Needs' },
  presentation: { az: 'Təqdimat', tr: 'Sunum', en: 'Presentation' },
  objections: { az: 'Etirazlar', tr: 'İtirazlar', en: 'Objections' },
  closing: { az: 'Razılaşma', tr: 'Satışı kapama', en: 'Closing' },
  support: { az: 'Müqavilədən sonrakı dəstək', tr: 'Sözleşme sonrası destek', en: 'Post-contract support' },
  referral: { az: 'Tövsiyə', tr: 'Referans', en: 'Referral' },
};

export type DealStatus = 'open' | 'won' | 'lost';

/** What a move to a stage does to the deal's status: reaching a won stage wins it; a lost deal stays lost until reopened. */
export function statusAfterMove(current: DealStatus, target: { outcome: StageOutcome }): DealStatus {
  if (target.outcome === 'won') return 'won';
  return current === 'lost' ? 'lost' : 'open';
}

export interface StageVisit { stageId: string; enteredAt: number; leftAt: number | null }

/** Milliseconds spent in each stage, visits summed (a deal can go back), the open visit counted up to `now`. */
export function timeInStages(visits: readonly StageVisit[], now: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of visits) {
    const end = v.leftAt ?? now;
    out.set(v.stageId, (out.get(v.stageId) ?? 0) + Math.max(0, end - v.enteredAt));
  }
  return out;
}

/** Probability-weighted value of a deal, in minor units, rounded half up. */
export function weightedValue(valueMinor: number, probabilityPercent: number): number {
  return Math.floor((valueMinor * probabilityPercent + 50) / 100);
}
