import type { loyaltyProgrammes } from './schema.ts';

export type ProgrammeRow = typeof loyaltyProgrammes.$inferSelect;

/** A programme row as row_to_json gives it. */
export interface StoredProgrammeJson {
  workspace_id: string; id: string; name: string; currency: string; point_value_minor: number; return_window_days: number;
  expiry_months: number | null; expiry_warning_days: number; negative_balance: string; earning: ProgrammeRow['earning'];
  burning: ProgrammeRow['burning']; tier_settings: ProgrammeRow['tierSettings']; referral: ProgrammeRow['referral'];
  status: string; rules_version: number; created_at: string; updated_at: string;
}

export function programmeRowOf(j: StoredProgrammeJson): ProgrammeRow {
  return {
    workspaceId: j.workspace_id, id: j.id, name: j.name, currency: j.currency, pointValueMinor: Number(j.point_value_minor),
    returnWindowDays: Number(j.return_window_days), expiryMonths: j.expiry_months === null ? null : Number(j.expiry_months),
    expiryWarningDays: Number(j.expiry_warning_days), negativeBalance: j.negative_balance, earning: j.earning, burning: j.burning,
    tierSettings: j.tier_settings, referral: j.referral, status: j.status, rulesVersion: Number(j.rules_version),
    createdAt: new Date(j.created_at), updatedAt: new Date(j.updated_at),
  };
}
