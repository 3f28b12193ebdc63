// Log a call, e-mail, fax, letter or chat; schedule a meeting or appointment (with an invitation to the contact); set a task.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ErrorNotice, SelectField, Switch, TextField, fieldErrorText, useToast } from '../../app/ui';
import { useLogActivity } from './api';
import { ACTIVITY_KINDS, type AccountContact, type ActivityKind } from './types';

const SCHEDULED: readonly ActivityKind[] = ['meeting', 'appointment'];

/** A local date-time input value ("2026-11-24T10:00") → ISO instant in the browser's zone. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function ActivityForm({ accountId, dealId, contacts, defaultKind = 'call' }: { accountId: string; dealId?: string; contacts: AccountContact[]; defaultKind?: ActivityKind }) {
  const { t } = useTranslation();
  const toast = useToast();
  const log = useLogActivity();
  const [kind, setKind] = useState<ActivityKind>(defaultKind);
  const [subject, setSubject] = useState('');
  const [contactId, setContactId] = useState('');
  const [when, setWhen] = useState('');
  const [invite, setInvite] = useState(false);
  const scheduled = SCHEDULED.includes(kind);
  const errors = isApiError(log.error) ? log.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    log.mutate({
      kind, accountId, subject, ...(dealId ? { dealId } : {}), ...(contactId ? { contactId } : {}),
      ...(scheduled ? { startsAt: toIso(when), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, sendInvitation: invite && Boolean(contactId) } : {}),
      ...(kind === 'task' ? { dueAt: toIso(when) } : {}),
      ...(!scheduled && kind !== 'task' && when ? { occurredAt: toIso(when) } : {}),
    }, {
      onSuccess: () => { setSubject(''); setWhen(''); setInvite(false); toast(t('accounts.activity.logged')); },
    });
  };
  return (
    <form className="kam-activity-form" onSubmit={submit} data-testid="activity-form">
      <div className="kam-row">
        <SelectField label={t('accounts.activity.kind')} value={kind} onChange={(v) => setKind(v as ActivityKind)} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`accounts.kind.${k}`) }))} testId="activity-kind" />
        <TextField label={t('accounts.activity.subject')} value={subject} onChange={setSubject} required error={fieldErrorText(t, errors.subject)} testId="activity-subject" />
      </div>
      <div className="kam-row">
        <SelectField label={t('accounts.activity.contact')} value={contactId} onChange={setContactId} testId="activity-contact"
          options={[{ value: '', label: '—' }, ...contacts.map((c) => ({ value: c.contactId, label: c.name }))]} error={fieldErrorText(t, errors.contactId)} />
        <TextField type="datetime-local" label={scheduled ? t('accounts.activity.startsAt') : kind === 'task' ? t('accounts.activity.dueAt') : t('accounts.activity.occurredAt')}
          value={when} onChange={setWhen} required={scheduled || kind === 'task'} error={fieldErrorText(t, errors.startsAt ?? errors.dueAt)} testId="activity-when" />
      </div>
      {scheduled ? (
        <div className="kam-switch">
          <Switch checked={invite} onChange={setInvite} label={t('accounts.activity.sendInvitation')} disabled={!contactId} testId="activity-invite" />
          <span aria-hidden="true">{t('accounts.activity.sendInvitation')}</span>
        </div>
      ) : null}
      <button type="submit" className="btn btn--primary" disabled={!subject || log.isPending} data-testid="activity-submit">{t('accounts.activity.save')}</button>
      {log.isError && Object.keys(errors).length === 0 ? <ErrorNotice error={log.error} /> : null}
    </form>
  );
}
