import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon, type IconName } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { MANUAL_TIMELINE_KINDS, type ManualTimelineKind, type TimelineEntry, type TimelineEntryCreate } from '../../app/types';
import { EmptyState, ErrorNotice, fieldErrorText, Loading, SelectField, TextAreaField, TextField, useToast } from '../../app/ui';
import { useAddTimelineEntry, useTimeline } from './api';

const KIND_ICON: Record<string, IconName> = {
  note: 'note', call: 'call', email: 'email', meeting: 'meeting',
  consent_granted: 'check', consent_withdrawn: 'close', customer_created: 'plus', customer_merged: 'duplicates',
};

export function Timeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const timeline = useTimeline(customerId);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="card" aria-labelledby="timeline-title">
      <div className="card__head">
        <h2 id="timeline-title" className="card__title">{t('timeline.title')}</h2>
      </div>
      {can('timeline:write') ? <AddEntryForm customerId={customerId} /> : null}
      {timeline.isPending ? <Loading /> : timeline.isError ? <ErrorNotice error={timeline.error} /> : entries.length === 0 ? (
        <EmptyState title={t('timeline.empty')} />
      ) : (
        <ol className="timeline" data-testid="timeline">
          {entries.map((e) => <TimelineItem key={e.id} entry={e} />)}
        </ol>
      )}
      {timeline.hasNextPage ? (
        <div className="center">
          <button type="button" className="btn btn--ghost" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
            {timeline.isFetchingNextPage ? t('common.loading') : t('timeline.older')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const icon = KIND_ICON[entry.kind] ?? 'event';
  const direction = typeof entry.data.direction === 'string' ? entry.data.direction : null;
  const duration = typeof entry.data.durationMinutes === 'number' ? entry.data.durationMinutes : null;
  return (
    <li className={`timeline__item timeline__item--${entry.kind}`} data-testid="timeline-entry" data-kind={entry.kind}>
      <span className="timeline__icon" aria-hidden="true"><Icon name={icon} size={16} /></span>
      <div className="timeline__body">
        <div className="timeline__meta">
          <span className="timeline__kind">{t(`timelineKind.${entry.kind}`, { defaultValue: entry.kind.replace(/_/g, ' ') })}</span>
          {direction ? <span className="muted">· {t(`timeline.direction.${direction}`, { defaultValue: direction })}</span> : null}
          {duration !== null ? <span className="muted">· {t('timeline.minutes', { n: fmt.number(duration) })}</span> : null}
          <time className="timeline__time" dateTime={entry.occurredAt} title={fmt.dateTime(entry.occurredAt)}>{fmt.dateTime(entry.occurredAt)}</time>
        </div>
        <p className="timeline__summary">
          {entry.kind.startsWith('consent_') ? t(`consentChannel.${entry.summary}`, { defaultValue: entry.summary }) : entry.summary}
        </p>
        {entry.body ? <p className="timeline__text">{entry.body}</p> : null}
        {entry.actor.name ? <p className="timeline__actor">{t('timeline.by', { name: entry.actor.name })}</p> : null}
      </div>
    </li>
  );
}

/** Local date-time for <input type="datetime-local">, to an ISO string with offset. */
function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function AddEntryForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const add = useAddTimelineEntry(customerId);
  const [kind, setKind] = useState<ManualTimelineKind>('note');
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('outbound');
  const [duration, setDuration] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [touched, setTouched] = useState(false);
  const kindGroup = useId();

  const serverErrors = isApiError(add.error) ? add.error.fieldErrors() : {};
  const summaryError = touched && !summary.trim() ? t('fieldError.required') : fieldErrorText(t, serverErrors.summary);
  const durationError = duration && !/^\d+$/.test(duration) ? t('fieldError.wholeNumber') : fieldErrorText(t, serverErrors.durationMinutes);
  const hasDirection = kind === 'call' || kind === 'email';
  const hasDuration = kind === 'call' || kind === 'meeting';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!summary.trim() || durationError) return;
    const payload: TimelineEntryCreate = { kind, summary: summary.trim(), body: body.trim() || null };
    const at = localToIso(occurredAt);
    if (at) payload.occurredAt = at;
    if (hasDirection) payload.direction = direction;
    if (hasDuration && duration) payload.durationMinutes = Number(duration);
    add.mutate(payload, {
      onSuccess: () => {
        setSummary('');
        setBody('');
        setDuration('');
        setOccurredAt('');
        setTouched(false);
        toast(t('timeline.added'));
      },
    });
  };

  return (
    <form className="timeline-form" onSubmit={submit} noValidate aria-label={t('timeline.addTitle')}>
      <fieldset className="segmented" aria-describedby={kindGroup}>
        <legend id={kindGroup} className="visually-hidden">{t('timeline.kind')}</legend>
        {MANUAL_TIMELINE_KINDS.map((k) => (
          <label key={k} className={`segmented__opt${kind === k ? ' segmented__opt--on' : ''}`}>
            <input type="radio" name="timeline-kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`timeline-kind-${k}`} />
            <Icon name={KIND_ICON[k] ?? 'note'} size={16} />
            <span>{t(`timelineKind.${k}`)}</span>
          </label>
        ))}
      </fieldset>
      <TextField
        label={t('timeline.summary')} value={summary} onChange={setSummary} onBlur={() => setTouched(true)} maxLength={300}
        required error={summaryError} testId="timeline-add-summary" placeholder={t(`timeline.placeholder.${kind}`)}
      />
      <TextAreaField label={t('timeline.body')} value={body} onChange={setBody} rows={3} error={fieldErrorText(t, serverErrors.body)} testId="timeline-add-body" />
      <div className="form-row">
        {hasDirection ? (
          <SelectField
            label={t('timeline.directionLabel')} value={direction} onChange={(v) => setDirection(v as 'inbound' | 'outbound')}
            options={[{ value: 'outbound', label: t('timeline.direction.outbound') }, { value: 'inbound', label: t('timeline.direction.inbound') }]}
          />
        ) : null}
        {hasDuration ? (
          <TextField label={t('timeline.duration')} value={duration} onChange={setDuration} inputMode="numeric" error={durationError} />
        ) : null}
        <TextField label={t('timeline.occurredAt')} type="datetime-local" value={occurredAt} onChange={setOccurredAt} hint={t('timeline.occurredAtHint')} error={fieldErrorText(t, serverErrors.occurredAt)} />
      </div>
      {add.isError && !Object.keys(serverErrors).length ? <ErrorNotice error={add.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="timeline-add-submit">
          {add.isPending ? t('common.saving') : t('timeline.add')}
        </button>
      </div>
    </form>
  );
}
