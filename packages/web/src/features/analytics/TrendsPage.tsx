// Trends: revenue, orders, active customers and average basket per week or month, with the change on the previous period.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { ErrorNotice, Loading } from '../../app/ui';
import { useTrends } from './api';
import { EChart } from './EChart';
import { COLORS, type ChartOption } from './echarts';
import { analyticsFormat } from './fmt';
import { Kpi, NoRunYet, Segmented } from './parts';
import { TREND_PERIODS, type TrendPeriod, type TrendsView } from './types';

const MEASURES = ['revenue', 'orders', 'activeCustomers', 'averageBasket'] as const;
type Measure = (typeof MEASURES)[number];
type Point = TrendsView['points'][number];

const valueOf = (p: Point, m: Measure) =>
  m === 'revenue' ? p.revenueMinor : m === 'orders' ? p.orders : m === 'activeCustomers' ? p.activeCustomers : p.averageBasketMinor;
const isMoney = (m: Measure) => m === 'revenue' || m === 'averageBasket';

export function TrendsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const [period, setPeriod] = useState<TrendPeriod>('month');
  const q = useTrends(period);

  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  if (!q.data.runId) return <NoRunYet />;
  const data = q.data;
  const last = data.points.at(-1);
  const show = (m: Measure, v: number) => (isMoney(m) ? fmt.money(v, data.currency) : fmt.number(v));

  return (
    <div className="stack">
      <div className="card__head trends-head">
        <p className="muted">
          {last ? t('analytics.trends.latest', { period: periodLabel(t, fmt, period, last.start) }) : t('analytics.trends.none')}
        </p>
        <Segmented
          value={period} onChange={setPeriod} label={t('analytics.trends.period')} testId="analytics-trend-period"
          options={TREND_PERIODS.map((p) => ({ value: p, label: t(`analytics.trends.by.${p}`) }))}
        />
      </div>
      {last ? (
        <div className="kpis">
          {MEASURES.map((m) => {
            const c = last.change[m];
            return (
              <Kpi
                key={m} label={t(`analytics.trends.measure.${m}`)} value={show(m, valueOf(last, m))}
                sub={<span className={c === null ? undefined : c >= 0 ? 'delta delta--up' : 'delta delta--down'}>{t('analytics.trends.vsPrevious', { change: af.change(c) })}</span>}
                testId={`analytics-trend-kpi-${m}`}
              />
            );
          })}
        </div>
      ) : null}
      <div className="analytics-grid analytics-grid--even">
        {MEASURES.map((m) => <TrendChart key={m} data={data} measure={m} />)}
      </div>
    </div>
  );
}

function periodLabel(t: ReturnType<typeof useTranslation>['t'], fmt: ReturnType<typeof useFormat>, period: TrendPeriod, start: string) {
  return period === 'month' ? fmt.monthYear(new Date(`${start}T12:00:00Z`)) : t('analytics.trends.weekOf', { date: fmt.plainDate(start) });
}

function TrendChart({ data, measure }: { data: TrendsView; measure: Measure }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const option = useMemo<ChartOption>(() => {
    const labels = data.points.map((p) => (data.period === 'month' ? fmt.monthYear(new Date(`${p.start}T12:00:00Z`)) : fmt.plainDate(p.start)));
    const bar = measure === 'revenue' || measure === 'orders';
    const color = measure === 'revenue' ? COLORS.primary : measure === 'orders' ? COLORS.info : measure === 'activeCustomers' ? COLORS.accent : '#6d3fb3';
    return {
      grid: { left: 64, right: 16, top: 16, bottom: 40 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: unknown) => {
          const p = (ps as { dataIndex: number }[])[0];
          const point = p ? data.points[p.dataIndex] : undefined;
          if (!point) return '';
          return `${labels[p!.dataIndex] ?? ''}<br/><b>${isMoney(measure) ? fmt.money(valueOf(point, measure), data.currency) : fmt.number(valueOf(point, measure))}</b>`
            + `<br/>${t('analytics.trends.vsPrevious', { change: af.change(point.change[measure]) })}`;
        },
      },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => (isMoney(measure) ? af.compactMoney(v, data.currency) : af.compact(v)) },
      },
      series: [bar
        ? { type: 'bar', data: data.points.map((p) => valueOf(p, measure)), itemStyle: { color, borderRadius: [3, 3, 0, 0] } }
        : { type: 'line', data: data.points.map((p) => valueOf(p, measure)), itemStyle: { color }, lineStyle: { width: 2.5 }, showSymbol: data.points.length < 40, areaStyle: { opacity: 0.08 } }],
    };
  }, [data, measure, t, fmt, af]);
  return (
    <section className="card" aria-labelledby={`trend-${measure}`}>
      <h2 id={`trend-${measure}`} className="card__title">{t(`analytics.trends.measure.${measure}`)}</h2>
      <EChart option={option} height={240} testId={`analytics-trend-${measure}`} label={t(`analytics.trends.measure.${measure}`)} />
    </section>
  );
}
