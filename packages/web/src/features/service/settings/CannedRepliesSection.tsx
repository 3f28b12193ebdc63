// Canned replies in az, tr and en with variables filled in for the case when inserted.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, Loading, SelectField, TextAreaField, TextField, useConfirm, useToast } from '../../../app/ui';
import { useCannedCommands, useCannedReplies } from '../api';
import { ServiceError, useDesk } from '../parts';
import { CASE_LANGUAGES, type CannedReply } from '../types';
import { Section } from './form';

const VARIABLES = ['{{customer.name}}', '{{customer.firstName}}', '{{case.number}}', '{{case.subject}}', '{{agent.name}}', '{{workspace.name}}'];

export function CannedRepliesSection() {
  const { t } = useTranslation();
  const q = useCannedReplies();
  const cmd = useCannedCommands();
  const confirm = useConfirm();
  const desk = useDesk();
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const items = q.data?.items ?? [];
  return (
    <Section title={t('service.settings.section.canned')} intro={t('service.canned.intro')} testId="service-canned"
      actions={editing ? null : <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="service-canned-new">{t('service.canned.new')}</button>}>
      {editing ? <CannedForm reply={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {q.isPending ? <Loading /> : q.isError ? <ServiceError error={q.error} /> : items.length === 0 ? <EmptyState title={t('service.canned.empty')} /> : (
        <ul className="plain-list stack-sm">
          {items.map((r) => (
            <li key={r.id} className="canned-item" data-testid="service-canned-row">
              <div className="card__head">
                <strong>{r.name}</strong>
                <span className="muted small">{desk.departments.find((d) => d.id === r.departmentId)?.name ?? t('service.canned.allDepartments')}</span>
                <span className="actions-cell">
                  <button type="button" className="btn btn--link btn--sm" onClick={() => setEditing(r)}>{t('common.edit')}</button>
                  <button type="button" className="btn btn--link btn--sm btn--danger-text" onClick={async () => {
                    if (await confirm({ title: t('service.canned.deleteTitle', { name: r.name }), danger: true, confirmLabel: t('common.delete') })) cmd.remove.mutate(r.id);
                  }}>{t('common.delete')}</button>
                </span>
              </div>
              <p className="small muted prewrap truncate-3">{r.body.az || r.body.tr || r.body.en}</p>
            </li>
          ))}
        </ul>
      )}
      {cmd.remove.isError ? <ServiceError error={cmd.remove.error} /> : null}
    </Section>
  );
}

function CannedForm({ reply, onClose }: { reply: CannedReply | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const desk = useDesk();
  const cmd = useCannedCommands();
  const [name, setName] = useState(reply?.name ?? '');
  const [body, setBody] = useState(reply?.body ?? { az: '', tr: '', en: '' });
  const [departmentId, setDepartmentId] = useState(reply?.departmentId ?? '');
  const error = cmd.create.error ?? cmd.update.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const payload = { name: name.trim(), body, departmentId: departmentId || null };
    const done = { onSuccess: () => { toast(t('service.settings.saved')); onClose(); } };
    if (reply) cmd.update.mutate({ id: reply.id, body: payload }, done);
    else cmd.create.mutate(payload, done);
  };
  return (
    <form className="form stack settings-form" onSubmit={submit} data-testid="service-canned-form">
      <div className="form-row">
        <TextField label={t('service.rules.name')} value={name} onChange={setName} required maxLength={200} testId="service-canned-name" />
        <SelectField label={t('service.field.department')} value={departmentId} onChange={setDepartmentId}
          options={[{ value: '', label: t('service.canned.allDepartments') }, ...desk.departments.map((d) => ({ value: d.id, label: d.name }))]} />
      </div>
      <p className="muted small">{t('service.canned.variables', { list: VARIABLES.join(' ') })}</p>
      {CASE_LANGUAGES.map((l) => (
        <TextAreaField key={l} label={t(`service.language.${l}`)} value={body[l]} onChange={(v) => setBody((b) => ({ ...b, [l]: v }))} rows={4} testId={`service-canned-${l}`} />
      ))}
      {error ? <ServiceError error={error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={!name.trim() || cmd.create.isPending || cmd.update.isPending} data-testid="service-canned-save">{t('common.save')}</button>
      </div>
    </form>
  );
}
