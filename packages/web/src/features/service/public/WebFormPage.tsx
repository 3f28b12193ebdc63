// The contact form a workspace embeds on its site: no login, phone-first. Spam is held off without a third party:
// a hidden field people never fill, and a signed "shown at" time the server checks.
import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useQuery, useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { LanguageSwitch } from '../../../app/LanguageSwitch';
import { fieldErrorText, Loading, SelectField, TextAreaField, TextField } from '../../../app/ui';
import { publicApi } from '../api';
import { serviceProblem } from '../parts';
import { CASE_LANGUAGES, CASE_TYPES, type CaseLanguage, type PublicFormSubmit } from '../types';
import './public.css';

type FormType = Exclude<(typeof CASE_TYPES)[number], 'onboarding'>;
const FORM_TYPES = CASE_TYPES.filter((x): x is FormType => x !== 'onboarding');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function WebFormPage() {
  const { workspaceSlug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const ticket = useQuery({ queryKey: ['public', 'form', workspaceSlug], queryFn: ({ signal }) => publicApi.formTicket(workspaceSlug, signal), retry: false, staleTime: 60 * 60_000 });
  const [shownAt, setShownAt] = useState(Date.now());
  useEffect(() => { if (ticket.dataUpdatedAt) setShownAt(ticket.dataUpdatedAt); }, [ticket.dataUpdatedAt]);
  const [form, setForm] = useState({ name: '', email: '', phone: '', subject: '', message: '', type: 'question' as FormType, website: '' });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const send = useMutation({
    mutationFn: async (body: PublicFormSubmit) => {
      // A person who types fast should not be taken for a script: wait out the minimum before sending.
      const wait = (ticket.data?.minSeconds ?? 0) * 1000 - (Date.now() - shownAt) + 250;
      if (wait > 0) await sleep(wait);
      return publicApi.sendForm(workspaceSlug, body);
    },
    onError: (e) => {
      if (isApiError(e) && ['invalid_ticket', 'ticket_expired', 'too_fast'].includes(e.problem.errors?.[0]?.code ?? '')) void ticket.refetch();
    },
  });
  const errs = isApiError(send.error) ? send.error.fieldErrors() : {};
  const language: CaseLanguage = CASE_LANGUAGES.includes(i18n.language as CaseLanguage) ? (i18n.language as CaseLanguage) : 'az';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ticket.data) return;
    send.mutate({
      ticket: ticket.data.ticket, name: form.name.trim(), email: form.email.trim(), subject: form.subject.trim(), message: form.message.trim(),
      type: form.type, language, ...(form.phone.trim() ? { phone: form.phone.trim() } : {}), ...(form.website ? { website: form.website } : {}),
    });
  };

  let body;
  if (ticket.isPending) body = <Loading />;
  else if (ticket.isError) body = <p className="public__message" role="alert">{isApiError(ticket.error) && ticket.error.status === 404 ? t('service.public.formMissing') : serviceProblem(t, ticket.error)}</p>;
  else if (send.isSuccess) {
    body = (
      <div className="public__thanks" role="status" data-testid="form-receipt">
        <h1>{t('service.public.formThanks')}</h1>
        <p>{t('service.public.formReceipt', { number: send.data.caseNumber })}</p>
      </div>
    );
  } else {
    body = (
      <form onSubmit={submit} className="stack" data-testid="contact-form" noValidate>
        <p className="public__eyebrow">{ticket.data.workspaceName}</p>
        <h1>{t('service.public.formTitle')}</h1>
        <p className="muted">{t('service.public.formIntro')}</p>
        <SelectField label={t('service.public.formType')} value={form.type} onChange={(v) => setForm((f) => ({ ...f, type: v as FormType }))}
          options={FORM_TYPES.map((x) => ({ value: x, label: t(`service.type.${x}`) }))} testId="form-type" />
        <TextField label={t('service.public.formName')} value={form.name} onChange={set('name')} required autoComplete="name" maxLength={200} testId="form-name" error={fieldErrorText(t, errs.name)} />
        <TextField label={t('service.public.formEmail')} type="email" value={form.email} onChange={set('email')} required autoComplete="email" testId="form-email" error={fieldErrorText(t, errs.email)} />
        <TextField label={t('service.public.formPhone')} type="tel" value={form.phone} onChange={set('phone')} autoComplete="tel" maxLength={50} testId="form-phone" error={fieldErrorText(t, errs.phone)} />
        <TextField label={t('service.field.subject')} value={form.subject} onChange={set('subject')} required maxLength={300} testId="form-subject" error={fieldErrorText(t, errs.subject)} />
        <TextAreaField label={t('service.public.formMessage')} value={form.message} onChange={set('message')} required rows={6} testId="form-message" error={fieldErrorText(t, errs.message)} />
        {/* Hidden from people (and screen readers); bots fill every field. */}
        <div className="public__trap" aria-hidden="true">
          <label htmlFor="website">{t('service.public.formWebsite')}</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" value={form.website} onChange={(e) => set('website')(e.target.value)} />
        </div>
        {send.isError && !errs.name && !errs.email && !errs.subject && !errs.message ? <p className="field__error" role="alert">{serviceProblem(t, send.error)}</p> : null}
        <button type="submit" className="btn btn--primary btn--lg btn--block" disabled={send.isPending || !form.name.trim() || !form.email.trim() || !form.subject.trim() || !form.message.trim()} data-testid="form-send">
          {send.isPending ? t('common.saving') : t('service.public.formSend')}
        </button>
      </form>
    );
  }
  return (
    <main className="public">
      <div className="public__top"><span className="brand__mark" aria-hidden="true">V</span><LanguageSwitch /></div>
      <div className="public__card card">{body}</div>
    </main>
  );
}
