// The management report for a date range: satisfaction, volume, recurring issues, actions taken,
// first response and resolution against the SLA, the backlog; PDF and XLSX to send on.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, Loading } from '../../app/ui';
import { EChart } from '../analytics/EChart';
import { COLORS, type ChartOption } from '../analytics/echarts';
import { Kpi, Segmented } from '../analytics/parts';
import { analyticsFormat } from '../analytics/fmt';
import { reportFileUrl, useMonthlyReports, useReport } from './api';
import { durationText, ServiceError } from './parts';
import { CASE_LANGUAGES, type CaseLanguage, type ServiceReport } from './types';

type VolumeBy = 'byCategory' | 'byChannel' | 'byDepartment' | 'byType' | 'byRootCause';
const VOLUME_BY: readonly VolumeBy[] = ['byCategory', 'byChannel', 'byDepartment', 'byType', 'byRootCause'];

export function ReportPage() {
  const { t, i18n } = useTranslation();
  // The server reads the range in the workspace's time zone: so must its default, or a case
  // resolved this evening in Baku falls after a "today" taken from UTC.
  const { dayOf } = useFormat();
  const today = new Date();
  const [from, setFrom] = useState(() => dayOf(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(() => dayOf(today));
  const language: CaseLanguage = CASE_LANGUAGES.includes(i18n.language as CaseLanguage) ? (i18n.language as CaseLanguage) : 'en';
  const report = useReport(from, to, language);
  const ids = { from: useId(), to: useId() };
  const badRange = from > to;
  return (
    <div className="stack report" data-testid="service-report">
      <section className="card filters report__range" aria-label={t('service.report.range')}>
        <div className="filters__row">
          <div className="filter">
            <label htmlFor={ids.from}>{t('service.report.from')}</label>
            <input id={ids.from} type="date" className="input" value={from} max={to} onChange={(e) => setFrom(e.target.value)} data-testid="service-report-from" />
          </div>
          <div className="filter">
            <label htmlFor={ids.to}>{t('service.report.to')}</label>
            <input id={ids.to} type="date" className="input" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="service-report-to" />
          </div>
          <span className="analytics-actions report__downloads">
            <a className="btn btn--ghost" href={reportFileUrl(from, to, language, 'pdf')} download data-testid="service-report-pdf"><Icon name="download" /> {t('service.report.pdf')}</a>
            <a className="btn btn--ghost" href={reportFileUrl(from, to, language, 'xlsx')} download data-testid="service-report-xlsx"><Icon name="download" /> {t('service.report.xlsx')}</a>
          </span>
        </div>
        {badRange ? <p className="field__error" role="alert">{t('service.report.badRange')}</p> : null}
      </section>
      {report.isPending ? <Loading /> : report.isError ? <ServiceError error={report.error} /> : <ReportBody r={report.data} />}
      <MonthlyReports language={language} onOpen={(f, tt) => { setFrom(f); setTo(tt); window.scrollTo({ top: 0, behavior: 'smooth' }); }} />
    </div>
  );
}

function ReportBody({ r }: { r: ServiceReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [by, setBy] = useState<VolumeBy>('byCategory');
  const pct = (v: number | null) => (v === null ? '—' : fmt.percent(v));
  const af = analyticsFormat(fmt);
  const avg = (v: number | null) => (v === null ? '—' : af.decimal(v, 2));
  const mins = (v: number | null) => (v === null ? '—' : durationText(t, v));

  const trend = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('service.report.average'), t('service.report.responses')] },
    grid: { left: 44, right: 44, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: r.satisfaction.trend.map((p) => p.month) },
    yAxis: [{ type: 'value', min: 0, max: 5, name: '★' }, { type: 'value', minInterval: 1 }],
    series: [
      { name: t('service.report.responses'), type: 'bar', yAxisIndex: 1, data: r.satisfaction.trend.map((p) => p.responses), itemStyle: { color: COLORS.border } },
      { name: t('service.report.average'), type: 'line', data: r.satisfaction.trend.map((p) => p.average), itemStyle: { color: COLORS.primary }, connectNulls: true },
    ],
  }), [r, t]);

  const volume = useMemo<ChartOption>(() => {
    const rows = [...r.volume[by]].sort((a, b) => a.count - b.count).slice(-15);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 150, right: 30, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((x) => labelOf(t, by, x)), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [{ type: 'bar', data: rows.map((x) => x.count), itemStyle: { color: COLORS.info } }],
    };
  }, [r, by, t]);

  const sla = useMemo<ChartOption>(() => {
    const names = [t('service.sla.metric.firstResponse'), t('service.sla.metric.resolution')];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: [t('service.report.withinSla'), t('service.report.breached')] },
      grid: { left: 130, right: 30, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names },
      series: [
        { name: t('service.report.withinSla'), type: 'bar', stack: 'sla', data: [r.firstResponse.withinSla, r.resolution.withinSla], itemStyle: { color: COLORS.primary } },
        { name: t('service.report.breached'), type: 'bar', stack: 'sla', data: [r.firstResponse.breached, r.resolution.breached], itemStyle: { color: COLORS.danger } },
      ],
    };
  }, [r, t]);

  const backlog = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 150, right: 30, top: 10, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: r.backlog.byStatus.map((x) => t(`service.status.${x.key}`, { defaultValue: x.label })) },
    series: [{ type: 'bar', data: r.backlog.byStatus.map((x) => x.count), itemStyle: { color: COLORS.accent } }],
  }), [r, t]);

  return (
    <>
      <div className="kpis">
        <Kpi testId="service-report-satisfaction" label={t('service.report.satisfaction')} value={avg(r.satisfaction.average)}
          sub={t('service.report.satisfactionSub', { n: fmt.number(r.satisfaction.responses), rate: pct(r.satisfaction.satisfiedRate) })} />
        <Kpi testId="service-report-opened" label={t('service.report.opened')} value={fmt.number(r.volume.opened)} sub={t('service.report.resolvedN', { n: fmt.number(r.volume.resolved) })} />
        <Kpi testId="service-report-first-response" label={t('service.report.firstResponse')} value={mins(r.firstResponse.medianMinutes)}
          sub={t('service.report.withinRate', { rate: pct(r.firstResponse.withinSlaRate) })} tone={rateTone(r.firstResponse.withinSlaRate)} />
        <Kpi testId="service-report-resolution" label={t('service.report.resolution')} value={mins(r.resolution.medianMinutes)}
          sub={t('service.report.withinRate', { rate: pct(r.resolution.withinSlaRate) })} tone={rateTone(r.resolution.withinSlaRate)} />
        <Kpi testId="service-report-backlog" label={t('service.report.backlog')} value={fmt.number(r.backlog.open)}
          sub={t('service.report.backlogSub', { breached: fmt.number(r.backlog.breached), old: fmt.number(r.backlog.olderThan7Days) })} tone={r.backlog.breached > 0 ? 'danger' : undefined} />
      </div>
      <div className="analytics-grid">
        <section className="card" aria-labelledby="rep-trend">
          <h2 id="rep-trend" className="card__title">{t('service.report.trend')}</h2>
          {r.satisfaction.trend.length ? <EChart option={trend} height={260} label={t('service.report.trend')} testId="service-report-trend" /> : <EmptyState title={t('service.report.noAnswers')} />}
        </section>
        <section className="card" aria-labelledby="rep-volume">
          <div className="card__head">
            <h2 id="rep-volume" className="card__title">{t('service.report.volume')}</h2>
            <Segmented value={by} onChange={setBy} label={t('service.report.volumeBy')} options={VOLUME_BY.map((v) => ({ value: v, label: t(`service.report.by.${v}`) }))} />
          </div>
          {r.volume[by].length ? <EChart option={volume} height={260} label={t('service.report.volume')} testId="service-report-volume" /> : <EmptyState title={t('service.report.noCases')} />}
        </section>
        <section className="card" aria-labelledby="rep-sla">
          <h2 id="rep-sla" className="card__title">{t('service.report.vsSla')}</h2>
          <EChart option={sla} height={200} label={t('service.report.vsSla')} testId="service-report-sla" />
          <dl className="dl dl--compact">
            <div className="dl__row"><dt>{t('service.report.firstResponseAvg')}</dt><dd>{mins(r.firstResponse.averageMinutes)}</dd></div>
            <div className="dl__row"><dt>{t('service.report.resolutionAvg')}</dt><dd>{mins(r.resolution.averageMinutes)}</dd></div>
          </dl>
        </section>
        <section className="card" aria-labelledby="rep-backlog">
          <h2 id="rep-backlog" className="card__title">{t('service.report.backlogByStatus')}</h2>
          {r.backlog.byStatus.length ? <EChart option={backlog} height={200} label={t('service.report.backlogByStatus')} /> : <EmptyState title={t('service.report.noBacklog')} />}
        </section>
      </div>
      <div className="analytics-grid">
        <section className="card card--flush" aria-labelledby="rep-top">
          <h2 id="rep-top" className="card__title card__pad">{t('service.report.topIssues')}</h2>
          {r.topIssues.length ? (
            <table className="table table--compact" data-testid="service-report-top">
              <thead><tr><th scope="col">{t('service.field.category')}</th><th scope="col" className="num">{t('service.report.cases')}</th><th scope="col" className="num">{t('service.report.reopened')}</th></tr></thead>
              <tbody>{r.topIssues.map((x) => <tr key={x.category}><td>{x.category}</td><td className="num">{fmt.number(x.count)}</td><td className="num">{fmt.number(x.reopened)}</td></tr>)}</tbody>
            </table>
          ) : <EmptyState title={t('service.report.noCases')} />}
        </section>
        <section className="card card--flush" aria-labelledby="rep-actions">
          <h2 id="rep-actions" className="card__title card__pad">{t('service.report.actions')}</h2>
          {r.actionsTaken.length ? (
            <div className="table-wrap table-wrap--scroll">
              <table className="table table--compact" data-testid="service-report-actions">
                <thead><tr><th scope="col">{t('service.inbox.colCase')}</th><th scope="col">{t('service.field.rootCause')}</th><th scope="col">{t('service.field.actionTaken')}</th><th scope="col">{t('service.report.resolvedAt')}</th></tr></thead>
                <tbody>
                  {r.actionsTaken.map((x) => (
                    <tr key={x.caseNumber}>
                      <td className="mono nowrap">{x.caseNumber}{x.category ? <div className="cell-sub">{x.category}</div> : null}</td>
                      <td>{x.rootCause}</td>
                      <td className="prewrap">{x.actionTaken}</td>
                      <td className="nowrap">{fmt.date(x.resolvedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : <EmptyState title={t('service.report.noActions')} />}
        </section>
      </div>
      <p className="muted small">{t('service.report.generated', { date: fmt.dateTime(r.generatedAt) })}</p>
    </>
  );
}

function rateTone(rate: number | null): 'success' | 'warning' | 'danger' | undefined {
  if (rate === null) return undefined;
  return rate >= 0.9 ? 'success' : rate >= 0.7 ? 'warning' : 'danger';
}

/** Channel, type and status keys have names in the UI; categories, departments and root causes are the workspace's own words. */
function labelOf(t: (k: string, o?: Record<string, unknown>) => string, by: VolumeBy, x: { key: string; label: string }): string {
  if (by === 'byChannel') return t(`service.channel.${x.key}`, { defaultValue: x.label });
  if (by === 'byType') return t(`service.type.${x.key}`, { defaultValue: x.label });
  return x.label;
}

/** The reports the monthly job prepared and mailed: open one here or download it again. */
function MonthlyReports({ language, onOpen }: { language: CaseLanguage; onOpen: (from: string, to: string) => void }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const q = useMonthlyReports(can('service:manage'));
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="card card--flush" aria-labelledby="rep-monthly" data-testid="service-report-monthly">
      <h2 id="rep-monthly" className="card__title card__pad">{t('service.report.monthly')}</h2>
      <table className="table table--compact">
        <thead><tr><th scope="col">{t('service.report.period')}</th><th scope="col">{t('service.report.sentAt')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <td>{fmt.plainDate(m.from)} – {fmt.plainDate(m.to)}</td>
              <td>{m.sentAt ? fmt.dateTime(m.sentAt) : '—'}</td>
              <td className="actions-cell">
                <button type="button" className="btn btn--link btn--sm" onClick={() => onOpen(m.from, m.to)}>{t('service.report.open')}</button>
                <a className="btn btn--link btn--sm" href={reportFileUrl(m.from, m.to, language, 'pdf')} download>{t('service.report.pdf')}</a>
                <a className="btn btn--link btn--sm" href={reportFileUrl(m.from, m.to, language, 'xlsx')} download>{t('service.report.xlsx')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
