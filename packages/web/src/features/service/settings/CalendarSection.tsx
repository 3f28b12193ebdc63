// The business calendar the SLA clocks count in: time zone, weekly hours, public holidays (AZ/TR), closures.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/session';
import { Loading, TextField, useToast } from '../../../app/ui';
import { useCalendar, useSaveCalendar } from '../api';
import { ServiceError } from '../parts';
import { WEEKDAYS, type BusinessCalendar, type BusinessClosure, type WeeklyHours } from '../types';
import { CheckGroup, Section } from './form';

const ZONES = ['Asia/Baku', 'Europe/Istanbul', 'Asia/Tbilisi', 'Europe/Moscow', 'Europe/Berlin', 'Europe/London', 'UTC'];

/** "09:00-13:00, 14:00-18:00" ⇄ ranges; null when the text does not read. */
export function parseHours(text: string): { from: string; to: string }[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const out: { from: string; to: string }[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    const from = `${m[1]!.padStart(2, '0')}:${m[2]}`;
    const to = `${m[3]!.padStart(2, '0')}:${m[4]}`;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(from) || !/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(to) || from >= to) return null;
    out.push({ from, to });
  }
  return out;
}
export const hoursText = (ranges: { from: string; to: string }[] | undefined) => (ranges ?? []).map((r) => `${r.from}-${r.to}`).join(', ');

export function CalendarSection() {
  const q = useCalendar();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ServiceError error={q.error} />;
  return <CalendarForm calendar={q.data} />;
}

function CalendarForm({ calendar }: { calendar: BusinessCalendar }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const save = useSaveCalendar();
  const [timeZone, setTimeZone] = useState(calendar.timeZone);
  const [countries, setCountries] = useState<('AZ' | 'TR')[]>(calendar.holidayCountries);
  const [hours, setHours] = useState<Record<string, string>>(() => Object.fromEntries(WEEKDAYS.map((d) => [d, hoursText(calendar.weeklyHours[d])])));
  const [closures, setClosures] = useState<BusinessClosure[]>(calendar.closures);
  const [draft, setDraft] = useState<BusinessClosure>({ date: '', name: '' });
  useEffect(() => { setClosures(calendar.closures); }, [calendar.closures]);
  const bad = WEEKDAYS.filter((d) => parseHours(hours[d] ?? '') === null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (bad.length) return;
    const weeklyHours: WeeklyHours = {};
    for (const d of WEEKDAYS) weeklyHours[d] = parseHours(hours[d] ?? '') ?? [];
    save.mutate({ timeZone: timeZone.trim(), weeklyHours, holidayCountries: countries, closures }, { onSuccess: () => toast(t('service.settings.saved')) });
  };
  const addClosure = () => {
    if (!draft.date) return;
    const c: BusinessClosure = { date: draft.date, ...(draft.until ? { until: draft.until } : {}), ...(draft.from ? { from: draft.from } : {}), ...(draft.to ? { to: draft.to } : {}), ...(draft.name?.trim() ? { name: draft.name.trim() } : {}) };
    setClosures((cs) => [...cs, c].sort((a, b) => a.date.localeCompare(b.date)));
    setDraft({ date: '', name: '' });
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="service-calendar">
      <Section title={t('service.settings.section.calendar')} intro={t('service.calendar.intro')}>
        <div className="form-row">
          <TextField label={t('service.calendar.timeZone')} value={timeZone} onChange={setTimeZone} list="service-zones" required testId="service-calendar-zone" />
          <CheckGroup legend={t('service.calendar.holidays')} values={['AZ', 'TR'] as const} selected={countries} onChange={setCountries} labelOf={(v) => t(`service.calendar.country.${v}`)} />
        </div>
        <datalist id="service-zones">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
        <h3 className="section-title">{t('service.calendar.weekly')}</h3>
        <p className="muted small">{t('service.calendar.weeklyHint')}</p>
        <div className="weekly-hours">
          {WEEKDAYS.map((d) => (
            <TextField
              key={d} label={t(`service.weekday.${d}`)} value={hours[d] ?? ''} onChange={(v) => setHours((h) => ({ ...h, [d]: v }))}
              placeholder={t('service.calendar.closedDay')} testId={`service-calendar-${d}`}
              error={bad.includes(d) ? t('service.calendar.badHours') : undefined}
            />
          ))}
        </div>
      </Section>
      <Section title={t('service.calendar.closures')} intro={t('service.calendar.closuresIntro')}>
        {closures.length ? (
          <table className="table table--compact">
            <thead><tr><th scope="col">{t('service.calendar.date')}</th><th scope="col">{t('service.calendar.until')}</th><th scope="col">{t('service.calendar.hours')}</th><th scope="col">{t('service.calendar.name')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
            <tbody>
              {closures.map((c, i) => (
                <tr key={`${c.date}-${i}`}>
                  <td>{fmt.plainDate(c.date)}</td>
                  <td>{c.until ? fmt.plainDate(c.until) : '—'}</td>
                  <td>{c.from || c.to ? `${c.from ?? '00:00'}–${c.to ?? '24:00'}` : t('service.calendar.allDay')}</td>
                  <td>{c.name ?? ''}</td>
                  <td><button type="button" className="btn btn--link btn--sm btn--danger-text" onClick={() => setClosures((cs) => cs.filter((_, j) => j !== i))}>{t('common.remove')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p className="muted">{t('service.calendar.noClosures')}</p>}
        <div className="form-row form-row--3 closure-draft">
          <TextField label={t('service.calendar.date')} type="date" value={draft.date} onChange={(v) => setDraft((d) => ({ ...d, date: v }))} />
          <TextField label={t('service.calendar.until')} type="date" value={draft.until ?? ''} onChange={(v) => setDraft((d) => ({ ...d, until: v || undefined }))} />
          <TextField label={t('service.calendar.name')} value={draft.name ?? ''} onChange={(v) => setDraft((d) => ({ ...d, name: v }))} />
          <TextField label={t('service.calendar.fromTime')} type="time" value={draft.from ?? ''} onChange={(v) => setDraft((d) => ({ ...d, from: v || undefined }))} />
          <TextField label={t('service.calendar.toTime')} type="time" value={draft.to ?? ''} onChange={(v) => setDraft((d) => ({ ...d, to: v || undefined }))} />
          <div className="field--end"><button type="button" className="btn btn--ghost" onClick={addClosure} disabled={!draft.date}>{t('service.calendar.addClosure')}</button></div>
        </div>
      </Section>
      <Section title={t('service.calendar.upcoming')}>
        {calendar.upcomingHolidays.length ? (
          <ul className="plain-list holiday-list" data-testid="service-calendar-holidays">
            {calendar.upcomingHolidays.map((h) => <li key={`${h.date}-${h.name ?? ''}`}><span className="nowrap">{fmt.plainDate(h.date)}</span> <span>{h.name ?? ''}</span></li>)}
          </ul>
        ) : <p className="muted">{t('service.calendar.noHolidays')}</p>}
      </Section>
      {save.isError ? <ServiceError error={save.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || bad.length > 0} data-testid="service-calendar-save">{t('common.save')}</button>
      </div>
    </form>
  );
}
