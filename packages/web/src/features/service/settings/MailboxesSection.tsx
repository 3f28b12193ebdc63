// Mailboxes of the service desk: the address customers write to, its department, inbound SMTP and/or IMAP polling.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { useFormat } from '../../../app/session';
import { Badge, EmptyState, fieldErrorText, Loading, SelectField, TextField, useConfirm, useToast } from '../../../app/ui';
import { useMailboxCommands, useMailboxes } from '../api';
import { ServiceError, useDesk } from '../parts';
import { CASE_LANGUAGES, type CaseLanguage, type Mailbox, type MailboxCreate } from '../types';
import { Check, Section } from './form';

export function MailboxesSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useMailboxes();
  const cmd = useMailboxCommands();
  const confirm = useConfirm();
  const desk = useDesk();
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const items = q.data?.items ?? [];
  return (
    <Section title={t('service.settings.section.mailboxes')} intro={t('service.mailboxes.intro')} testId="service-mailboxes"
      actions={editing ? null : <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="service-mailbox-new">{t('service.mailboxes.new')}</button>}>
      {editing ? <MailboxForm mailbox={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {q.isPending ? <Loading /> : q.isError ? <ServiceError error={q.error} /> : items.length === 0 ? <EmptyState title={t('service.mailboxes.empty')} /> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th scope="col">{t('service.mailboxes.address')}</th><th scope="col">{t('service.field.department')}</th><th scope="col">{t('service.mailboxes.receives')}</th><th scope="col">{t('service.mailboxes.state')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-testid="service-mailbox-row" className={m.active ? undefined : 'row--muted'}>
                  <td>{m.address}<div className="cell-sub">{m.name}</div></td>
                  <td>{desk.departments.find((d) => d.id === m.departmentId)?.name ?? '—'}</td>
                  <td className="small">
                    {m.inboundSmtp ? <Badge tone="info">{t('service.mailboxes.smtp')}</Badge> : null}{' '}
                    {m.imap ? <Badge tone="info">{t('service.mailboxes.imapShort', { host: m.imap.host })}</Badge> : null}
                    {m.imap?.lastPolledAt ? <div className="muted">{t('service.mailboxes.polled', { date: fmt.dateTime(m.imap.lastPolledAt) })}</div> : null}
                    {m.imap?.lastError ? <div className="field__error">{m.imap.lastError}</div> : null}
                  </td>
                  <td>{m.active ? <Badge tone="success">{t('service.mailboxes.active')}</Badge> : <Badge>{t('service.mailboxes.inactive')}</Badge>}</td>
                  <td className="actions-cell">
                    <button type="button" className="btn btn--link btn--sm" onClick={() => setEditing(m)}>{t('common.edit')}</button>
                    {m.active ? (
                      <button type="button" className="btn btn--link btn--sm btn--danger-text" onClick={async () => {
                        if (await confirm({ title: t('service.mailboxes.offTitle', { address: m.address }), body: t('service.mailboxes.offBody'), danger: true, confirmLabel: t('service.mailboxes.off') })) cmd.remove.mutate(m.id);
                      }}>{t('service.mailboxes.off')}</button>
                    ) : (
                      <button type="button" className="btn btn--link btn--sm" onClick={() => cmd.update.mutate({ id: m.id, body: { active: true } })}>{t('service.mailboxes.on')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cmd.remove.isError ? <ServiceError error={cmd.remove.error} /> : null}
      {cmd.update.isError && !editing ? <ServiceError error={cmd.update.error} /> : null}
    </Section>
  );
}

function MailboxForm({ mailbox, onClose }: { mailbox: Mailbox | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const desk = useDesk();
  const cmd = useMailboxCommands();
  const [address, setAddress] = useState(mailbox?.address ?? '');
  const [name, setName] = useState(mailbox?.name ?? '');
  const [departmentId, setDepartmentId] = useState(mailbox?.departmentId ?? '');
  const [inboundSmtp, setInboundSmtp] = useState(mailbox?.inboundSmtp ?? true);
  const [fromName, setFromName] = useState(mailbox?.fromName ?? '');
  const [fromAddress, setFromAddress] = useState(mailbox?.fromAddress ?? '');
  const [language, setLanguage] = useState<CaseLanguage>(mailbox?.language ?? 'az');
  const [acknowledge, setAcknowledge] = useState(mailbox?.acknowledge ?? true);
  const [useImap, setUseImap] = useState(Boolean(mailbox?.imap));
  const [host, setHost] = useState(mailbox?.imap?.host ?? '');
  const [port, setPort] = useState(String(mailbox?.imap?.port ?? 993));
  const [secure, setSecure] = useState(mailbox?.imap?.secure ?? true);
  const [user, setUser] = useState(mailbox?.imap?.user ?? '');
  const [password, setPassword] = useState('');
  const [folder, setFolder] = useState(mailbox?.imap?.folder ?? 'INBOX');
  const [pollSeconds, setPollSeconds] = useState(String(mailbox?.imap?.pollSeconds ?? 60));
  const error = cmd.create.error ?? cmd.update.error;
  const errs = isApiError(error) ? error.fieldErrors() : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const imap = useImap ? {
      host: host.trim(), port: Number(port) || 993, secure, user: user.trim(), folder: folder.trim() || 'INBOX', pollSeconds: Number(pollSeconds) || 60,
      ...(password ? { password } : {}),
    } : null;
    const common = {
      name: name.trim(), departmentId: departmentId || null, inboundSmtp, fromName: fromName.trim() || null, language, acknowledge, imap,
      ...(fromAddress.trim() ? { fromAddress: fromAddress.trim() } : {}),
    };
    const done = { onSuccess: () => { toast(t('service.settings.saved')); onClose(); } };
    if (mailbox) cmd.update.mutate({ id: mailbox.id, body: common }, done);
    else cmd.create.mutate({ address: address.trim(), ...common } satisfies MailboxCreate, done);
  };
  return (
    <form className="form stack settings-form" onSubmit={submit} data-testid="service-mailbox-form">
      <div className="form-row form-row--3">
        <TextField label={t('service.mailboxes.address')} type="email" value={address} onChange={setAddress} required disabled={Boolean(mailbox)} testId="service-mailbox-address" error={fieldErrorText(t, errs.address)} />
        <TextField label={t('service.rules.name')} value={name} onChange={setName} required maxLength={200} testId="service-mailbox-name" error={fieldErrorText(t, errs.name)} />
        <SelectField label={t('service.field.department')} value={departmentId} onChange={setDepartmentId} testId="service-mailbox-department"
          options={[{ value: '', label: t('service.noDepartment') }, ...desk.departments.map((d) => ({ value: d.id, label: d.name }))]} />
      </div>
      <div className="form-row form-row--3">
        <TextField label={t('service.mailboxes.fromName')} value={fromName} onChange={setFromName} />
        <TextField label={t('service.mailboxes.fromAddress')} type="email" value={fromAddress} onChange={setFromAddress} hint={t('service.mailboxes.fromHint')} error={fieldErrorText(t, errs.fromAddress)} />
        <SelectField label={t('service.mailboxes.language')} value={language} onChange={(v) => setLanguage(v as CaseLanguage)} options={CASE_LANGUAGES.map((l) => ({ value: l, label: t(`service.language.${l}`) }))} />
      </div>
      <div className="stack-sm">
        <Check label={t('service.mailboxes.inboundSmtp')} checked={inboundSmtp} onChange={setInboundSmtp} />
        <Check label={t('service.mailboxes.acknowledge')} checked={acknowledge} onChange={setAcknowledge} />
        <Check label={t('service.mailboxes.useImap')} checked={useImap} onChange={setUseImap} testId="service-mailbox-imap" />
      </div>
      {useImap ? (
        <fieldset className="route-box">
          <legend>{t('service.mailboxes.imap')}</legend>
          <div className="form-row form-row--3">
            <TextField label={t('service.mailboxes.host')} value={host} onChange={setHost} required error={fieldErrorText(t, errs['imap.host'])} />
            <TextField label={t('service.mailboxes.port')} value={port} onChange={setPort} inputMode="numeric" error={fieldErrorText(t, errs['imap.port'])} />
            <div className="field--end"><Check label={t('service.mailboxes.secure')} checked={secure} onChange={setSecure} /></div>
          </div>
          <div className="form-row form-row--3">
            <TextField label={t('service.mailboxes.user')} value={user} onChange={setUser} required autoComplete="off" error={fieldErrorText(t, errs['imap.user'])} />
            <TextField label={t('service.mailboxes.password')} type="password" value={password} onChange={setPassword} autoComplete="new-password"
              hint={mailbox?.imap?.hasPassword ? t('service.mailboxes.passwordKept') : undefined} />
            <TextField label={t('service.mailboxes.folder')} value={folder} onChange={setFolder} />
          </div>
          <TextField label={t('service.mailboxes.pollSeconds')} value={pollSeconds} onChange={setPollSeconds} inputMode="numeric" error={fieldErrorText(t, errs['imap.pollSeconds'])} />
        </fieldset>
      ) : null}
      {error && Object.keys(errs).length === 0 ? <ServiceError error={error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={cmd.create.isPending || cmd.update.isPending} data-testid="service-mailbox-save">{t('common.save')}</button>
      </div>
    </form>
  );
}
