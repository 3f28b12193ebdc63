// Cohorts: customers grouped by the month of their first purchase; the triangle shows, month by month
// after acquisition, the share still buying (retention) or the revenue they brought.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { ErrorNotice, Loading } from '../../app/ui';
import { useCohorts } from './api';
import { EChart } from './EChart';
import { COLORS, type ChartOption } from './echarts';
import { analyticsFormat } from './fmt';
import { NoRunYet, Segmented } from './parts';

type Measure = 'retention' | 'revenue';

export function CohortsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const q = useCohorts();
  const [measure, setMeasure] = useState<Measure>('retention');
  const data = q.data;

  const option = useMemo<ChartOption | null>(() => {
    if (!data?.cohorts.length) return null;
    // Months without new customers add only empty rows.
    const cohorts = data.cohorts.filter((c) => c.customers > 0);
    if (!cohorts.length) return null;
    const width = Math.max(...cohorts.map((c) => c.retention.length));
    const cells: { value: [number, number, number]; label: { color: string } }[] = [];
    let max = 0;
    cohorts.forEach((c) => {
      const values = measure === 'retention' ? c.retention : c.revenueMinor;
      values.forEach((v, x) => { if (x > 0 || measure === 'revenue') max = Math.max(max, v); });
    });
    max = max || 1;
    cohorts.forEach((c, y) => {
      const values = measure === 'retention' ? c.retention : c.revenueMinor;
      values.forEach((v, x) => cells.push({ value: [x, y, v], label: { color: Math.min(1, v / max) > 0.55 ? '#fff' : COLORS.text } }));
    });
    const month = (ym: string) => fmt.monthYear(new Date(`${ym}-15T12:00:00Z`));
    const show = (v: number) => (measure === 'retention' ? af.percent1(v) : af.compactMoney(v, data.currency));
    const dense = width * cohorts.length > 400;
    return {
      grid: { left: 150, right: 16, top: 8, bottom: 48 },
      tooltip: {
        formatter: (p: unknown) => {
          const [x, y, v] = (p as { value: [number, number, number] }).value;
          const c = cohorts[y];
          if (!c) return '';
          return `${month(c.cohort)} · ${t('analytics.cohorts.monthN', { n: x })}<br/>`
            + `${t('analytics.cohorts.active')}: <b>${fmt.number(c.active[x] ?? 0)}</b> / ${fmt.number(c.customers)} (${af.percent1(c.retention[x] ?? 0)})<br/>`
            + `${t('analytics.rfm.revenue')}: <b>${fmt.money(c.revenueMinor[x] ?? 0, data.currency)}</b>`;
        },
      },
      xAxis: {
        type: 'category', data: Array.from({ length: width }, (_, i) => String(i)), name: t('analytics.cohorts.xAxis'),
        nameLocation: 'middle', nameGap: 30, splitArea: { show: true },
      },
      yAxis: {
        type: 'category', inverse: true, splitArea: { show: true },
        data: cohorts.map((c) => t('analytics.cohorts.yLabel', { month: month(c.cohort), n: fmt.number(c.customers) })),
      },
      visualMap: { show: false, min: 0, max, dimension: 2, inRange: { color: COLORS.heat } },
      series: [{
        type: 'heatmap', data: cells,
        label: { show: !dense, fontSize: 11, formatter: (p: unknown) => show((p as { value: [number, number, number] }).value[2]) },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      }],
    };
  }, [data, measure, t, fmt, af]);

  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  if (!q.data.runId) return <NoRunYet />;

  return (
    <section className="card" aria-labelledby="cohorts-title">
      <div className="card__head">
        <div>
          <h2 id="cohorts-title" className="card__title">{t(measure === 'retention' ? 'analytics.cohorts.title' : 'analytics.cohorts.titleRevenue')}</h2>
          <p className="muted small">{t(measure === 'retention' ? 'analytics.cohorts.helpRetention' : 'analytics.cohorts.helpRevenue')}</p>
        </div>
        <Segmented
          value={measure} onChange={setMeasure} label={t('analytics.cohorts.measure')} testId="analytics-cohort-measure"
          options={[{ value: 'retention', label: t('analytics.cohorts.retention') }, { value: 'revenue', label: t('analytics.cohorts.revenue') }]}
        />
      </div>
      {option ? (
        <EChart option={option} height={Math.max(260, 60 + q.data.cohorts.filter((c) => c.customers > 0).length * 34)} testId="analytics-cohorts" label={t('analytics.cohorts.title')} />
      ) : <p className="muted">{t('analytics.cohorts.none')}</p>}
    </section>
  );
}
