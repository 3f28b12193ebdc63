// One survey: results dashboard, answers with their follow-up case, themes, and sending.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { API_BASE } from '../../app/api';
import { useMe } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading, PageHeader, SelectField, TextAreaField, TextField } from '../../app/ui';
import { EChart } from '../analytics/EChart';
import { COLORS } from '../analytics/echarts';
import { useDistribute, useDistributions, useRenameTheme, useResponses, useResults, useSurvey, useSurveyLink, useThemes, useUpdateSurvey } from './api';
import type { Survey, SurveyResults, SurveyType } from './types';

const TABS = ['results', 'responses', 'themes', 'send'] as const;
type Tab = (typeof TABS)[number];
const fmt1 = (n: number | null | undefined) => (n === null || n === undefined ? '—' : (Math.round(n * 10) / 10).toString());

function Headline({ r, type }: { r: SurveyResults; type: SurveyType }) {
  const { t } = useTranslation();
  const main = type === 'nps' ? fmt1(r.nps?.nps) : type === 'csat' ? `${fmt1(r.csat?.csat)}%` : type === 'ces' ? fmt1(r.ces?.average) : '—';
  return (
    <div className="survey-kpis" data-testid="survey-kpis">
      <div className="card survey-kpi"><p className="muted">{t(`surveys.types.${type}`)}</p><p className="survey-kpi__value" data-testid="survey-score">{main}</p>
        {r.nps?.ci95 ? <p className="muted">{t('surveys.results.ci', { low: fmt1(r.nps.ci95.low), high: fmt1(r.nps.ci95.high) })}</p> : null}</div>
      <div className="card survey-kpi"><p className="muted">{t('surveys.results.responses')}</p><p className="survey-kpi__value">{r.responses}</p>
        <p className="muted">{t('surveys.results.rate', { rate: fmt1(r.responseRate) })}</p></div>
      <div className="card survey-kpi"><p className="muted">{t('surveys.results.followUps')}</p><p className="survey-kpi__value">{r.followUps.opened}</p>
        <p className="muted">{t('surveys.results.resolved', { n: r.followUps.resolved })}</p></div>
      {r.deskCsat ? <div className="card survey-kpi"><p className="muted">{t('surveys.results.deskCsat')}</p><p className="survey-kpi__value">{fmt1(r.deskCsat.csat)}%</p></div> : null}
    </div>
  );
}

/** Custom questions: option counts and rating averages, labelled in the reader's language. */
function QuestionResults({ r, survey }: { r: SurveyResults; survey: Survey }) {
  const { t, i18n } = useTranslation();
  const lang = (['az', 'tr', 'en'] as const).find((l) => i18n.language.startsWith(l)) ?? 'az';
  if (r.questions.length === 0) return null;
  return (
    <div className="survey-charts" data-testid="survey-question-results">
      {r.questions.map((qr) => {
        const q = survey.questions.find((x) => x.id === qr.id);
        return (
          <div className="card" key={qr.id} data-testid={`survey-question-result-${qr.id}`}>
            <h2>{q?.text[lang] ?? qr.id}</h2>
            <p className="muted">{t('surveys.results.answered', { n: qr.answered })}</p>
            {qr.kind === 'rating' ? <p className="survey-kpi__value" data-testid={`survey-question-average-${qr.id}`}>{fmt1(qr.average)} / {q?.scaleMax ?? '—'}</p> : null}
            {qr.options.length ? (
              <table className="table"><tbody>{qr.options.map((o) => (
                <tr key={o.id} data-testid={`survey-option-count-${qr.id}-${o.id}`}><td>{q?.options.find((x) => x.id === o.id)?.text[lang] ?? o.id}</td><td>{o.count}</td></tr>
              ))}</tbody></table>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function ResultsTab({ id, type, survey }: { id: string; type: SurveyType; survey: Survey }) {
  const { t } = useTranslation();
  const results = useResults(id);
  if (results.isPending) return <Loading />;
  if (results.isError) return <ErrorNotice error={results.error} />;
  const r = results.data;
  const groups = r.nps ? [
    { name: t('surveys.results.promoters'), value: r.nps.promoters, color: COLORS.primary },
    { name: t('surveys.results.passives'), value: r.nps.passives, color: '#94a3b8' },
    { name: t('surveys.results.detractors'), value: r.nps.detractors, color: '#b91c1c' },
  ] : [];
  return (
    <div className="stack">
      <Headline r={r} type={type} />
      <div className="survey-charts">
        <div className="card"><h2>{t('surveys.results.trend')}</h2>
          <EChart label={t('surveys.results.trend')} testId="survey-trend" height={240} option={{
            tooltip: { trigger: 'axis' }, grid: { left: 40, right: 16, top: 16, bottom: 30 },
            xAxis: { type: 'category', data: r.trend.map((p) => p.month) }, yAxis: { type: 'value' },
            series: [{ type: 'line', data: r.trend.map((p) => p.value), color: COLORS.primary }, { type: 'bar', data: r.trend.map((p) => p.responses), color: '#cbd5e1' }],
          }} /></div>
        {groups.length ? <div className="card"><h2>{t('surveys.results.groups')}</h2>
          <EChart label={t('surveys.results.groups')} height={240} option={{
            tooltip: {}, grid: { left: 90, right: 16, top: 16, bottom: 30 }, xAxis: { type: 'value' }, yAxis: { type: 'category', data: groups.map((g) => g.name) },
            series: [{ type: 'bar', data: groups.map((g) => ({ value: g.value, itemStyle: { color: g.color } })) }],
          }} /></div> : null}
        <div className="card"><h2>{t('surveys.results.sentiment')}</h2>
          <EChart label={t('surveys.results.sentiment')} height={240} option={{
            tooltip: {}, grid: { left: 90, right: 16, top: 16, bottom: 30 }, xAxis: { type: 'value' },
            yAxis: { type: 'category', data: (['positive', 'neutral', 'negative'] as const).map((s) => t(`surveys.sentiment.${s}`)) },
            series: [{ type: 'bar', data: [r.sentiment.positive, r.sentiment.neutral, r.sentiment.negative], color: COLORS.accent }],
          }} /></div>
      </div>
      <QuestionResults r={r} survey={survey} />
      {r.breakdowns.map((b) => (
        <div className="card" key={b.dimension}><h2>{t(`surveys.dimensions.${b.dimension}`, { defaultValue: b.dimension })}</h2>
          <table className="table"><tbody>{b.slices.map((s) => <tr key={s.key}><td>{s.key}</td><td>{fmt1(s.value)}</td><td className="muted">{s.responses}</td></tr>)}</tbody></table></div>
      ))}
      <p><a className="btn" href={`${API_BASE}/surveys/${id}/export?format=csv`}>{t('surveys.exportCsv')}</a> <a className="btn" href={`${API_BASE}/surveys/${id}/export?format=xlsx`}>{t('surveys.exportXlsx')}</a></p>
    </div>
  );
}

const TONE = { positive: 'success', neutral: 'neutral', negative: 'danger' } as const;

function ResponsesTab({ id, theme }: { id: string; theme?: string }) {
  const { t } = useTranslation();
  const [sentiment, setSentiment] = useState('');
  const list = useResponses(id, { ...(sentiment ? { sentiment } : {}), ...(theme ? { theme } : {}) });
  return (
    <div className="stack">
      <SelectField label={t('surveys.sentiment.label')} value={sentiment} onChange={setSentiment}
        options={[{ value: '', label: t('surveys.sentiment.all') }, ...(['positive', 'neutral', 'negative'] as const).map((s) => ({ value: s, label: t(`surveys.sentiment.${s}`) }))]} />
      {list.isPending ? <Loading /> : list.isError ? <ErrorNotice error={list.error} /> : list.data.items.length === 0 ? <EmptyState title={t('surveys.noAnswers')} /> : (
        <table className="table" data-testid="survey-responses">
          <thead><tr><th>{t('surveys.customer')}</th><th>{t('surveys.score')}</th><th>{t('surveys.comment')}</th><th>{t('surveys.sentiment.label')}</th><th>{t('surveys.followUp')}</th></tr></thead>
          <tbody>{list.data.items.map((r) => (
            <tr key={r.id} data-testid="survey-response" data-customer={r.customerId} data-score={r.score ?? ''}>
              <td>{r.customerId ? <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> : <span className="muted">{t('surveys.anonymous')}</span>}</td>
              <td>{r.score ?? '—'}</td>
              <td>{r.comment ?? ''}</td>
              <td>{r.sentiment ? <Badge tone={TONE[r.sentiment]}>{t(`surveys.sentiment.${r.sentiment}`)}</Badge> : null}</td>
              <td>{r.followUpCase ? <Link to={`/service/cases/${r.followUpCase.id}`} data-testid="survey-follow-up">{r.followUpCase.number} · {t(`surveys.caseStatus.${r.followUpCase.status}`, { defaultValue: r.followUpCase.status })}</Link> : '—'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </div>
  );
}

function ThemesTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const themes = useThemes(id);
  const rename = useRenameTheme(id);
  const [editing, setEditing] = useState<{ key: string; name: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  if (themes.isPending) return <Loading />;
  if (themes.isError) return <ErrorNotice error={themes.error} />;
  if (themes.data.items.length === 0) return <EmptyState title={t('surveys.themes.empty')} />;
  const label = (key: string, name: string | null) => name ?? (key.startsWith('kw:') ? key.slice(3) : t(`surveys.aspects.${key}`, { defaultValue: key }));
  return (
    <div className="stack" data-testid="survey-themes">
      <EChart label={t('surveys.themes.title')} height={Math.max(160, themes.data.items.length * 26)} option={{
        tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 120, right: 16, top: 30, bottom: 20 }, xAxis: { type: 'value' },
        yAxis: { type: 'category', data: themes.data.items.map((th) => label(th.key, th.name)).reverse() },
        series: (['positive', 'neutral', 'negative'] as const).map((s) => ({
          type: 'bar' as const, stack: 'all', name: t(`surveys.sentiment.${s}`), data: themes.data.items.map((th) => th[s]).reverse(),
          color: s === 'positive' ? COLORS.primary : s === 'negative' ? '#b91c1c' : '#94a3b8',
        })),
      }} />
      {themes.data.items.map((th) => (
        <div className="card survey-theme" key={th.key}>
          {editing?.key === th.key ? (
            <form className="row" onSubmit={(e: FormEvent) => { e.preventDefault(); rename.mutate(editing, { onSuccess: () => setEditing(null) }); }}>
              <TextField label={t('surveys.themes.name')} value={editing.name} onChange={(v) => setEditing({ ...editing, name: v })} testId="theme-name" />
              <button type="submit" className="btn btn--primary">{t('surveys.themes.save')}</button>
            </form>
          ) : (
            <h3>{label(th.key, th.name)} <span className="muted">({th.size})</span>
              {can('surveys:manage') ? <button type="button" className="btn btn--ghost" onClick={() => setEditing({ key: th.key, name: label(th.key, th.name) })}>{t('surveys.themes.rename')}</button> : null}
              <button type="button" className="btn btn--ghost" onClick={() => setOpen(open === th.key ? null : th.key)}>{t('surveys.themes.answers')}</button></h3>
          )}
          <p className="muted">{th.keywords.join(', ')}</p>
          {th.examples.map((ex) => <blockquote key={ex.responseId} className={`survey-quote survey-quote--${ex.sentiment}`}>{ex.text}</blockquote>)}
          {open === th.key ? <ResponsesTab id={id} theme={th.key} /> : null}
        </div>
      ))}
    </div>
  );
}

/** The survey's own public link and the iframe that embeds it in another site. */
function PublicLinkPanel({ id, status }: { id: string; status: string }) {
  const { t } = useTranslation();
  const link = useSurveyLink(id);
  const [copied, setCopied] = useState('');
  const copy = (what: 'link' | 'embed', text: string) => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(what), () => setCopied(''));
  };
  if (link.isPending) return <Loading />;
  if (link.isError) return <ErrorNotice error={link.error} />;
  return (
    <section className="card stack" data-testid="survey-embed" aria-labelledby="survey-embed-title">
      <h2 id="survey-embed-title">{t('surveys.embed.title')}</h2>
      <p className="muted">{t('surveys.embed.body')}</p>
      {status !== 'active' ? <p className="muted" role="note">{t('surveys.embed.inactive')}</p> : null}
      <div className="row survey-embed__row">
        <TextField label={t('surveys.embed.link')} value={link.data.url} onChange={() => undefined} readOnly testId="survey-public-link" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" onClick={() => copy('link', link.data.url)} data-testid="survey-copy-link">{copied === 'link' ? t('surveys.embed.copied') : t('surveys.embed.copy')}</button>
      </div>
      <div className="row survey-embed__row">
        <TextAreaField label={t('surveys.embed.code')} value={link.data.embedHtml} onChange={() => undefined} readOnly rows={3} testId="survey-embed-code" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" onClick={() => copy('embed', link.data.embedHtml)} data-testid="survey-copy-embed">{copied === 'embed' ? t('surveys.embed.copied') : t('surveys.embed.copy')}</button>
      </div>
      <p className="muted">{t('surveys.embed.rules')}</p>
    </section>
  );
}

function SendTab({ id, status }: { id: string; status: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const distribute = useDistribute(id);
  const past = useDistributions(id);
  const [kind, setKind] = useState<'tag' | 'segment' | 'customers'>('tag');
  const [value, setValue] = useState('');
  const [channel, setChannel] = useState<'email' | 'link'>('email');
  const [reminder, setReminder] = useState('3');
  const [perMinute, setPerMinute] = useState('600');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const audience = kind === 'tag' ? { kind, tag: value.trim() } : kind === 'segment' ? { kind, segmentId: value.trim() } : { kind, customerIds: value.split(/[\s,;]+/).filter(Boolean) };
    distribute.mutate({ audience, channel, reminderAfterDays: reminder ? Number(reminder) : null, perMinute: Number(perMinute) || 600 });
  };
  return (
    <div className="stack">
      <PublicLinkPanel id={id} status={status} />
      {can('surveys:manage') ? (
        <form className="card stack" onSubmit={submit} data-testid="survey-send">
          <SelectField label={t('surveys.send.audience')} value={kind} onChange={(v) => setKind(v as typeof kind)} testId="survey-audience-kind"
            options={(['tag', 'segment', 'customers'] as const).map((k) => ({ value: k, label: t(`surveys.send.kinds.${k}`) }))} />
          <TextField label={t(`surveys.send.value.${kind}`)} value={value} onChange={setValue} required testId="survey-audience" />
          <SelectField label={t('surveys.send.channel')} value={channel} onChange={(v) => setChannel(v as 'email' | 'link')} testId="survey-channel"
            options={[{ value: 'email', label: t('surveys.send.email') }, { value: 'link', label: t('surveys.send.link') }]} />
          <TextField label={t('surveys.send.reminder')} value={reminder} onChange={setReminder} type="number" min={1} max={30} />
          <TextField label={t('surveys.send.perMinute')} value={perMinute} onChange={setPerMinute} type="number" min={1} />
          <p className="muted">{t('surveys.send.rules')}</p>
          {distribute.isError ? <ErrorNotice error={distribute.error} /> : null}
          {distribute.isSuccess ? <p role="status" data-testid="survey-queued">{t('surveys.send.queued', { n: distribute.data.counts.total })}</p> : null}
          <button type="submit" className="btn btn--primary" disabled={distribute.isPending} data-testid="survey-send-submit">{t('surveys.send.submit')}</button>
        </form>
      ) : null}
      {past.data?.items.length ? (
        <table className="table">
          <thead><tr><th>{t('surveys.send.when')}</th><th>{t('surveys.send.channel')}</th><th>{t('surveys.send.total')}</th><th>{t('surveys.send.sent')}</th><th>{t('surveys.send.answered')}</th><th>{t('surveys.send.skipped')}</th></tr></thead>
          <tbody>{past.data.items.map((d) => (
            <tr key={d.id}><td>{new Date(d.createdAt).toLocaleString()}</td><td>{t(`surveys.send.${d.channel}`)}</td><td>{d.counts.total}</td><td>{d.counts.sent}</td><td>{d.counts.answered}</td><td>{d.counts.skippedFatigue + d.counts.skippedConsent}</td></tr>
          ))}</tbody>
        </table>
      ) : null}
    </div>
  );
}

export function SurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useMe();
  const survey = useSurvey(id);
  const update = useUpdateSurvey(id);
  const [tab, setTab] = useState<Tab>('results');
  if (survey.isPending) return <Loading />;
  if (survey.isError) return <ErrorNotice error={survey.error} />;
  const s = survey.data;
  return (
    <>
      <PageHeader title={s.name} back={<Link to="..">{t('surveys.title')}</Link>}
        subtitle={<>{t(`surveys.types.${s.type}`)} · <Badge tone={s.status === 'active' ? 'success' : 'neutral'}>{t(`surveys.statuses.${s.status}`)}</Badge></>}
        actions={can('surveys:manage') ? (
          <button type="button" className="btn" onClick={() => update.mutate({ status: s.status === 'active' ? 'closed' : 'active' })} data-testid="survey-toggle">
            {s.status === 'active' ? t('surveys.close') : t('surveys.activate')}</button>
        ) : null} />
      <div className="tabs" role="tablist" aria-label={t('surveys.tabsLabel')}>
        {TABS.map((k) => <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab${tab === k ? ' tab--on' : ''}`} onClick={() => setTab(k)} data-testid={`survey-tab-${k}`}>{t(`surveys.tabs.${k}`)}</button>)}
      </div>
      {tab === 'results' ? <ResultsTab id={id} type={s.type} survey={s} /> : tab === 'responses' ? <ResponsesTab id={id} /> : tab === 'themes' ? <ThemesTab id={id} /> : <SendTab id={id} status={s.status} />}
    </>
  );
}
