// Overview: members, points outstanding and their value, points issued vs redeemed per month, tier distribution.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { ErrorNotice, Loading } from '../../app/ui';
import { EChart } from '../analytics/EChart';
import { COLORS, type ChartOption } from '../analytics/echarts';
import { Kpi } from '../analytics/parts';
import { useSummary } from './api';
import { useProgramme } from './programme';
import { TierChart } from './TiersPage';
import type { ProgrammeSummary } from './types';

export function OverviewPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { programme } = useProgramme();
  const q = useSummary(programme?.id ?? '');
  if (!programme) return null;
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  const s = q.data;
  const last = s.months.at(-1);
  const tiers = s.tiers.filter((x) => x.tierId !== null).map((x) => ({ id: x.tierId ?? '', name: x.name ?? '' }));
  const counts = new Map(s.tiers.map((x) => [x.tierId, x.members]));
  return (
    <div className="stack" data-testid="loyalty-overview">
      <div className="kpis">
        <Kpi label={t('loyalty.overview.members')} value={fmt.number(s.members.total)} sub={t('loyalty.overview.active', { n: fmt.number(s.members.active) })} testId="loyalty-kpi-members" />
        <Kpi label={t('loyalty.overview.joined')} value={fmt.number(s.members.joinedLast30Days)} />
        <Kpi label={t('loyalty.overview.outstanding')} value={fmt.number(s.points.available)} sub={fmt.money(s.points.outstandingValueMinor, s.currency)} testId="loyalty-kpi-outstanding" />
        <Kpi label={t('loyalty.overview.pending')} value={fmt.number(s.points.pending)} sub={t('loyalty.overview.pendingSub')} />
        <Kpi label={t('loyalty.overview.issuedThisMonth')} value={fmt.number(last?.issued ?? 0)} sub={t('loyalty.overview.redeemedN', { n: fmt.number(last?.redeemed ?? 0) })} />
      </div>
      <div className="analytics-grid">
        <PointsFlowChart summary={s} />
        <TierChart tiers={tiers} counts={counts} />
      </div>
    </div>
  );
}

function PointsFlowChart({ summary }: { summary: ProgrammeSummary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const option = useMemo<ChartOption>(() => {
    const months = summary.months.map((m) => fmt.monthYear(new Date(`${m.month}-15T12:00:00Z`)));
    const series = (key: 'issued' | 'redeemed' | 'expired' | 'reversed', color: string) => ({
      type: 'bar' as const, name: t(`loyalty.overview.flow.${key}`), data: summary.months.map((m) => m[key]), itemStyle: { color },
    });
    return {
      grid: { left: 56, right: 16, top: 36, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt.number(Number(v)) },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.number(v) } },
      series: [series('issued', COLORS.primary), series('redeemed', COLORS.accent), series('expired', COLORS.muted), series('reversed', COLORS.danger)],
    };
  }, [summary, t, fmt]);
  return (
    <section className="card" aria-labelledby="flow-title">
      <h2 id="flow-title" className="card__title">{t('loyalty.overview.flowTitle')}</h2>
      <p className="muted small">{t('loyalty.overview.flowHelp')}</p>
      <EChart option={option} height={300} label={t('loyalty.overview.flowTitle')} testId="loyalty-flow-chart" />
    </section>
  );
}
