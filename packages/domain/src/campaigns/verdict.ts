// A result in words a loyalty specialist can act on. The code is stable (the
// web app translates it); the numbers that go with it are in the result.
import type { MeanComparison, ProportionComparison } from './tests.ts';

export type VerdictCode =
  | 'too_early' // the test has not reached the customers it needs
  | 'no_data'
  | 'not_significant_yet'
  | 'no_effect' // enough customers, and the interval is tight around zero
  | 'worked_profitable'
  | 'worked_unprofitable'
  | 'harmful';

export interface Verdict { code: VerdictCode; significant: boolean; direction: 'up' | 'down' | 'none' }

export function campaignVerdict(input: {
  conversion: ProportionComparison | null;
  revenue: MeanComparison | null;
  roi: number | null;
  /** Customers the plan said the test needs (from the sample-size calculator), if known. */
  plannedCustomers?: number | null;
  customers: number;
  alpha?: number;
  /** The campaign window has ended. */
  finished: boolean;
}): Verdict {
  const alpha = input.alpha ?? 0.05;
  const { conversion, revenue } = input;
  if (!conversion && !revenue) return { code: 'no_data', significant: false, direction: 'none' };
  // Revenue decides when it is significant; conversion otherwise.
  const revenueSignificant = revenue !== null && revenue.pValue < alpha;
  const conversionSignificant = conversion !== null && conversion.pValue < alpha;
  const effect = revenueSignificant ? revenue.difference : conversionSignificant ? conversion.difference : 0;
  if (revenueSignificant || conversionSignificant) {
    if (effect < 0) return { code: 'harmful', significant: true, direction: 'down' };
    const profitable = input.roi === null ? true : input.roi > 0;
    return { code: profitable ? 'worked_profitable' : 'worked_unprofitable', significant: true, direction: 'up' };
  }
  const planned = input.plannedCustomers ?? null;
  if (!input.finished || (planned !== null && input.customers < planned)) {
    return { code: planned !== null && input.customers < planned ? 'too_early' : 'not_significant_yet', significant: false, direction: 'none' };
  }
  return { code: 'no_effect', significant: false, direction: 'none' };
}
