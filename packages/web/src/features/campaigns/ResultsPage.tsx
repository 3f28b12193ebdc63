// A campaign's measured result: the verdict in words, uplifts with their 95%
// intervals as bars around zero, treated vs control over time, cost and ROI.
import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading } from '../../app/ui';
import { EChart } from '../analytics/EChart';
import { COLORS, type ChartOption } from '../analytics/echarts';
import { useCampaign, useResults, type CampaignResults } from './api';

type Period = CampaignResults['window'];

export function ResultsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const campaign = useCampaign(id);
  const results = useResults(id);
  const c = campaign.data;
  const r = results.data;
  const chart = useMemo<ChartOption | null>(() => (r ? {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('campaigns.results.treated'), t('campaigns.results.control')] },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: r.daily.map((d) => d.date) },
    yAxis: { type: 'value', name: t('campaigns.results.revenuePerCustomer') },
    series: [
      { name: t('campaigns.results.treated'), type: 'line', data: r.daily.map((d) => d.treatedRevenuePerCustomer / 100), color: COLORS.primary },
      { name: t('campaigns.results.control'), type: 'line', data: r.daily.map((d) => d.controlRevenuePerCustomer / 100), color: COLORS.muted },
    ],
  } : null), [r, t]);
  if (campaign.error) return <ErrorNotice error={campaign.error} />;
  if (!c || !r) return <Loading />;
  const money = (minor: number) => fmt.money(Math.round(minor), r.currency);
  return (
    <div className="campaigns__stack" data-testid="campaign-results">
      <section className="card">
        <div className="campaigns__row campaigns__row--between">
          <h2>{c.name}</h2>
          <div className="campaigns__row">
            <Badge tone="info">{t(`campaigns.statusName.${c.status}`)}</Badge>
            <button type="button" className="btn" onClick={() => { void results.refetch(); void campaign.refetch(); }} data-testid="results-refresh">{t('campaigns.results.refresh')}</button>
            {can('customers:export') ? <a className="btn btn--ghost" href={`/api/v1/campaigns/${c.id}/audience`} download>{t('campaigns.results.exportAudience')}</a> : null}
          </div>
        </div>
        <p>{t('campaigns.results.delivery', {
          treated: fmt.number(c.counts.treated), control: fmt.number(c.counts.control), issued: fmt.number(c.counts.issued),
          sent: fmt.number(c.counts.emailsSent), skipped: fmt.number(c.counts.emailsSkipped + c.counts.skippedBudget + c.counts.skippedFrequency),
        })}</p>
        <p className={`verdict verdict--${r.verdict.code}`} data-testid="verdict" data-verdict={r.verdict.code}>
          <strong>{t(`campaigns.verdict.${r.verdict.code}`)}</strong>
        </p>
      </section>
      <PeriodCard title={t('campaigns.results.window')} period={r.window} money={money} />
      {r.postWindow ? <PeriodCard title={t('campaigns.results.postWindow')} period={r.postWindow} money={money} /> : null}
      <section className="card">
        <h3>{t('campaigns.results.overTime')}</h3>
        {chart ? <EChart option={chart} height={280} label={t('campaigns.results.overTime')} testId="results-chart" /> : null}
      </section>
      <section className="card campaigns__row" data-testid="economics">
        <Stat label={t('campaigns.results.incrementalRevenue')} value={money(r.economics.incrementalRevenueMinor)} />
        <Stat label={t('campaigns.results.incrementalMargin')} value={money(r.economics.incrementalMarginMinor)} />
        <Stat label={t('campaigns.results.cost')} value={money(r.economics.costMinor)} />
        <Stat label={t('campaigns.results.roi')} value={r.economics.roi === null ? '—' : fmt.percent(r.economics.roi)} testId="roi" />
        <Stat label={t('campaigns.budget.spent')} value={`${money(r.budget.spentMinor)}${r.budget.budgetMinor !== null ? ` / ${money(r.budget.budgetMinor)}` : ''}`} />
        <Stat label={t('campaigns.budget.forecast')} value={money(r.budget.forecastMinor)} />
      </section>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return <div className="stat" data-testid={testId}><span className="stat__label">{label}</span><strong>{value}</strong></div>;
}

function PeriodCard({ title, period, money }: { title: string; period: Period; money: (minor: number) => string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows: { key: string; label: string; estimate: number; low: number; high: number; p: number; show: (x: number) => string }[] = [];
  if (period.conversion) rows.push({ key: 'conversion', label: t('campaigns.results.conversion'), estimate: period.conversion.difference, low: period.conversion.differenceCi.low, high: period.conversion.differenceCi.high, p: period.conversion.pValue, show: pct });
  if (period.revenuePerCustomer) rows.push({ key: 'revenue', label: t('campaigns.results.revenuePerCustomer'), estimate: period.revenuePerCustomer.difference, low: period.revenuePerCustomer.differenceCi.low, high: period.revenuePerCustomer.differenceCi.high, p: period.revenuePerCustomer.pValue, show: money });
  if (period.purchasesPerCustomer) rows.push({ key: 'purchases', label: t('campaigns.results.purchasesPerCustomer'), estimate: period.purchasesPerCustomer.difference, low: period.purchasesPerCustomer.differenceCi.low, high: period.purchasesPerCustomer.differenceCi.high, p: period.purchasesPerCustomer.pValue, show: (x) => x.toFixed(2) });
  if (period.pointsRedeemedPerCustomer) rows.push({ key: 'points', label: t('campaigns.results.pointsPerCustomer'), estimate: period.pointsRedeemedPerCustomer.difference, low: period.pointsRedeemedPerCustomer.differenceCi.low, high: period.pointsRedeemedPerCustomer.differenceCi.high, p: period.pointsRedeemedPerCustomer.pValue, show: (x) => x.toFixed(1) });
  return (
    <section className="card" data-testid="period-card">
      <h3>{title}: {fmt.date(period.from)} – {fmt.date(period.to)}</h3>
      <table className="table">
        <thead><tr><th /><th>{t('campaigns.results.customers')}</th><th>{t('campaigns.results.converted')}</th><th>{t('campaigns.results.purchases')}</th><th>{t('campaigns.results.revenue')}</th><th>{t('campaigns.results.pointsRedeemed')}</th></tr></thead>
        <tbody>
          {(['treated', 'control'] as const).map((g) => (
            <tr key={g} data-testid={`group-${g}`}>
              <th>{t(`campaigns.results.${g}`)}</th>
              <td>{fmt.number(period[g].customers)}</td><td>{fmt.number(period[g].converted)}</td><td>{fmt.number(period[g].purchases)}</td>
              <td>{money(period[g].revenueMinor)}</td><td>{fmt.number(period[g].pointsRedeemed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('campaigns.results.uplift')}</h4>
      <ul className="ci-bars">
        {rows.map((row) => {
          const extent = Math.max(Math.abs(row.low), Math.abs(row.high), Math.abs(row.estimate), 1e-9);
          const at = (x: number) => 50 + (x / extent) * 45;
          return (
            <li key={row.key} className="ci-bars__row" data-testid={`ci-${row.key}`}>
              <span className="ci-bars__label">{row.label}</span>
              <span className="ci-bars__track" role="img" aria-label={t('campaigns.results.ciLabel', { estimate: row.show(row.estimate), low: row.show(row.low), high: row.show(row.high) })}>
                <span className="ci-bars__zero" />
                <span className={`ci-bars__range${row.low > 0 ? ' ci-bars__range--up' : row.high < 0 ? ' ci-bars__range--down' : ''}`} style={{ left: `${at(row.low)}%`, width: `${Math.max(0.5, at(row.high) - at(row.low))}%` }} />
                <span className="ci-bars__point" style={{ left: `${at(row.estimate)}%` }} />
              </span>
              <span className="ci-bars__text">{t('campaigns.results.ciText', { estimate: row.show(row.estimate), low: row.show(row.low), high: row.show(row.high), p: row.p < 0.001 ? '< 0.001' : row.p.toFixed(3) })}</span>
            </li>
          );
        })}
      </ul>
      {period.revenueBootstrapCi ? <p className="field__hint">{t('campaigns.results.bootstrap', { low: money(period.revenueBootstrapCi.low), high: money(period.revenueBootstrapCi.high) })}</p> : null}
    </section>
  );
}
