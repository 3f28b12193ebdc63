// Small pieces shared by the key-account pages.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { Badge } from '../../app/ui';
import { WORK_CYCLE_KEYS, type KeyAccount } from './types';

const BAND_TONE = { healthy: 'success', watch: 'warning', at_risk: 'danger' } as const;

export function HealthBadge({ health }: { health: KeyAccount['health'] }) {
  const { t } = useTranslation();
  return <Badge tone={BAND_TONE[health.band]}>{t('accounts.health.score', { score: health.score })} · {t(`accounts.health.band.${health.band}`)}</Badge>;
}

/** A stage as people know it: the work-cycle stages in the UI language, others by the name they were given. */
export function useStageLabel() {
  const { t } = useTranslation();
  return (stage: { key?: string | null; name: string }) =>
    stage.key && (WORK_CYCLE_KEYS as readonly string[]).includes(stage.key) ? t(`accounts.stage.${stage.key}`) : stage.name;
}

/** Amounts in several currencies, side by side. */
export function MoneyList({ values }: { values: Record<string, number> }) {
  const fmt = useFormat();
  const entries = Object.entries(values);
  if (entries.length === 0) return <span>{fmt.money(0, 'AZN')}</span>;
  return <span>{entries.map(([currency, minor]) => fmt.money(minor, currency)).join(' + ')}</span>;
}

export function Money({ value }: { value: { amountMinor: number; currency: string } }) {
  const fmt = useFormat();
  return <span className="nowrap">{fmt.money(value.amountMinor, value.currency)}</span>;
}

/** Today as YYYY-MM-DD in the browser's calendar, for date inputs. */
export const todayYmd = () => new Date().toISOString().slice(0, 10);

/** Whole currency units typed by a person → integer minor units. */
export function toMinor(text: string): number | null {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Integer minor units → the plain number a person edits ("1250.50"); the inverse of toMinor. */
export function fromMinor(minor: number): string {
  const whole = Math.floor(minor / 100);
  const fraction = minor % 100;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, '0')}`;
}

/** A textarea with one point per line (SWOT, goals) → the list the API takes; blank lines are not points. */
export const linesOf = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

/** The first server error on a field or anything inside it ("strengths" covers "strengths.2"), for lists edited as one input. */
export function errorUnder<E>(errors: Record<string, E>, field: string): E | undefined {
  const key = Object.keys(errors).find((k) => k === field || k.startsWith(`${field}.`));
  return key === undefined ? undefined : errors[key];
}
