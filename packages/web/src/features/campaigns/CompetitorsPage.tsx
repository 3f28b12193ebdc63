// Competitors' offers (what, where, from/to) on one timeline with our own campaigns.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { ErrorNotice, TextField } from '../../app/ui';
import { useAddCompetitorOffer, useTimeline } from './api';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export function CompetitorsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const [from, to] = [day(-90), day(90)];
  const timeline = useTimeline(from, to);
  const add = useAddCompetitorOffer();
  const [form, setForm] = useState({ competitor: '', offer: '', channel: '', startsOn: day(0), endsOn: '' });
  const rows = [
    ...(timeline.data?.campaigns ?? []).map((c) => ({ key: c.id, own: true, who: t('campaigns.competitors.us'), what: c.name, where: '', from: c.startsAt.slice(0, 10), to: c.endsAt.slice(0, 10) })),
    ...(timeline.data?.competitorOffers ?? []).map((o) => ({ key: o.id, own: false, who: o.competitor, what: o.offer, where: o.channel, from: o.startsOn, to: o.endsOn ?? '' })),
  ].sort((a, b) => a.from.localeCompare(b.from));
  const span = Date.parse(to) - Date.parse(from);
  const pos = (d: string) => Math.max(0, Math.min(100, ((Date.parse(d) - Date.parse(from)) / span) * 100));
  return (
    <div className="campaigns__stack">
      <section className="card">
        <h2>{t('campaigns.competitors.timeline')}</h2>
        <ul className="timeline-bars" data-testid="competitor-timeline">
          {rows.map((r) => (
            <li key={r.key} className={`timeline-bars__row${r.own ? ' timeline-bars__row--own' : ''}`}>
              <span className="timeline-bars__label">{r.who}: {r.what}{r.where ? ` (${r.where})` : ''}</span>
              <span className="timeline-bars__track">
                <span className="timeline-bars__bar" style={{ left: `${pos(r.from)}%`, width: `${Math.max(1, pos(r.to || to) - pos(r.from))}%` }} />
              </span>
              <span className="timeline-bars__dates">{fmt.plainDate(r.from)} – {r.to ? fmt.plainDate(r.to) : '…'}</span>
            </li>
          ))}
        </ul>
      </section>
      {can('campaigns:manage') ? (
        <section className="card">
          <h2>{t('campaigns.competitors.add')}</h2>
          <div className="campaigns__row">
            <TextField label={t('campaigns.competitors.competitor')} value={form.competitor} onChange={(competitor) => setForm({ ...form, competitor })} />
            <TextField label={t('campaigns.competitors.offer')} value={form.offer} onChange={(offer) => setForm({ ...form, offer })} />
            <TextField label={t('campaigns.competitors.channel')} value={form.channel} onChange={(channel) => setForm({ ...form, channel })} />
            <TextField label={t('campaigns.competitors.startsOn')} type="date" value={form.startsOn} onChange={(startsOn) => setForm({ ...form, startsOn })} />
            <TextField label={t('campaigns.competitors.endsOn')} type="date" value={form.endsOn} onChange={(endsOn) => setForm({ ...form, endsOn })} />
            <button type="button" className="btn btn--primary" disabled={add.isPending || !form.competitor || !form.offer || !form.channel}
              onClick={() => add.mutate({ ...form, endsOn: form.endsOn || null }, { onSuccess: () => setForm({ ...form, competitor: '', offer: '', channel: '' }) })}>
              {t('campaigns.competitors.save')}
            </button>
          </div>
          {add.error ? <ErrorNotice error={add.error} /> : null}
        </section>
      ) : null}
    </div>
  );
}
