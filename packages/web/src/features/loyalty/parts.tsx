// Small pieces shared by the loyalty pages.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../../app/api';
import { currencyDigits } from '../../app/format';
import { useFormat } from '../../app/session';
import { fieldErrorText } from '../../app/ui';
import type { MemberView, TierGap } from './types';

export { currencyDigits };

/** The server's field errors of a failed request, translated, keyed by field path ("burning.minPoints"). */
export function serverFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const [field, e] of Object.entries(error.fieldErrors())) out[field] = fieldErrorText(t, e) ?? e.message;
  return out;
}

/** A signed number of points: +120 / −40. */
export function Points({ value, signed = false }: { value: number; signed?: boolean }) {
  const fmt = useFormat();
  const text = fmt.number(Math.abs(value));
  const sign = value > 0 ? (signed ? '+' : '') : value < 0 ? '−' : '';
  return <span className={`points${signed && value > 0 ? ' points--up' : ''}${value < 0 ? ' points--down' : ''}`}>{sign}{text}</span>;
}

/** A labelled bar (0..1) for progress to the next tier. */
export function Meter({ value, label, detail, testId }: { value: number; label: ReactNode; detail: ReactNode; testId?: string }) {
  const pct = Math.max(0, Math.min(100, Math.floor(value * 100)));
  return (
    <div className="progress-block" data-testid={testId}>
      <div className="progress-block__label"><span>{label}</span><span>{detail}</span></div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={typeof label === 'string' ? label : undefined}>
        <div className="progress__bar" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** One metric of a tier gap, in its unit (points, money, purchases). */
export function useGapText() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (gap: TierGap, currency: string) => {
    const show = (n: number) => (gap.metric === 'spendMinor' ? fmt.money(n, currency) : fmt.number(n));
    return {
      label: t(`loyalty.metric.${gap.metric}`, { defaultValue: gap.metric }),
      detail: t('loyalty.member.gap', { current: show(gap.current), required: show(gap.required) }),
      missing: show(gap.missing),
    };
  };
}

/** Progress to the next tier: one bar per requirement, or "top tier". */
export function TierProgress({ view }: { view: MemberView }) {
  const { t } = useTranslation();
  const gapText = useGapText();
  const tier = view.tier;
  if (!tier) return <p className="muted">{t('loyalty.member.noTiers')}</p>;
  if (!tier.next) return <p data-testid="loyalty-tier-top">{t('loyalty.member.topTier')}</p>;
  return (
    <div className="stack-sm" data-testid="loyalty-tier-progress">
      <p className="small">{t('loyalty.member.toNext', { tier: tier.next.name })}</p>
      {tier.toNext.length ? tier.toNext.map((g) => {
        const text = gapText(g, view.balance.currency);
        return <Meter key={g.metric} value={g.required ? g.current / g.required : 1} label={text.label} detail={text.detail} testId={`loyalty-tier-meter-${g.metric}`} />;
      }) : <p className="muted small">{t('loyalty.member.nextAtReview')}</p>}
    </div>
  );
}
