// Overview: churn-risk counts, the R × F grid, segments, and a drill-down to the customers behind any of them.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat } from '../../app/session';
import { ErrorNotice, Loading } from '../../app/ui';
import { Icon } from '../../app/icons';
import type { Formatter } from '../../app/format';
import { fetchRfmCustomers, useRfm, useRfmCustomers, useRuns, type DrillFilter } from './api';
import { EChart, type ChartClick } from './EChart';
import { COLORS, type ChartOption } from './echarts';
import { analyticsFormat, type AnalyticsFormat } from './fmt';
import { downloadCsv, toCsv } from './csv';
import { ChurnBadge, Kpi, NoRunYet, SegmentBadge } from './parts';
import { CHURN_BANDS, RFM_SEGMENTS, type CustomerScore, type RfmOverview } from './types';

export function OverviewPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const rfm = useRfm();
  const runs = useRuns();
  const [drill, setDrill] = useState<DrillFilter | null>(null);
  if (rfm.isPending) return <Loading />;
  if (rfm.isError) return <ErrorNotice error={rfm.error} />;
  const data = rfm.data;
  if (!data.runId) return <NoRunYet />;
  const run = runs.data?.items.find((r) => r.id === data.runId) ?? runs.data?.items.find((r) => r.status === 'done');
  const churn = run?.counts.churn;
  const scored = run?.counts.scored ?? data.cells.reduce((s, c) => s + c.customers, 0);
  const same = (f: DrillFilter) => JSON.stringify(f) === JSON.stringify(drill);
  const toggle = (f: DrillFilter) => setDrill(same(f) ? null : f);

  return (
    <div className="stack">
      <div className="kpis" data-testid="analytics-churn">
        <Kpi label={t('analytics.overview.scored')} value={fmt.number(scored)} sub={run ? t('analytics.overview.transactions', { n: fmt.number(run.counts.transactions) }) : undefined} />
        {CHURN_BANDS.map((band) => (
          <Kpi
            key={band} tone={band === 'low' ? 'success' : band === 'medium' ? 'warning' : 'danger'}
            label={t(`analytics.churnRisk.${band}`)} value={churn ? fmt.number(churn[band]) : '—'}
            sub={churn && scored ? af.percent0(churn[band] / scored) : undefined}
            onClick={() => toggle({ churnRisk: band })} active={same({ churnRisk: band })} testId={`analytics-churn-${band}`}
          />
        ))}
      </div>
      <div className="analytics-grid">
        <section className="card" aria-labelledby="rfm-grid-title">
          <div className="card__head">
            <div>
              <h2 id="rfm-grid-title" className="card__title">{t('analytics.overview.gridTitle')}</h2>
              <p className="muted small">{t('analytics.overview.gridHelp')}</p>
            </div>
          </div>
          <RfmGrid data={data} selected={drill} onSelect={(r, f) => toggle({ r, f })} />
        </section>
        <SegmentTable data={data} selected={drill} onSelect={(segment) => toggle({ segment })} />
      </div>
      {drill ? <DrillDown filter={drill} currency={data.currency} onClose={() => setDrill(null)} /> : null}
    </div>
  );
}

function RfmGrid({ data, selected, onSelect }: { data: RfmOverview; selected: DrillFilter | null; onSelect: (r: number, f: number) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const option = useMemo<ChartOption>(() => {
    const bins = Array.from({ length: data.bins }, (_, i) => String(i + 1));
    const max = Math.max(1, ...data.cells.map((c) => c.customers));
    return {
      grid: { left: 56, right: 16, top: 12, bottom: 48 },
      tooltip: {
        formatter: (p: unknown) => {
          const v = (p as { value: [number, number, number, number] }).value;
          return `${t('analytics.rfm.cell', { r: v[1] + 1, f: v[0] + 1 })}<br/>${t('analytics.rfm.customers')}: <b>${fmt.number(v[2])}</b><br/>${t('analytics.rfm.revenue')}: <b>${fmt.money(v[3], data.currency)}</b>`;
        },
      },
      xAxis: { type: 'category', data: bins, name: t('analytics.rfm.frequencyAxis'), nameLocation: 'middle', nameGap: 30, splitArea: { show: true } },
      yAxis: { type: 'category', data: bins, name: t('analytics.rfm.recencyAxis'), nameLocation: 'middle', nameGap: 34, splitArea: { show: true } },
      visualMap: { show: false, min: 0, max, dimension: 2, inRange: { color: COLORS.heat } },
      series: [{
        type: 'heatmap',
        data: data.cells.map((c) => {
          const isSel = selected?.r === c.r && selected?.f === c.f;
          return {
            value: [c.f - 1, c.r - 1, c.customers, c.revenueMinor],
            label: { color: c.customers / max > 0.45 ? '#fff' : COLORS.text },
            ...(isSel ? { itemStyle: { borderColor: COLORS.accent, borderWidth: 3 } } : {}),
          };
        }),
        label: {
          show: true, lineHeight: 16,
          formatter: (p: unknown) => {
            const v = (p as { value: [number, number, number, number] }).value;
            return v[2] ? `{b|${fmt.number(v[2])}}\n${af.compactMoney(v[3], data.currency)}` : '';
          },
          rich: { b: { fontWeight: 'bold', fontSize: 13 } },
        },
        itemStyle: { borderColor: '#fff', borderWidth: 2, borderRadius: 4 },
        emphasis: { itemStyle: { borderColor: COLORS.accent, borderWidth: 2 } },
      }],
    };
  }, [data, selected, t, fmt, af]);
  const onClick = (e: ChartClick) => {
    const v = (e.data as { value: [number, number, number, number] }).value;
    if (v[2] > 0) onSelect(v[1] + 1, v[0] + 1);
  };
  return (
    <EChart option={option} height={380} onClick={onClick} testId="analytics-rfm-grid" label={t('analytics.overview.gridTitle')} />
  );
}

function SegmentTable({ data, selected, onSelect }: { data: RfmOverview; selected: DrillFilter | null; onSelect: (s: (typeof RFM_SEGMENTS)[number]) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const total = data.segments.reduce((s, x) => s + x.customers, 0) || 1;
  const revenue = data.segments.reduce((s, x) => s + x.revenueMinor, 0) || 1;
  const rows = RFM_SEGMENTS.map((s) => data.segments.find((x) => x.segment === s) ?? { segment: s, customers: 0, revenueMinor: 0 });
  return (
    <section className="card card--flush" aria-labelledby="segments-title">
      <div className="card__head card__pad">
        <h2 id="segments-title" className="card__title">{t('analytics.overview.segmentsTitle')}</h2>
      </div>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="analytics-segments">
          <thead>
            <tr>
              <th scope="col">{t('analytics.col.segment')}</th>
              <th scope="col" className="num">{t('analytics.col.customers')}</th>
              <th scope="col" className="num">{t('analytics.col.revenue')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const on = selected?.segment === s.segment;
              return (
                <tr key={s.segment} className={on ? 'row--selected' : undefined} data-testid={`analytics-segment-${s.segment}`}>
                  <th scope="row">
                    <button
                      type="button" className="btn--link segment-btn" onClick={() => onSelect(s.segment)} aria-pressed={on}
                      disabled={!s.customers} title={t(`analytics.segmentHelp.${s.segment}`)}
                    >
                      <SegmentBadge segment={s.segment} />
                    </button>
                  </th>
                  <td className="num">
                    {fmt.number(s.customers)}
                    <span className="share-bar" aria-hidden="true"><span style={{ width: `${(s.customers / total) * 100}%` }} /></span>
                  </td>
                  <td className="num nowrap">
                    {fmt.money(s.revenueMinor, data.currency)}
                    <span className="cell-share" title={t('analytics.col.revenueShare')}>{af.percent0(s.revenueMinor / revenue)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function filterTitle(t: TFunction, f: DrillFilter): string {
  if (f.segment) return t('analytics.drill.segment', { segment: t(`analytics.segment.${f.segment}`) });
  if (f.churnRisk) return t('analytics.drill.churn', { band: t(`analytics.churnRisk.${f.churnRisk}`) });
  return t('analytics.drill.cell', { r: f.r ?? '', f: f.f ?? '' });
}

function filterSlug(f: DrillFilter): string {
  if (f.segment) return f.segment;
  if (f.churnRisk) return `churn-${f.churnRisk}`;
  return `r${f.r ?? ''}-f${f.f ?? ''}`;
}

export function scoreCsv(t: TFunction, af: AnalyticsFormat, items: CustomerScore[], currency: string): string {
  const head = [
    'customer_id', 'external_id', 'name', 'rfm_segment', 'recency', 'frequency', 'monetary', 'purchases', `revenue_${currency}`,
    'last_purchase', 'p_alive', 'churn_risk', 'expected_purchases', `expected_spend_${currency}`, `clv_${currency}`, 'next_purchase_expected',
  ];
  return toCsv([head, ...items.map((c) => [
    c.customerId, c.externalId, c.displayName, t(`analytics.segment.${c.rfmSegment}`), c.recency, c.frequency, c.monetary, c.purchases,
    af.moneyDecimal(c.revenueMinor, currency), c.lastPurchaseOn, c.pAlive.toFixed(4), t(`analytics.churn.${c.churnRisk}`),
    c.expectedPurchases.toFixed(3), af.moneyDecimal(c.expectedSpendMinor, currency), af.moneyDecimal(c.clvMinor, currency), c.nextPurchaseExpectedOn,
  ])]);
}

const EXPORT_MAX = 100_000;

function DrillDown({ filter, currency, onClose }: { filter: DrillFilter; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const q = useRfmCustomers(filter);
  const [exporting, setExporting] = useState<number | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const exportAll = async () => {
    setExportError(null);
    const all = [...items];
    let cursor = q.data?.pages.at(-1)?.nextCursor ?? null;
    setExporting(all.length);
    try {
      while (cursor && all.length < EXPORT_MAX) {
        const page = await fetchRfmCustomers(filter, cursor, 200);
        all.push(...page.items);
        cursor = page.nextCursor;
        setExporting(all.length);
      }
      downloadCsv(`vefa-rfm-${filterSlug(filter)}.csv`, scoreCsv(t, af, all, currency));
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <section className="card card--flush" aria-labelledby="drill-title" data-testid="analytics-drilldown">
      <div className="card__head card__pad">
        <div>
          <h2 id="drill-title" className="card__title">{filterTitle(t, filter)}</h2>
          <p className="muted small">{t('analytics.drill.help')}</p>
        </div>
        <div className="analytics-actions">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void exportAll()} disabled={exporting !== null || !items.length} data-testid="analytics-drill-export">
            <Icon name="download" size={16} /> {exporting !== null ? t('analytics.drill.exporting', { n: fmt.number(exporting) }) : t('analytics.drill.export')}
          </button>
          <button type="button" className="icon-btn" onClick={onClose} aria-label={t('analytics.drill.close')}><Icon name="close" /></button>
        </div>
      </div>
      <ErrorNotice error={exportError ?? q.error} />
      {q.isPending ? <Loading /> : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('analytics.col.customer')}</th>
                {filter.segment ? null : <th scope="col">{t('analytics.col.segment')}</th>}
                <th scope="col" className="num" title={t('analytics.col.rfmHelp')}>{t('analytics.col.rfm')}</th>
                <th scope="col" className="num">{t('analytics.col.purchases')}</th>
                <th scope="col" className="num">{t('analytics.col.revenue')}</th>
                <th scope="col">{t('analytics.col.lastPurchase')}</th>
                <th scope="col" className="num">{t('analytics.col.pAlive')}</th>
                <th scope="col">{t('analytics.col.churn')}</th>
                <th scope="col" className="num">{t('analytics.col.expected')}</th>
                <th scope="col" className="num">{t('analytics.col.clv')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => <DrillRow key={c.customerId} c={c} currency={currency} fmt={fmt} af={af} segment={!filter.segment} />)}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-foot">
        <span className="muted small">{t('analytics.drill.shown', { n: fmt.number(items.length) })}</span>
        {q.hasNextPage ? (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage} data-testid="analytics-drill-more">
            {q.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
          </button>
        ) : items.length ? <span className="muted small">{t('common.endOfList')}</span> : null}
      </div>
    </section>
  );
}

function DrillRow({ c, currency, fmt, af, segment }: { c: CustomerScore; currency: string; fmt: Formatter; af: AnalyticsFormat; segment: boolean }) {
  return (
    <tr data-testid="analytics-drill-row">
      <td>
        <Link to={`/customers/${c.customerId}`} className="cell-name__link">{c.displayName}</Link>
        {c.externalId && c.externalId !== c.displayName ? <span className="cell-sub mono">#{c.externalId}</span> : null}
      </td>
      {segment ? <td><SegmentBadge segment={c.rfmSegment} /></td> : null}
      <td className="num mono">{c.recency}-{c.frequency}-{c.monetary}</td>
      <td className="num">{fmt.number(c.purchases)}</td>
      <td className="num nowrap">{fmt.money(c.revenueMinor, currency)}</td>
      <td className="nowrap">{fmt.plainDate(c.lastPurchaseOn)}</td>
      <td className="num">{af.percent1(c.pAlive)}</td>
      <td><ChurnBadge band={c.churnRisk} /></td>
      <td className="num">{af.decimal(c.expectedPurchases, 2)}</td>
      <td className="num nowrap">{fmt.money(c.clvMinor, currency)}</td>
    </tr>
  );
}
