// The case's history in one column: its mail (inbound and outbound) and its events, oldest first.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Icon, type IconName } from '../../app/icons';
import { useFormat } from '../../app/session';
import { Badge, EmptyState, Loading } from '../../app/ui';
import { attachmentUrl, useCaseEvents, useCaseMessages } from './api';
import { ServiceError, useDesk } from './parts';
import type { Case, CaseEvent, MailMessage } from './types';

type Item = { at: string; kind: 'message'; message: MailMessage } | { at: string; kind: 'event'; event: CaseEvent };
/** At the same instant the case opens before the mail that opened it is shown. */
const rank = (it: Item) => (it.kind === 'event' && it.event.kind === 'created' ? 0 : 1);

const EVENT_ICON: Partial<Record<CaseEvent['kind'], IconName>> = {
  note: 'note', call: 'call', meeting: 'meeting', message: 'email', created: 'plus', resolved: 'check', merged: 'duplicates',
  linked: 'copy', assigned: 'users', department_changed: 'departments', csat: 'check',
};

export function CaseThread({ c }: { c: Case }) {
  const { t } = useTranslation();
  const events = useCaseEvents(c.id);
  const desk = useDesk();
  const nameOf = (id: string | null) => (id ? (desk.agents.find((a) => a.id === id)?.name ?? desk.departments.find((d) => d.id === id)?.name ?? null) : null);
  const messages = useCaseMessages(c.id);
  const items = useMemo<Item[]>(() => {
    const mail = messages.data?.pages.flatMap((p) => p.items) ?? [];
    const evs = (events.data?.pages.flatMap((p) => p.items) ?? [])
      // A mail shown in full replaces its one-line event.
      .filter((e) => !(e.kind === 'message' && mail.length > 0));
    return [
      ...mail.map((m) => ({ at: m.at, kind: 'message' as const, message: m })),
      ...evs.map((e) => ({ at: e.at, kind: 'event' as const, event: e })),
    ].sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b));
  }, [events.data, messages.data]);

  return (
    <section className="card" aria-labelledby="case-thread">
      <div className="card__head">
        <h2 id="case-thread" className="card__title">{t('service.thread.title')}</h2>
      </div>
      {events.isPending ? <Loading /> : events.isError ? <ServiceError error={events.error} /> : items.length === 0 ? (
        <EmptyState title={t('service.thread.empty')} />
      ) : (
        <ol className="timeline thread" data-testid="service-thread">
          {items.map((it) => (it.kind === 'message'
            ? <MessageItem key={`m-${it.message.id}`} caseId={c.id} m={it.message} />
            : <EventItem key={`e-${it.event.id}`} e={it.event} nameOf={nameOf} />))}
        </ol>
      )}
      {events.hasNextPage || messages.hasNextPage ? (
        <div className="center">
          <button type="button" className="btn btn--ghost" onClick={() => { void events.fetchNextPage(); void messages.fetchNextPage(); }}>
            {t('common.showMore')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** What an event says beyond its kind: the status or priority it moved between, who it went to. */
function eventDetail(t: TFunction, e: CaseEvent, nameOf: (id: string | null) => string | null): string | null {
  const d = e.data;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  switch (e.kind) {
    case 'status_changed':
      return str('from') && str('to') ? `${t(`service.status.${str('from')}`)} → ${t(`service.status.${str('to')}`)}` : null;
    case 'priority_changed':
      return str('from') && str('to') ? `${t(`service.priority.${str('from')}`)} → ${t(`service.priority.${str('to')}`)}` : null;
    case 'assigned':
      return nameOf(str('toAssigneeId')) ?? t('service.unassigned');
    case 'department_changed':
      return [nameOf(str('toDepartmentId')), nameOf(str('toAssigneeId'))].filter(Boolean).join(' · ') || null;
    case 'resolved':
      return str('rootCause');
    case 'linked':
      return str('otherNumber') ? `${str('otherNumber')} (${t(`service.linkKind.${str('kind') ?? 'related'}`)})` : null;
    case 'merged':
      return str('duplicateNumber') ?? str('survivorNumber');
    case 'csat':
      return typeof d.score === 'number' ? t('service.csat.score', { score: d.score }) : null;
    case 'sla_warning': case 'sla_breached': case 'escalated':
      return str('metric') ? t(`service.sla.metric.${str('metric')}`, { defaultValue: str('metric') ?? '' }) : null;
    case 'onboarding_step':
      return str('title');
    case 'call': case 'meeting':
      return str('summary') ?? (typeof d.durationMinutes === 'number' ? t('service.contact.minutes', { n: d.durationMinutes }) : null);
    default:
      return null;
  }
}

function EventItem({ e, nameOf }: { e: CaseEvent; nameOf: (id: string | null) => string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const detail = eventDetail(t, e, nameOf);
  return (
    <li className={`timeline__item timeline__item--${e.kind === 'note' ? 'note' : e.kind === 'call' ? 'call' : e.kind === 'meeting' ? 'meeting' : 'event'}`} data-testid="service-event" data-kind={e.kind}>
      <span className="timeline__icon" aria-hidden="true"><Icon name={EVENT_ICON[e.kind] ?? 'event'} size={16} /></span>
      <div className="timeline__body">
        <div className="timeline__meta">
          <span className="timeline__kind">{t(`service.eventKind.${e.kind}`)}</span>
          {detail ? <span className="muted">· {detail}</span> : null}
          <time className="timeline__time" dateTime={e.at} title={fmt.dateTime(e.at)}>{fmt.dateTime(e.at)}</time>
        </div>
        {/* The opening text is shown above the thread already. */}
        {e.body && e.kind !== 'created' ? <p className="timeline__text prewrap">{e.body}</p> : null}
        {e.mentions.length ? <p className="small muted">{t('service.note.mentioned', { names: e.mentions.map((m) => m.name).join(', ') })}</p> : null}
        {e.actor.name ? <p className="timeline__actor">{t('service.thread.by', { name: e.actor.name })}</p> : null}
      </div>
    </li>
  );
}

function MessageItem({ caseId, m }: { caseId: string; m: MailMessage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [showText, setShowText] = useState(false);
  return (
    <li className={`timeline__item timeline__item--email mail mail--${m.direction}`} data-testid="service-message" data-direction={m.direction} data-kind={m.kind}>
      <span className="timeline__icon" aria-hidden="true"><Icon name="email" size={16} /></span>
      <div className="timeline__body">
        <div className="timeline__meta">
          <span className="timeline__kind">{t(`service.mail.direction.${m.direction}`)}</span>
          <span className="muted">· {t(`service.mail.kind.${m.kind}`)}</span>
          {m.direction === 'outbound' ? <Badge tone={m.status === 'failed' ? 'danger' : m.status === 'sent' ? 'success' : 'neutral'}>{t(`service.mail.status.${m.status}`)}</Badge> : null}
          {m.automated ? <Badge tone="warning">{t('service.mail.automated')}</Badge> : null}
          {m.loopDetected ? <Badge tone="danger">{t('service.mail.loop')}</Badge> : null}
          <time className="timeline__time" dateTime={m.at} title={fmt.dateTime(m.at)}>{fmt.dateTime(m.at)}</time>
        </div>
        <p className="mail__head small">
          <span>{t('service.mail.from', { from: m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address })}</span>
          {m.to.length ? <span> · {t('service.mail.to', { to: m.to.join(', ') })}</span> : null}
          {m.cc.length ? <span> · {t('service.mail.cc', { cc: m.cc.join(', ') })}</span> : null}
        </p>
        <p className="timeline__summary">{m.subject}</p>
        {m.html && !showText ? <MailHtml html={m.html} title={m.subject} /> : <p className="timeline__text prewrap" data-testid="service-message-text">{m.text}</p>}
        {m.html ? (
          <button type="button" className="btn btn--link btn--sm" onClick={() => setShowText((s) => !s)}>
            {showText ? t('service.mail.showHtml') : t('service.mail.showText')}
          </button>
        ) : null}
        {m.attachments.length ? (
          <ul className="plain-list attachments" aria-label={t('service.mail.attachments')}>
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a href={attachmentUrl(caseId, a.id)} download={a.fileName}><Icon name="download" size={14} /> {a.fileName}</a>
                <span className="muted small"> {t('service.mail.size', { kb: fmt.number(Math.max(1, Math.round(a.size / 1024))) })}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {m.refusedAttachments.length ? (
          <p className="small muted">
            {m.refusedAttachments.map((a) => t('service.mail.refused', { name: a.fileName, reason: t(`service.mail.refusedReason.${a.reason}`) })).join(' · ')}
          </p>
        ) : null}
        {m.error ? <p className="field__error">{m.error}</p> : null}
      </div>
    </li>
  );
}

/**
 * The server sanitises mail HTML; we still show it in a sandboxed frame without scripts and with a
 * policy that loads nothing from outside (no tracking pixels), so a miss in sanitising cannot reach the app.
 */
function MailHtml({ html, title }: { html: string; title: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><base target="_blank"><style>body{font:14px/1.5 system-ui,sans-serif;color:#16212b;margin:0;word-wrap:break-word}img{max-width:100%}blockquote{border-left:3px solid #e1e6ea;margin:0;padding-left:10px;color:#627282}</style></head><body>${html}</body></html>`;
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const fit = () => {
      const body = frame.contentDocument?.body;
      if (body) setHeight(Math.min(1200, Math.max(60, body.scrollHeight + 8)));
    };
    frame.addEventListener('load', fit);
    return () => frame.removeEventListener('load', fit);
  }, [html]);
  return (
    <iframe
      ref={ref} className="mail__html" title={title} srcDoc={doc} style={{ height }} data-testid="service-message-html"
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerPolicy="no-referrer"
    />
  );
}
