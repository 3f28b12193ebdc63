// What a campaign earned against what it cost, all in minor units.

export interface Economics {
  /** (revenue per treated − revenue per control) × treated customers. */
  incrementalRevenueMinor: number;
  incrementalMarginMinor: number;
  costMinor: number;
  /** (incremental margin − cost) / cost; null without cost. */
  roi: number | null;
}

/**
 * Incremental revenue is the uplift per customer scaled to the treated group;
 * margin applies the gross margin rate to it. Comparing against the control
 * (not last year, not non-members) is what makes it incremental.
 */
export function campaignEconomics(input: {
  treatedCustomers: number; revenuePerTreatedMinor: number; revenuePerControlMinor: number; grossMarginRate: number; costMinor: number;
}): Economics {
  const incrementalRevenueMinor = Math.round((input.revenuePerTreatedMinor - input.revenuePerControlMinor) * input.treatedCustomers);
  const incrementalMarginMinor = Math.round(incrementalRevenueMinor * input.grossMarginRate);
  return {
    incrementalRevenueMinor, incrementalMarginMinor, costMinor: input.costMinor,
    roi: roi(incrementalMarginMinor, input.costMinor),
  };
}

/** ROI = (incremental margin − cost) / cost. */
export function roi(incrementalMarginMinor: number, costMinor: number): number | null {
  return costMinor > 0 ? (incrementalMarginMinor - costMinor) / costMinor : null;
}

/** Spend so far plus what the customers still queued would cost, never above the cap. */
export function budgetForecast(input: { spentMinor: number; pendingRecipients: number; costPerRecipientMinor: number; budgetMinor: number | null }): number {
  const forecast = input.spentMinor + input.pendingRecipients * input.costPerRecipientMinor;
  return input.budgetMinor === null ? forecast : Math.min(input.budgetMinor, forecast);
}
