// Writing on a case: a reply to the customer (with canned replies), an internal note with @mentions,
// a logged call or meeting, or the resolution with root cause and action taken.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useMe } from '../../app/session';
import { fieldErrorText, SelectField, TextAreaField, TextField, useToast } from '../../app/ui';
import { renderCannedReply, useAddNote, useCannedReplies, useLogContact, useResolveCase, useSendReply } from './api';
import { ServiceError, serviceProblem, useDesk } from './parts';
import { CASE_LANGUAGES, type Case, type CaseLanguage } from './types';

export type ComposerTab = 'reply' | 'note' | 'contact' | 'resolve';
const TABS: readonly ComposerTab[] = ['reply', 'note', 'contact', 'resolve'];

export function CaseComposer({ c, tab, onTab, onWriting }: { c: Case; tab: ComposerTab; onTab: (t: ComposerTab) => void; onWriting: (w: boolean) => void }) {
  const { t } = useTranslation();
  const resolved = c.status === 'resolved' || c.status === 'closed';
  return (
    <section className="card composer" id="case-composer" aria-label={t('service.composer.label')}>
      <div className="tabs" role="tablist">
        {TABS.filter((x) => x !== 'resolve' || !resolved).map((x) => (
          <button
            key={x} type="button" role="tab" aria-selected={tab === x} data-testid={`service-composer-${x}`}
            className={`tabs__tab tabs__button${tab === x ? ' tabs__tab--active' : ''}`} onClick={() => onTab(x)}
          >
            {t(`service.composer.${x}`)}
          </button>
        ))}
      </div>
      <div className="composer__body">
        {tab === 'reply' ? <ReplyForm c={c} onWriting={onWriting} /> : null}
        {tab === 'note' ? <NoteForm c={c} onWriting={onWriting} /> : null}
        {tab === 'contact' ? <ContactForm c={c} /> : null}
        {tab === 'resolve' && !resolved ? <ResolveForm c={c} /> : null}
      </div>
    </section>
  );
}

function ReplyForm({ c, onWriting }: { c: Case; onWriting: (w: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const canned = useCannedReplies();
  const send = useSendReply(c.id);
  const [text, setText] = useState('');
  const [cannedId, setCannedId] = useState('');
  const [language, setLanguage] = useState<CaseLanguage>(c.language ?? (CASE_LANGUAGES.includes(i18n.language as CaseLanguage) ? (i18n.language as CaseLanguage) : 'az'));
  const [missing, setMissing] = useState<string[]>([]);
  const [renderError, setRenderError] = useState<unknown>(null);
  useEffect(() => onWriting(text.trim().length > 0), [text, onWriting]);
  useEffect(() => () => onWriting(false), [onWriting]);

  const insert = async () => {
    if (!cannedId) return;
    setRenderError(null);
    try {
      const r = await renderCannedReply(cannedId, c.id, language);
      setMissing(r.missing);
      setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${r.text}` : r.text));
    } catch (e) {
      setRenderError(e);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    send.mutate({ text }, { onSuccess: () => { setText(''); setMissing([]); toast(t('service.reply.sent')); } });
  };
  const errs = isApiError(send.error) ? send.error.fieldErrors() : {};
  return (
    <form className="form stack" onSubmit={submit} data-testid="service-reply-form">
      {!c.customer.email ? <p className="notice notice--warning">{t('service.reply.noEmail')}</p> : (
        <p className="muted small">{t('service.reply.to', { to: c.customer.email })}</p>
      )}
      <div className="form-row form-row--3">
        <SelectField
          label={t('service.reply.canned')} value={cannedId} onChange={setCannedId} testId="service-reply-canned"
          options={[{ value: '', label: t('service.reply.cannedNone') }, ...(canned.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))]}
        />
        <SelectField
          label={t('service.reply.language')} value={language} onChange={(v) => setLanguage(v as CaseLanguage)}
          options={CASE_LANGUAGES.map((l) => ({ value: l, label: t(`service.language.${l}`) }))}
        />
        <div className="field field--end">
          <button type="button" className="btn btn--ghost" onClick={() => void insert()} disabled={!cannedId} data-testid="service-reply-insert">{t('service.reply.insert')}</button>
        </div>
      </div>
      {missing.length ? <p className="notice notice--warning">{t('service.reply.missing', { vars: missing.join(', ') })}</p> : null}
      {renderError ? <ServiceError error={renderError} /> : null}
      <TextAreaField label={t('service.reply.text')} value={text} onChange={setText} rows={8} required testId="service-reply-text" error={fieldErrorText(t, errs.text)} />
      {send.isError && !errs.text ? <ServiceError error={send.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={send.isPending || !text.trim() || !c.customer.email} data-testid="service-reply-send">
          {send.isPending ? t('common.saving') : t('service.reply.send')}
        </button>
      </div>
    </form>
  );
}

/** The handle the server resolves to a colleague: first.last in lower case. */
export const mentionHandle = (name: string) => name.trim().toLocaleLowerCase('tr').replace(/\s+/g, '.');

function NoteForm({ c, onWriting }: { c: Case; onWriting: (w: boolean) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const desk = useDesk();
  const { me } = useMe();
  const add = useAddNote(c.id);
  const [body, setBody] = useState('');
  const mentionId = useId();
  useEffect(() => onWriting(body.trim().length > 0), [body, onWriting]);
  useEffect(() => () => onWriting(false), [onWriting]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    add.mutate(body, { onSuccess: () => { setBody(''); toast(t('service.note.added')); } });
  };
  return (
    <form className="form stack" onSubmit={submit} data-testid="service-note-form">
      <p className="muted small">{t('service.note.hint')}</p>
      <div className="field field--inline">
        <label htmlFor={mentionId} className="field__label">{t('service.note.mention')}</label>
        <select
          id={mentionId} className="input select select--compact" value="" data-testid="service-note-mention"
          onChange={(e) => { const v = e.target.value; if (v) setBody((b) => `${b}${b && !b.endsWith(' ') ? ' ' : ''}@${v} `); }}
        >
          <option value="">{t('service.note.mentionPick')}</option>
          {desk.agents.filter((a) => a.id !== me.user.id).map((a) => <option key={a.id} value={mentionHandle(a.name)}>{a.name}</option>)}
        </select>
      </div>
      <TextAreaField label={t('service.note.body')} value={body} onChange={setBody} rows={5} required testId="service-note-text" />
      {add.isError ? <ServiceError error={add.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={add.isPending || !body.trim()} data-testid="service-note-save">{t('service.note.save')}</button>
      </div>
    </form>
  );
}

/** Local date-time from <input type="datetime-local"> to ISO. */
function localToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function ContactForm({ c }: { c: Case }) {
  const { t } = useTranslation();
  const toast = useToast();
  const log = useLogContact(c.id);
  const [kind, setKind] = useState<'call' | 'meeting'>('call');
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('outbound');
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [duration, setDuration] = useState('');
  const [at, setAt] = useState('');
  const [participants, setParticipants] = useState('');
  const errs = isApiError(log.error) ? log.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minutes = duration.trim() ? Number(duration) : undefined;
    const occurredAt = localToIso(at);
    const people = participants.split(',').map((p) => p.trim()).filter(Boolean);
    log.mutate({
      kind, summary: summary.trim(), body: body.trim() || null,
      ...(kind === 'call' ? { direction } : {}),
      ...(minutes !== undefined && Number.isInteger(minutes) ? { durationMinutes: minutes } : {}),
      ...(occurredAt ? { occurredAt } : {}),
      ...(people.length ? { participants: people } : {}),
    }, { onSuccess: () => { setSummary(''); setBody(''); setDuration(''); setAt(''); setParticipants(''); toast(t('service.contact.logged')); } });
  };
  return (
    <form className="form stack" onSubmit={submit} data-testid="service-contact-form">
      <div className="form-row form-row--3">
        <SelectField label={t('service.contact.kind')} value={kind} onChange={(v) => setKind(v as 'call' | 'meeting')} testId="service-contact-kind"
          options={[{ value: 'call', label: t('service.eventKind.call') }, { value: 'meeting', label: t('service.eventKind.meeting') }]} />
        {kind === 'call' ? (
          <SelectField label={t('service.contact.direction')} value={direction} onChange={(v) => setDirection(v as 'inbound' | 'outbound')}
            options={[{ value: 'inbound', label: t('service.contact.inbound') }, { value: 'outbound', label: t('service.contact.outbound') }]} />
        ) : <span />}
        <TextField label={t('service.contact.duration')} value={duration} onChange={setDuration} inputMode="numeric" error={fieldErrorText(t, errs.durationMinutes)} />
      </div>
      <TextField label={t('service.contact.summary')} value={summary} onChange={setSummary} required maxLength={300} testId="service-contact-summary" error={fieldErrorText(t, errs.summary)} />
      <TextAreaField label={t('service.contact.body')} value={body} onChange={setBody} rows={4} />
      <div className="form-row">
        <TextField label={t('service.contact.when')} type="datetime-local" value={at} onChange={setAt} error={fieldErrorText(t, errs.occurredAt)} />
        <TextField label={t('service.contact.participants')} value={participants} onChange={setParticipants} hint={t('service.contact.participantsHint')} />
      </div>
      {log.isError && Object.keys(errs).length === 0 ? <ServiceError error={log.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={log.isPending || !summary.trim()} data-testid="service-contact-save">{t('service.contact.save')}</button>
      </div>
    </form>
  );
}

function ResolveForm({ c }: { c: Case }) {
  const { t } = useTranslation();
  const toast = useToast();
  const resolve = useResolveCase(c.id);
  const [rootCause, setRootCause] = useState(c.rootCause ?? '');
  const [actionTaken, setActionTaken] = useState(c.actionTaken ?? '');
  const [category, setCategory] = useState(c.category ?? '');
  const errs = isApiError(resolve.error) ? resolve.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    resolve.mutate(
      { rootCause: rootCause.trim(), actionTaken: actionTaken.trim(), ...(category.trim() ? { category: category.trim() } : {}) },
      { onSuccess: () => toast(t('service.resolve.done')) },
    );
  };
  return (
    <form className="form stack" onSubmit={submit} data-testid="service-resolve-form">
      <p className="muted small">{t('service.resolve.hint')}</p>
      <TextField label={t('service.field.rootCause')} value={rootCause} onChange={setRootCause} required maxLength={500} testId="service-resolve-root" error={fieldErrorText(t, errs.rootCause)} />
      <TextAreaField label={t('service.field.actionTaken')} value={actionTaken} onChange={setActionTaken} required rows={4} maxLength={2000} testId="service-resolve-action" error={fieldErrorText(t, errs.actionTaken)} />
      <TextField label={t('service.field.category')} value={category} onChange={setCategory} maxLength={100} testId="service-resolve-category" error={fieldErrorText(t, errs.category)} />
      {resolve.isError && Object.keys(errs).length === 0 ? <p className="field__error" role="alert">{serviceProblem(t, resolve.error)}</p> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={resolve.isPending || !rootCause.trim() || !actionTaken.trim()} data-testid="service-resolve-save">
          {t('service.resolve.save')}
        </button>
      </div>
    </form>
  );
}
