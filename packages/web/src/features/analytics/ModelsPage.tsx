// Models: the latest run's parameters with standard errors, calibration vs hold-out, the frequency
// histogram fit, a refresh on demand with progress, and every run's parameters side by side.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading } from '../../app/ui';
import { Icon } from '../../app/icons';
import { isActive, useRun, useRuns, useStartRun } from './api';
import { EChart } from './EChart';
import { COLORS, type ChartOption } from './echarts';
import { analyticsFormat } from './fmt';
import { RunProgress } from './parts';
import { TIME_UNITS, type AnalyticsRun, type AnalyticsRunStart, type AnalyticsTimeUnit } from './types';

export function ModelsPage() {
  const { t } = useTranslation();
  const runs = useRuns();
  if (runs.isPending) return <Loading />;
  if (runs.isError) return <ErrorNotice error={runs.error} />;
  const items = runs.data.items;
  const latestId = items.find((r) => r.status === 'done')?.id ?? null;
  return (
    <div className="stack">
      <RefreshCard runs={items} />
      {latestId ? <LatestRun id={latestId} /> : (
        <div className="card"><p className="muted">{t('analytics.models.noRun')}</p></div>
      )}
      <RunsTable runs={items} />
    </div>
  );
}

/** The list leaves the diagnostics out; the latest finished run is read in full. */
function LatestRun({ id }: { id: string }) {
  const q = useRun(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  return (
    <>
      <ParamsCard run={q.data} />
      <div className="analytics-grid analytics-grid--even">
        <CalibrationChart run={q.data} />
        <HistogramChart run={q.data} />
      </div>
    </>
  );
}

function RefreshCard({ runs }: { runs: AnalyticsRun[] }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const start = useStartRun();
  // A run started elsewhere (the import page) arrives in the navigation state, so its progress shows here.
  const handed = (useLocation().state as { runId?: string } | null)?.runId ?? null;
  const [startedId, setStartedId] = useState<string | null>(handed);
  const activeId = startedId ?? runs.find(isActive)?.id ?? null;
  const run = useRun(activeId);
  const last = runs[0];
  const [opts, setOpts] = useState<{ unit: AnalyticsTimeUnit; horizon: string; clvMonths: string; rate: string; bins: string; until: string }>(() => ({
    unit: last?.options.unit ?? 'week', horizon: String(last?.options.horizon ?? 52), clvMonths: String(last?.options.clvMonths ?? 12),
    rate: String(Math.round((last?.options.monthlyDiscountRate ?? 0.01) * 10000) / 100), bins: String(last?.options.rfmBins ?? 5), until: '',
  }));
  const ids = { unit: useId(), horizon: useId(), clv: useId(), rate: useId(), bins: useId(), until: useId() };
  const busy = start.isPending || isActive(run.data);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: AnalyticsRunStart = {
      unit: opts.unit, horizon: Number(opts.horizon), clvMonths: Number(opts.clvMonths),
      monthlyDiscountRate: Number(opts.rate.replace(',', '.')) / 100, rfmBins: Number(opts.bins), ...(opts.until ? { until: opts.until } : {}),
    };
    start.mutate(body, { onSuccess: (r) => setStartedId(r.id) });
  };
  const set = (k: keyof typeof opts) => (e: { target: { value: string } }) => setOpts((o) => ({ ...o, [k]: e.target.value }));

  return (
    <section className="card" aria-labelledby="refresh-title">
      <div className="card__head">
        <div>
          <h2 id="refresh-title" className="card__title">{t('analytics.models.refreshTitle')}</h2>
          <p className="muted small">{t('analytics.models.refreshHelp')}</p>
        </div>
        {can('analytics:manage') ? (
          <button type="submit" form="analytics-refresh-form" className="btn btn--primary" disabled={busy} data-testid="analytics-refresh">
            <Icon name="refresh" /> {busy ? t('analytics.models.refreshing') : t('analytics.models.refresh')}
          </button>
        ) : null}
      </div>
      {can('analytics:manage') ? (
        <details className="help">
          <summary>{t('analytics.models.options')}</summary>
          <form id="analytics-refresh-form" className="form-row form-row--3" onSubmit={submit}>
            <div className="field">
              <label className="field__label" htmlFor={ids.unit}>{t('analytics.models.unit')}</label>
              <select id={ids.unit} className="input select" value={opts.unit} onChange={set('unit')}>
                {TIME_UNITS.map((u) => <option key={u} value={u}>{t(`analytics.unit.${u}`)}</option>)}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.horizon}>{t('analytics.models.horizon')}</label>
              <input id={ids.horizon} className="input" type="number" min={1} max={3650} required value={opts.horizon} onChange={set('horizon')} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.clv}>{t('analytics.models.clvMonths')}</label>
              <input id={ids.clv} className="input" type="number" min={1} max={120} required value={opts.clvMonths} onChange={set('clvMonths')} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.rate}>{t('analytics.models.discountRate')}</label>
              <input id={ids.rate} className="input" inputMode="decimal" required pattern="[0-9]+([.,][0-9]+)?" value={opts.rate} onChange={set('rate')} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.bins}>{t('analytics.models.bins')}</label>
              <input id={ids.bins} className="input" type="number" min={2} max={10} required value={opts.bins} onChange={set('bins')} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.until}>{t('analytics.models.until')}</label>
              <input id={ids.until} className="input" type="date" value={opts.until} onChange={set('until')} />
              <p className="field__hint">{t('analytics.models.untilHint')}</p>
            </div>
          </form>
        </details>
      ) : null}
      <ErrorNotice error={start.error} />
      {run.data ? (
        <div className="refresh-progress">
          <RunProgress run={run.data} />
          {run.data.status === 'failed' && run.data.error ? <p className="field__error" role="alert">{run.data.error}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

const BGNBD = ['r', 'alpha', 'a', 'b'] as const;
const GG = ['p', 'q', 'gamma'] as const;

function ParamsCard({ run }: { run: AnalyticsRun }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const p = run.params;
  if (!p) return null;
  const sig = (n: number) => af.decimal(Number(n.toPrecision(5)), 6);
  const row = (name: string, e: { value: number; standardError: number | null }) => (
    <tr key={name} data-testid={`analytics-param-${name}`}>
      <th scope="row" className="mono">{t(`analytics.param.${name}`)}</th>
      <td className="num mono">{sig(e.value)}</td>
      <td className="num mono">{e.standardError === null ? '—' : sig(e.standardError)}</td>
      <td className="num mono nowrap">{e.standardError === null ? '—' : `${sig(e.value - 1.96 * e.standardError)} … ${sig(e.value + 1.96 * e.standardError)}`}</td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th scope="col">{t('analytics.models.parameter')}</th>
        <th scope="col" className="num">{t('analytics.models.estimate')}</th>
        <th scope="col" className="num">{t('analytics.models.standardError')}</th>
        <th scope="col" className="num">{t('analytics.models.interval')}</th>
      </tr>
    </thead>
  );
  return (
    <section className="card" aria-labelledby="params-title" data-testid="analytics-params">
      <div className="card__head">
        <div>
          <h2 id="params-title" className="card__title">{t('analytics.models.paramsTitle')}</h2>
          <p className="muted small">{t('analytics.models.version', { version: run.modelVersion, date: fmt.dateTime(run.finishedAt) })}</p>
        </div>
      </div>
      <div className="analytics-grid analytics-grid--even">
        <div>
          <h3 className="section-title">{t('analytics.models.bgnbd')} {p.bgnbd.converged ? null : <Badge tone="warning">{t('analytics.models.notConverged')}</Badge>}</h3>
          <div className="table-wrap"><table className="table table--compact">{head}<tbody>{BGNBD.map((k) => row(k, p.bgnbd[k]))}</tbody></table></div>
          <dl className="dl dl--compact dl--wide">
            <div className="dl__row"><dt>{t('analytics.models.logLikelihood')}</dt><dd className="mono" data-testid="analytics-ll">{af.decimal(p.bgnbd.logLikelihood, 2)}</dd></div>
            <div className="dl__row"><dt>{t('analytics.models.customers')}</dt><dd>{fmt.number(p.bgnbd.customers)}</dd></div>
          </dl>
        </div>
        <div>
          <h3 className="section-title">{t('analytics.models.gammaGamma')} {p.gammaGamma.converged ? null : <Badge tone="warning">{t('analytics.models.notConverged')}</Badge>}</h3>
          <div className="table-wrap"><table className="table table--compact">{head}<tbody>{GG.map((k) => row(k, p.gammaGamma[k]))}</tbody></table></div>
          <dl className="dl dl--compact dl--wide">
            <div className="dl__row"><dt>{t('analytics.models.logLikelihood')}</dt><dd className="mono">{af.decimal(p.gammaGamma.logLikelihood, 2)}</dd></div>
            <div className="dl__row"><dt>{t('analytics.models.customers')}</dt><dd>{t('analytics.models.ggCustomers', { n: fmt.number(p.gammaGamma.customers), excluded: fmt.number(p.gammaGamma.excluded) })}</dd></div>
            <div className="dl__row"><dt>{t('analytics.models.meanSpend')}</dt><dd>{fmt.money(Math.round(p.gammaGamma.populationMeanSpendMinor), run.currency)}</dd></div>
          </dl>
        </div>
      </div>
      <p className="muted small options-line">
        {t('analytics.models.optionsUsed', {
          horizon: fmt.number(run.options.horizon), unit: t(`analytics.unitPlural.${run.options.unit}`), months: fmt.number(run.options.clvMonths),
          rate: af.percent1(run.options.monthlyDiscountRate), bins: run.options.rfmBins,
        })}
      </p>
    </section>
  );
}

function CalibrationChart({ run }: { run: AnalyticsRun }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  const h = run.diagnostics?.holdout ?? null;
  const option = useMemo<ChartOption | null>(() => h ? {
    grid: { left: 52, right: 16, top: 36, bottom: 52 },
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => af.decimal(Number(v), 3) },
    xAxis: { type: 'category', data: h.byFrequency.map((b) => b.label), name: t('analytics.models.calibrationX'), nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: t('analytics.models.calibrationY'), nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => af.decimal(v, 2) } },
    series: [
      { type: 'bar', name: t('analytics.models.actual'), data: h.byFrequency.map((b) => b.actual), itemStyle: { color: COLORS.primary, borderRadius: [3, 3, 0, 0] } },
      { type: 'line', name: t('analytics.models.expected'), data: h.byFrequency.map((b) => b.expected), itemStyle: { color: COLORS.accent }, lineStyle: { width: 2.5 }, symbolSize: 7 },
    ],
  } : null, [h, t, af]);
  return (
    <section className="card" aria-labelledby="calib-title">
      <h2 id="calib-title" className="card__title">{t('analytics.models.calibrationTitle')}</h2>
      {h && option ? (
        <>
          <p className="muted small">
            {t('analytics.models.calibrationHelp', {
              from: fmt.plainDate(h.calibrationEnd), to: fmt.plainDate(h.holdoutEnd), actual: fmt.number(h.totalActual),
              expected: fmt.number(Math.round(h.totalExpected)),
            })}
          </p>
          <EChart option={option} height={300} testId="analytics-calibration" label={t('analytics.models.calibrationTitle')} />
        </>
      ) : <p className="muted">{t('analytics.models.noHoldout')}</p>}
    </section>
  );
}

function HistogramChart({ run }: { run: AnalyticsRun }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const hist = run.diagnostics?.frequencyHistogram ?? [];
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 60, right: 16, top: 36, bottom: 52 },
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.number(Math.round(Number(v))) },
    xAxis: { type: 'category', data: hist.map((b) => b.label), name: t('analytics.models.calibrationX'), nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: t('analytics.models.histogramY'), nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => fmt.number(v) } },
    series: [
      { type: 'bar', name: t('analytics.models.actual'), data: hist.map((b) => b.actual), itemStyle: { color: COLORS.primary, borderRadius: [3, 3, 0, 0] } },
      { type: 'line', name: t('analytics.models.expected'), data: hist.map((b) => Math.round(b.expected * 10) / 10), itemStyle: { color: COLORS.accent }, lineStyle: { width: 2.5 }, symbolSize: 7 },
    ],
  }), [hist, t, fmt]);
  return (
    <section className="card" aria-labelledby="hist-title">
      <h2 id="hist-title" className="card__title">{t('analytics.models.histogramTitle')}</h2>
      <p className="muted small">{t('analytics.models.histogramHelp')}</p>
      {hist.length ? <EChart option={option} height={300} testId="analytics-histogram" label={t('analytics.models.histogramTitle')} /> : null}
    </section>
  );
}

function RunsTable({ runs }: { runs: AnalyticsRun[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const af = analyticsFormat(fmt);
  if (!runs.length) return null;
  const sig = (n: number | undefined) => (n === undefined ? '—' : af.decimal(Number(n.toPrecision(4)), 6));
  // Change against the previous finished run (the list is newest first).
  const previousDone = (i: number) => runs.slice(i + 1).find((r) => r.status === 'done' && r.params);
  const delta = (now: number | undefined, before: number | undefined) => {
    if (now === undefined || before === undefined || before === 0) return null;
    const d = (now - before) / Math.abs(before);
    return Math.abs(d) < 0.0005 ? null : <span className={`delta ${d > 0 ? 'delta--up' : 'delta--down'}`}>{af.change(d)}</span>;
  };
  return (
    <section className="card card--flush" aria-labelledby="runs-title">
      <div className="card__head card__pad">
        <div>
          <h2 id="runs-title" className="card__title">{t('analytics.models.runsTitle')}</h2>
          <p className="muted small">{t('analytics.models.runsHelp')}</p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="analytics-runs">
          <thead>
            <tr>
              <th scope="col">{t('analytics.models.started')}</th>
              <th scope="col">{t('analytics.models.status')}</th>
              {(['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma'] as const).map((k) => <th key={k} scope="col" className="num mono th-param">{t(`analytics.param.${k}`)}</th>)}
              <th scope="col" className="num">{t('analytics.models.logLikelihoodShort')}</th>
              <th scope="col" className="num">{t('analytics.models.scored')}</th>
              <th scope="col" className="num">{t('analytics.churnRisk.high')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => {
              const prev = previousDone(i)?.params;
              const p = r.params;
              const cell = (now: number | undefined, before: number | undefined) => (
                <td className="num mono nowrap">{sig(now)}{r.status === 'done' ? delta(now, before) : null}</td>
              );
              return (
                <tr key={r.id} data-testid="analytics-run-row">
                  <td className="nowrap">
                    {fmt.dateTime(r.createdAt)}
                    <span className="cell-sub">{t(`analytics.trigger.${r.trigger}`)}</span>
                  </td>
                  <td>
                    <Badge tone={r.status === 'done' ? 'success' : r.status === 'failed' ? 'danger' : 'info'}>{t(`analytics.runStatus.${r.status}`)}</Badge>
                    {r.error ? <span className="cell-sub truncate" title={r.error}>{r.error}</span> : null}
                  </td>
                  {cell(p?.bgnbd.r.value, prev?.bgnbd.r.value)}
                  {cell(p?.bgnbd.alpha.value, prev?.bgnbd.alpha.value)}
                  {cell(p?.bgnbd.a.value, prev?.bgnbd.a.value)}
                  {cell(p?.bgnbd.b.value, prev?.bgnbd.b.value)}
                  {cell(p?.gammaGamma.p.value, prev?.gammaGamma.p.value)}
                  {cell(p?.gammaGamma.q.value, prev?.gammaGamma.q.value)}
                  {cell(p?.gammaGamma.gamma.value, prev?.gammaGamma.gamma.value)}
                  <td className="num mono nowrap">{p ? af.decimal(p.bgnbd.logLikelihood, 1) : '—'}</td>
                  <td className="num">{r.status === 'done' ? fmt.number(r.counts.scored) : '—'}</td>
                  <td className="num">{r.status === 'done' ? fmt.number(r.counts.churn.high) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
