// The customer's analytics scores on the 360 page: RFM segment, churn risk, P(alive), CLV, expected purchases
// and the expected next purchase. Renders nothing without analytics:read.
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { ErrorNotice, Loading } from '../../app/ui';
import { useCustomerScores } from './api';
import { analyticsFormat } from './fmt';
import './analytics.css';
import { ChurnBadge, SegmentBadge } from './parts';

export function ScoresPanel({ customerId }: { customerId: string }) {
  const { can } = useMe();
  if (!can('analytics:read')) return null;
  return <ScoresCard customerId={customerId} />;
}

function ScoresCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const q = useCustomerScores(customerId, true);
  const data = q.data;
  const s = data?.score ?? null;
  return (
    <section className="card" aria-labelledby="scores-title" data-testid="customer-scores">
      <h2 id="scores-title" className="card__title">{t('analytics.scores.title')}</h2>
      {q.isPending ? <Loading /> : q.isError ? <ErrorNotice error={q.error} /> : !s || !data ? (
        <p className="muted" data-testid="customer-scores-none">{data?.runId ? t('analytics.scores.notScored') : t('analytics.scores.noRun')}</p>
      ) : (
        <>
          <dl className="dl">
            <div className="dl__row"><dt>{t('analytics.scores.segment')}</dt><dd data-testid="customer-scores-segment"><SegmentBadge segment={s.rfmSegment} /> <span className="muted mono small">{s.recency}-{s.frequency}-{s.monetary}</span></dd></div>
            <div className="dl__row"><dt>{t('analytics.scores.churn')}</dt><dd><ChurnBadge band={s.churnRisk} /></dd></div>
            <div className="dl__row">
              <dt>{t('analytics.scores.pAlive')}</dt>
              <dd>
                <span data-testid="customer-scores-palive">{af.percent1(s.pAlive)}</span>
                <span className="share-bar share-bar--wide" aria-hidden="true"><span style={{ width: `${s.pAlive * 100}%` }} /></span>
              </dd>
            </div>
            <div className="dl__row"><dt>{t('analytics.scores.clv')}</dt><dd data-testid="customer-scores-clv"><strong>{fmt.money(s.clvMinor, data.currency)}</strong></dd></div>
            <div className="dl__row">
              <dt>{t('analytics.scores.expected')}</dt>
              <dd>{t('analytics.scores.expectedValue', { n: af.decimal(s.expectedPurchases, 1), horizon: fmt.number(data.horizon ?? 0), unit: t(`analytics.unitPlural.${data.unit ?? 'week'}`) })}</dd>
            </div>
            <div className="dl__row"><dt>{t('analytics.scores.next')}</dt><dd>{s.nextPurchaseExpectedOn ? fmt.plainDate(s.nextPurchaseExpectedOn) : <span className="muted">{t('analytics.scores.noNext')}</span>}</dd></div>
            <div className="dl__row"><dt>{t('analytics.scores.spend')}</dt><dd>{fmt.money(s.expectedSpendMinor, data.currency)}</dd></div>
            <div className="dl__row"><dt>{t('analytics.scores.history')}</dt><dd>{t('analytics.scores.historyValue', { n: fmt.number(s.purchases), revenue: fmt.money(s.revenueMinor, data.currency), date: fmt.plainDate(s.lastPurchaseOn) })}</dd></div>
          </dl>
          <p className="muted small">{t('analytics.scores.computed', { date: fmt.dateTime(data.computedAt) })}</p>
        </>
      )}
    </section>
  );
}
