// The monthly report: for me or (with accounts:manage) the team, on screen with charts, or as PDF and XLSX.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { ErrorNotice, Loading, TextField } from '../../app/ui';
import { EChart } from '../analytics/EChart';
import { COLORS, type ChartOption } from '../analytics/echarts';
import { exportUrl, useReport } from './api';
import { MoneyList } from './parts';
import type { MonthlyReport } from './types';

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useMe();
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const [team, setTeam] = useState(can('accounts:manage'));
  const ownerId = team ? undefined : me.user.id;
  const report = useReport(month, ownerId);
  return (
    <div className="stack" data-testid="report">
      <div className="kam-toolbar">
        <TextField type="month" label={t('accounts.report.month')} value={month} onChange={(v) => v && setMonth(v)} testId="report-month" />
        {can('accounts:manage') ? (
          <div className="segmented" role="group" aria-label={t('accounts.report.scope')}>
            <button type="button" className={`btn btn--ghost${team ? ' is-active' : ''}`} aria-pressed={team} onClick={() => setTeam(true)}>{t('accounts.report.team')}</button>
            <button type="button" className={`btn btn--ghost${!team ? ' is-active' : ''}`} aria-pressed={!team} onClick={() => setTeam(false)}>{t('accounts.report.mine')}</button>
          </div>
        ) : null}
        <a className="btn btn--ghost" href={exportUrl(month, 'pdf', i18n.language, ownerId)} download data-testid="report-pdf">{t('accounts.report.pdf')}</a>
        <a className="btn btn--ghost" href={exportUrl(month, 'xlsx', i18n.language, ownerId)} download data-testid="report-xlsx">{t('accounts.report.xlsx')}</a>
      </div>
      {report.isPending ? <Loading /> : report.isError ? <ErrorNotice error={report.error} /> : <ReportView report={report.data} />}
    </div>
  );
}

function ReportView({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const target = report.revenue.targetMinor;
  const actual = report.revenue.actual[report.revenue.currency] ?? 0;
  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('accounts.report.openDeals'), t('accounts.report.entered')] },
    grid: { left: 40, right: 16, top: 36, bottom: 70 },
    xAxis: { type: 'category', data: report.pipeline.map((p) => p.stageName), axisLabel: { rotate: 30, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('accounts.report.openDeals'), type: 'bar', data: report.pipeline.map((p) => p.count), itemStyle: { color: COLORS.primary } },
      { name: t('accounts.report.entered'), type: 'bar', data: report.pipeline.map((p) => p.entered), itemStyle: { color: COLORS.accent } },
    ],
  }), [report, t]);
  return (
    <div className="stack">
      <div className="kpis" data-testid="report-kpis">
        <Kpi label={t('accounts.report.newAccounts')} value={fmt.number(report.newAccounts)} />
        <Kpi label={t('accounts.report.meetingsHeld')} value={fmt.number(report.meetingsHeld)} testId="kpi-meetings" />
        <Kpi label={t('accounts.report.won')} value={<>{fmt.number(report.won.count)} · <MoneyList values={report.won.values} /></>} />
        <Kpi label={t('accounts.report.lost')} value={<>{fmt.number(report.lost.count)} · <MoneyList values={report.lost.values} /></>} />
        <Kpi label={t('accounts.report.revenueVsTarget')} value={target ? `${fmt.money(actual, report.revenue.currency)} / ${fmt.money(target, report.revenue.currency)} (${fmt.percent(actual / target)})` : fmt.money(actual, report.revenue.currency)} />
        <Kpi label={t('accounts.report.ordersLate')} value={`${fmt.number(report.orders.overdue)} / ${fmt.number(report.orders.created)}`} />
      </div>
      <section className="card">
        <h2 className="card__title">{t('accounts.report.pipeline')}</h2>
        <EChart option={option} height={320} label={t('accounts.report.pipeline')} testId="report-pipeline-chart" />
      </section>
      <div className="kam-grid">
        <section className="card">
          <h2 className="card__title">{t('accounts.report.lostReasons')}</h2>
          {report.lost.reasons.length === 0 ? <p className="muted">—</p> : (
            <ul className="kam-list">{report.lost.reasons.map((r) => <li key={r.reason}>{r.reason || '—'}: {fmt.number(r.count)}</li>)}</ul>
          )}
          <h2 className="card__title kam-mt">{t('accounts.report.lostTo')}</h2>
          <ul className="kam-list">{report.lost.competitors.map((c) => <li key={c.competitorId}>{c.name}: {fmt.number(c.count)}</li>)}</ul>
        </section>
        <section className="card">
          <h2 className="card__title">{t('accounts.report.renewals')}</h2>
          {report.renewalsDue.length === 0 ? <p className="muted">—</p> : (
            <ul className="kam-list">{report.renewalsDue.map((r) => <li key={r.contractId}>{fmt.plainDate(r.renewalOn)} · {r.accountName} · {r.number} · {fmt.money(r.value.amountMinor, r.value.currency)}</li>)}</ul>
          )}
          <p className="small muted kam-mt">{t('accounts.report.orders', { created: report.orders.created, delivered: report.orders.delivered, late: report.orders.lateDelivered })}</p>
        </section>
      </div>
    </div>
  );
}

function Kpi({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{value}</span>
    </div>
  );
}
