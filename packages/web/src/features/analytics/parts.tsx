// Small pieces shared by the analytics pages.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { analyticsFormat } from './fmt';
import { Badge, EmptyState } from '../../app/ui';
import { CHURN_TONE, type AnalyticsRun, type ChurnRiskBand, type RfmSegmentName } from './types';

const SEGMENT_TONE: Record<RfmSegmentName, 'success' | 'info' | 'accent' | 'warning' | 'danger' | 'neutral'> = {
  champions: 'success', loyal: 'success', potential_loyalist: 'info', new_customers: 'info', promising: 'info',
  need_attention: 'accent', about_to_sleep: 'warning', at_risk: 'danger', cannot_lose: 'danger', hibernating: 'neutral', lost: 'neutral',
};

export function SegmentBadge({ segment }: { segment: RfmSegmentName }) {
  const { t } = useTranslation();
  return <Badge tone={SEGMENT_TONE[segment]}>{t(`analytics.segment.${segment}`)}</Badge>;
}

export function ChurnBadge({ band }: { band: ChurnRiskBand }) {
  const { t } = useTranslation();
  return <Badge tone={CHURN_TONE[band]}>{t(`analytics.churn.${band}`)}</Badge>;
}

/** A labelled progress bar (0..1). */
export function ProgressBar({ value, label, detail, failed, testId, status }: {
  value: number; label: ReactNode; detail?: ReactNode; failed?: boolean; testId?: string; status?: string;
}) {
  const { t } = useTranslation();
  const af = analyticsFormat(useFormat());
  const pct = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className="progress-block" data-testid={testId} data-status={status}>
      <div className="progress-block__label">
        <span>{label}</span>
        <span>{detail ?? af.percent0(pct / 100)}</span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('analytics.progress')}>
        <div className={`progress__bar${failed ? ' progress__bar--failed' : ''}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function RunProgress({ run }: { run: AnalyticsRun }) {
  const { t } = useTranslation();
  return (
    <ProgressBar
      testId="analytics-run-progress" status={run.status} value={run.status === 'done' ? 1 : run.progress} failed={run.status === 'failed'}
      label={<><strong>{t(`analytics.stage.${run.stage}`, { defaultValue: run.stage })}</strong></>}
    />
  );
}

export function Kpi({ label, value, sub, tone, onClick, active, testId }: {
  label: ReactNode; value: ReactNode; sub?: ReactNode; tone?: 'success' | 'warning' | 'danger'; onClick?: () => void; active?: boolean; testId?: string;
}) {
  const body = (
    <>
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{value}</span>
      {sub ? <span className="kpi__sub">{sub}</span> : null}
    </>
  );
  const cls = `kpi${tone ? ` kpi--${tone}` : ''}${active ? ' kpi--active' : ''}`;
  return onClick ? (
    <button type="button" className={`${cls} kpi--button`} onClick={onClick} aria-pressed={active} data-testid={testId}>{body}</button>
  ) : <div className={cls} data-testid={testId}>{body}</div>;
}

/** Radio buttons that look like a segmented control. */
export function Segmented<T extends string>({ value, options, onChange, label, testId }: {
  value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void; label: string; testId?: string;
}) {
  return (
    <fieldset className="segmented" data-testid={testId}>
      <legend className="visually-hidden">{label}</legend>
      {options.map((o) => (
        <label key={o.value} className={`segmented__opt${o.value === value ? ' segmented__opt--on' : ''}`}>
          <input type="radio" name={label} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Shown before the first finished run: where the data comes from and how to compute it. */
export function NoRunYet() {
  const { t } = useTranslation();
  const { can } = useMe();
  return (
    <div className="card">
      <EmptyState title={t('analytics.empty.title')}>
        <p>{t('analytics.empty.body')}</p>
        {can('analytics:manage') ? (
          <span className="analytics-actions">
            <Link className="btn btn--ghost" to="/analytics/import">{t('analytics.empty.import')}</Link>
            <Link className="btn btn--primary" to="/analytics/models">{t('analytics.empty.refresh')}</Link>
          </span>
        ) : null}
      </EmptyState>
    </div>
  );
}
