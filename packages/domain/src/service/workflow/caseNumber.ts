// Human-readable case numbers: PREFIX-YEAR-SEQUENCE, e.g. VF-2026-000123.
// The sequence is zero-padded to six digits and simply grows past 999999.

export interface CaseNumber {
  readonly prefix: string;
  readonly year: number;
  readonly sequence: number;
}

export const DEFAULT_CASE_PREFIX = 'VF';
const PREFIX = /^[A-Z][A-Z0-9]{0,9}$/;
const SEQUENCE_DIGITS = 6;

export function isValidCasePrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

export function formatCaseNumber(n: CaseNumber): string {
  if (!isValidCasePrefix(n.prefix)) throw new RangeError(`Case number prefix must be 1–10 capital letters or digits, starting with a letter: "${n.prefix}"`);
  if (!Number.isInteger(n.year) || n.year < 1000 || n.year > 9999) throw new RangeError(`Year out of range: ${n.year}`);
  if (!Number.isSafeInteger(n.sequence) || n.sequence < 1) throw new RangeError(`Sequence must be a positive integer: ${n.sequence}`);
  return `${n.prefix}-${n.year}-${String(n.sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

const PATTERN = /([A-Za-z][A-Za-z0-9]{0,9})-(\d{4})-(\d{6,15})/;

/** Parses "VF-2026-000123" (case-insensitive, surrounding spaces allowed); null when it is not one. */
export function parseCaseNumber(text: string, expectedPrefix?: string): CaseNumber | null {
  const m = new RegExp(`^${PATTERN.source}$`).exec(text.trim());
  if (!m || !m[1] || !m[2] || !m[3]) return null;
  const prefix = m[1].toUpperCase();
  if (expectedPrefix !== undefined && prefix !== expectedPrefix.toUpperCase()) return null;
  const sequence = Number(m[3]);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { prefix, year: Number(m[2]), sequence };
}

/** The canonical spelling of a case number typed by a person ("vf-2026-123" is not one: six digits at least). */
export function normaliseCaseNumber(text: string, expectedPrefix?: string): string | null {
  const n = parseCaseNumber(text, expectedPrefix);
  return n ? formatCaseNumber(n) : null;
}
