// My calendar: meetings, appointments and tasks of the coming weeks (and the past one), day by day.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading } from '../../app/ui';
import { useActivities, useCompleteActivity } from './api';
import type { Activity } from './types';

const DAY = 86_400_000;

export function CalendarPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [offsetWeeks, setOffsetWeeks] = useState(0);
  const range = useMemo(() => {
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    const from = new Date(start.getTime() - start.getDay() * DAY + offsetWeeks * 7 * DAY);
    return { from: from.toISOString(), to: new Date(from.getTime() + 14 * DAY).toISOString() };
  }, [offsetWeeks]);
  const activities = useActivities(range);
  const done = useCompleteActivity();
  const days = new Map<string, Activity[]>();
  for (const a of activities.data?.items ?? []) {
    const key = fmt.date(a.startsAt ?? a.dueAt ?? a.occurredAt);
    days.set(key, [...(days.get(key) ?? []), a]);
  }
  return (
    <div className="stack" data-testid="calendar">
      <div className="kam-toolbar">
        <button type="button" className="btn btn--ghost" onClick={() => setOffsetWeeks((w) => w - 2)}>{t('accounts.calendar.earlier')}</button>
        <strong>{fmt.date(range.from)} – {fmt.date(range.to)}</strong>
        <button type="button" className="btn btn--ghost" onClick={() => setOffsetWeeks((w) => w + 2)}>{t('accounts.calendar.later')}</button>
      </div>
      {activities.isPending ? <Loading /> : activities.isError ? <ErrorNotice error={activities.error} /> : days.size === 0 ? (
        <EmptyState title={t('accounts.calendar.empty')} />
      ) : (
        <div className="kam-days">
          {[...days].map(([day, items]) => (
            <section key={day} className="card" aria-label={day}>
              <h3 className="card__title">{day}</h3>
              <ul className="kam-list">
                {items.map((a) => (
                  <li key={a.id} className={a.doneAt ? 'muted' : ''}>
                    <Badge tone={a.kind === 'task' ? 'accent' : 'info'}>{t(`accounts.kind.${a.kind}`)}</Badge>{' '}
                    {a.startsAt ? new Date(a.startsAt).toLocaleTimeString(fmt.locale, { hour: '2-digit', minute: '2-digit' }) : ''} {a.subject}{' '}
                    <Link to={`/accounts/${a.accountId}`} className="small">{t('accounts.calendar.account')}</Link>
                    {!a.doneAt && (a.kind === 'task' || a.kind === 'meeting' || a.kind === 'appointment') ? (
                      <button type="button" className="btn btn--link" onClick={() => done.mutate(a.id)}>{t('accounts.calendar.done')}</button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
