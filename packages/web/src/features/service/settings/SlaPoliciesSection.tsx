// SLA policies: which cases (priority, type, customer tier) get which first-response and resolution
// targets in business minutes, when to warn, and how to escalate. The first matching policy wins.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { EmptyState, fieldErrorText, Loading, SelectField, Switch, TextField, useConfirm, useToast } from '../../../app/ui';
import { usePolicyCommands, useSlaPolicies } from '../api';
import { durationText, ServiceError, useDesk } from '../parts';
import { CASE_PRIORITIES, CASE_TYPES, type CasePriority, type CaseType, type SlaPolicy, type SlaPolicyCreate } from '../types';
import { Check, CheckGroup, joinList, Section, splitList } from './form';

export function SlaPoliciesSection() {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const cmd = usePolicyCommands();
  const confirm = useConfirm();
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const items = policies.data?.items ?? [];
  const mins = (m: number | null) => (m === null ? '—' : durationText(t, m));
  return (
    <Section title={t('service.settings.section.sla')} intro={t('service.policies.intro')} testId="service-policies"
      actions={editing ? null : <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="service-policy-new">{t('service.policies.new')}</button>}>
      {editing ? <PolicyForm policy={editing === 'new' ? null : editing} nextPosition={(items.at(-1)?.position ?? 0) + 10} onClose={() => setEditing(null)} /> : null}
      {policies.isPending ? <Loading /> : policies.isError ? <ServiceError error={policies.error} /> : items.length === 0 ? <EmptyState title={t('service.policies.empty')} /> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th scope="col">#</th><th scope="col">{t('service.rules.name')}</th><th scope="col">{t('service.rules.when')}</th><th scope="col">{t('service.sla.metric.firstResponse')}</th><th scope="col">{t('service.sla.metric.resolution')}</th><th scope="col">{t('service.rules.enabled')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-testid="service-policy-row">
                  <td className="num">{p.position}</td>
                  <td>{p.name}</td>
                  <td className="small">
                    {[p.conditions.priorities?.map((x) => t(`service.priority.${x}`)).join('/'), p.conditions.types?.map((x) => t(`service.type.${x}`)).join('/'), joinList(p.conditions.customerTiers)].filter(Boolean).join(' · ') || t('service.rules.always')}
                  </td>
                  <td>{mins(p.firstResponseMinutes)}</td>
                  <td>{mins(p.resolutionMinutes)}</td>
                  <td><Switch checked={p.enabled} label={t('service.rules.enabled')} onChange={(enabled) => cmd.update.mutate({ id: p.id, body: { enabled } })} /></td>
                  <td className="actions-cell">
                    <button type="button" className="btn btn--link btn--sm" onClick={() => setEditing(p)}>{t('common.edit')}</button>
                    <button type="button" className="btn btn--link btn--sm btn--danger-text" onClick={async () => {
                      if (await confirm({ title: t('service.policies.deleteTitle', { name: p.name }), danger: true, confirmLabel: t('common.delete') })) cmd.remove.mutate(p.id);
                    }}>{t('common.delete')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cmd.remove.isError ? <ServiceError error={cmd.remove.error} /> : null}
    </Section>
  );
}

/** Minutes typed as hours ("4", "1.5") read back as whole minutes; empty means no target. */
const hoursToMinutes = (h: string) => (h.trim() ? Math.round(Number(h.replace(',', '.')) * 60) : null);
const minutesToHours = (m: number | null | undefined) => (m === null || m === undefined ? '' : String(Math.round((m / 60) * 100) / 100));

function PolicyForm({ policy, nextPosition, onClose }: { policy: SlaPolicy | null; nextPosition: number; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const desk = useDesk();
  const cmd = usePolicyCommands();
  const [name, setName] = useState(policy?.name ?? '');
  const [position, setPosition] = useState(String(policy?.position ?? nextPosition));
  const [enabled, setEnabled] = useState(policy?.enabled ?? true);
  const [priorities, setPriorities] = useState<CasePriority[]>(policy?.conditions.priorities ?? []);
  const [types, setTypes] = useState<CaseType[]>(policy?.conditions.types ?? []);
  const [tiers, setTiers] = useState(joinList(policy?.conditions.customerTiers));
  const [first, setFirst] = useState(minutesToHours(policy?.firstResponseMinutes));
  const [resolution, setResolution] = useState(minutesToHours(policy?.resolutionMinutes));
  const [warn, setWarn] = useState(String(policy?.warnBeforeMinutes ?? 30));
  const [notify, setNotify] = useState(policy?.escalation.notify ?? true);
  const [raise, setRaise] = useState(policy?.escalation.raisePriority ?? false);
  const [reassign, setReassign] = useState(policy?.escalation.reassignToUserId ?? '');
  const error = cmd.create.error ?? cmd.update.error;
  const errs = isApiError(error) ? error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: SlaPolicyCreate = {
      name: name.trim(), position: Number(position) || 0, enabled,
      conditions: { ...(priorities.length ? { priorities } : {}), ...(types.length ? { types } : {}), ...(splitList(tiers).length ? { customerTiers: splitList(tiers) } : {}) },
      firstResponseMinutes: hoursToMinutes(first), resolutionMinutes: hoursToMinutes(resolution), warnBeforeMinutes: Number(warn) || 0,
      escalation: { notify, raisePriority: raise, reassignToUserId: reassign || null },
    };
    const done = { onSuccess: () => { toast(t('service.settings.saved')); onClose(); } };
    if (policy) cmd.update.mutate({ id: policy.id, body }, done);
    else cmd.create.mutate(body, done);
  };
  return (
    <form className="form stack settings-form" onSubmit={submit} data-testid="service-policy-form">
      <div className="form-row form-row--3">
        <TextField label={t('service.rules.name')} value={name} onChange={setName} required maxLength={200} testId="service-policy-name" error={fieldErrorText(t, errs.name)} />
        <TextField label={t('service.rules.position')} value={position} onChange={setPosition} inputMode="numeric" />
        <div className="field--end"><Check label={t('service.rules.enabled')} checked={enabled} onChange={setEnabled} /></div>
      </div>
      <CheckGroup legend={t('service.field.priority')} values={CASE_PRIORITIES} selected={priorities} onChange={setPriorities} labelOf={(v) => t(`service.priority.${v}`)} />
      <CheckGroup legend={t('service.field.type')} values={CASE_TYPES} selected={types} onChange={setTypes} labelOf={(v) => t(`service.type.${v}`)} />
      <TextField label={t('service.rules.tiers')} value={tiers} onChange={setTiers} />
      <div className="form-row form-row--3">
        <TextField label={t('service.policies.firstHours')} value={first} onChange={setFirst} inputMode="decimal" testId="service-policy-first" hint={t('service.policies.hoursHint')} error={fieldErrorText(t, errs.firstResponseMinutes)} />
        <TextField label={t('service.policies.resolutionHours')} value={resolution} onChange={setResolution} inputMode="decimal" testId="service-policy-resolution" error={fieldErrorText(t, errs.resolutionMinutes)} />
        <TextField label={t('service.policies.warnMinutes')} value={warn} onChange={setWarn} inputMode="numeric" error={fieldErrorText(t, errs.warnBeforeMinutes)} />
      </div>
      <fieldset className="check-group">
        <legend className="field__label">{t('service.policies.escalation')}</legend>
        <div className="stack-sm">
          <Check label={t('service.policies.notify')} checked={notify} onChange={setNotify} />
          <Check label={t('service.policies.raise')} checked={raise} onChange={setRaise} />
          <SelectField label={t('service.policies.reassign')} value={reassign} onChange={setReassign}
            options={[{ value: '', label: t('service.rules.noChange') }, ...desk.agents.map((a) => ({ value: a.id, label: a.name }))]} />
        </div>
      </fieldset>
      {error && Object.keys(errs).length === 0 ? <ServiceError error={error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={cmd.create.isPending || cmd.update.isPending || !name.trim()} data-testid="service-policy-save">{t('common.save')}</button>
      </div>
    </form>
  );
}
