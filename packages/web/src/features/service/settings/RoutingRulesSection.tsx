// Routing rules: conditions on the channel, words, customer and language; actions set department, priority,
// assignee and tags. Rules run in position order; "stop" ends the run.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { EmptyState, fieldErrorText, Loading, SelectField, Switch, TextField, useConfirm, useToast } from '../../../app/ui';
import { useRoutingRules, useRuleCommands } from '../api';
import { ServiceError, useDesk } from '../parts';
import { CASE_CHANNELS, CASE_LANGUAGES, CASE_PRIORITIES, type CaseChannel, type CaseLanguage, type CasePriority, type RoutingRule, type RoutingRuleCreate } from '../types';
import { Check, CheckGroup, joinList, Section, splitList } from './form';

export function RoutingRulesSection() {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const cmd = useRuleCommands();
  const confirm = useConfirm();
  const desk = useDesk();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const items = rules.data?.items ?? [];
  const deptName = (id?: string) => desk.departments.find((d) => d.id === id)?.name;
  const agentName = (id?: string) => desk.agents.find((a) => a.id === id)?.name;
  return (
    <Section title={t('service.settings.section.routing')} intro={t('service.rules.intro')} testId="service-rules"
      actions={editing ? null : <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="service-rule-new">{t('service.rules.new')}</button>}>
      {editing ? <RuleForm rule={editing === 'new' ? null : editing} nextPosition={(items.at(-1)?.position ?? 0) + 10} onClose={() => setEditing(null)} /> : null}
      {rules.isPending ? <Loading /> : rules.isError ? <ServiceError error={rules.error} /> : items.length === 0 ? <EmptyState title={t('service.rules.empty')} /> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th scope="col">#</th><th scope="col">{t('service.rules.name')}</th><th scope="col">{t('service.rules.when')}</th><th scope="col">{t('service.rules.then')}</th><th scope="col">{t('service.rules.enabled')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid="service-rule-row">
                  <td className="num">{r.position}</td>
                  <td>{r.name}{r.stop ? <div className="cell-sub">{t('service.rules.stops')}</div> : null}</td>
                  <td className="small">{conditionText(t, r)}</td>
                  <td className="small">
                    {[deptName(r.actions.departmentId), r.actions.priority ? t(`service.priority.${r.actions.priority}`) : null, agentName(r.actions.assigneeId), joinList(r.actions.tags)].filter(Boolean).join(' · ') || '—'}
                  </td>
                  <td><Switch checked={r.enabled} label={t('service.rules.enabled')} onChange={(enabled) => cmd.update.mutate({ id: r.id, body: { enabled } })} /></td>
                  <td className="actions-cell">
                    <button type="button" className="btn btn--link btn--sm" onClick={() => setEditing(r)}>{t('common.edit')}</button>
                    <button type="button" className="btn btn--link btn--sm btn--danger-text" onClick={async () => {
                      if (await confirm({ title: t('service.rules.deleteTitle', { name: r.name }), danger: true, confirmLabel: t('common.delete') })) cmd.remove.mutate(r.id);
                    }}>{t('common.delete')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cmd.update.isError ? <ServiceError error={cmd.update.error} /> : null}
      {cmd.remove.isError ? <ServiceError error={cmd.remove.error} /> : null}
    </Section>
  );
}

function conditionText(t: (k: string, o?: Record<string, unknown>) => string, r: RoutingRule): string {
  const c = r.conditions;
  const parts = [
    c.channels?.length ? c.channels.map((x) => t(`service.channel.${x}`)).join('/') : null,
    c.anyWords?.length ? t('service.rules.anyOf', { words: joinList(c.anyWords) }) : null,
    c.allWords?.length ? t('service.rules.allOf', { words: joinList(c.allWords) }) : null,
    c.noneWords?.length ? t('service.rules.noneOf', { words: joinList(c.noneWords) }) : null,
    c.languages?.length ? c.languages.map((x) => t(`service.language.${x}`)).join('/') : null,
    c.mailboxes?.length ? joinList(c.mailboxes) : null,
    c.categories?.length ? joinList(c.categories) : null,
    c.customerSegments?.length ? joinList(c.customerSegments) : null,
    c.customerTiers?.length ? joinList(c.customerTiers) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('service.rules.always');
}

function RuleForm({ rule, nextPosition, onClose }: { rule: RoutingRule | null; nextPosition: number; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const desk = useDesk();
  const cmd = useRuleCommands();
  const c = rule?.conditions ?? {};
  const a = rule?.actions ?? {};
  const [name, setName] = useState(rule?.name ?? '');
  const [position, setPosition] = useState(String(rule?.position ?? nextPosition));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [stop, setStop] = useState(rule?.stop ?? false);
  const [channels, setChannels] = useState<CaseChannel[]>(c.channels ?? []);
  const [languages, setLanguages] = useState<CaseLanguage[]>(c.languages ?? []);
  const [anyWords, setAnyWords] = useState(joinList(c.anyWords));
  const [allWords, setAllWords] = useState(joinList(c.allWords));
  const [noneWords, setNoneWords] = useState(joinList(c.noneWords));
  const [wordsIn, setWordsIn] = useState<string>(c.wordsIn ?? 'both');
  const [mailboxes, setMailboxes] = useState(joinList(c.mailboxes));
  const [categories, setCategories] = useState(joinList(c.categories));
  const [segments, setSegments] = useState(joinList(c.customerSegments));
  const [tiers, setTiers] = useState(joinList(c.customerTiers));
  const [departmentId, setDepartmentId] = useState(a.departmentId ?? '');
  const [priority, setPriority] = useState<string>(a.priority ?? '');
  const [assigneeId, setAssigneeId] = useState(a.assigneeId ?? '');
  const [tags, setTags] = useState(joinList(a.tags));
  const pending = cmd.create.isPending || cmd.update.isPending;
  const error = cmd.create.error ?? cmd.update.error;
  const errs = isApiError(error) ? error.fieldErrors() : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const opt = <T,>(v: T[]) => (v.length ? v : undefined);
    const body: RoutingRuleCreate = {
      name: name.trim(), position: Number(position) || 0, enabled, stop,
      conditions: {
        channels: opt(channels), languages: opt(languages), anyWords: opt(splitList(anyWords)), allWords: opt(splitList(allWords)),
        noneWords: opt(splitList(noneWords)), wordsIn: wordsIn as 'subject' | 'body' | 'both', mailboxes: opt(splitList(mailboxes)),
        categories: opt(splitList(categories)), customerSegments: opt(splitList(segments)), customerTiers: opt(splitList(tiers)),
      },
      actions: {
        ...(departmentId ? { departmentId } : {}), ...(priority ? { priority: priority as CasePriority } : {}),
        ...(assigneeId ? { assigneeId } : {}), ...(splitList(tags).length ? { tags: splitList(tags) } : {}),
      },
    };
    const done = { onSuccess: () => { toast(t('service.settings.saved')); onClose(); } };
    if (rule) cmd.update.mutate({ id: rule.id, body }, done);
    else cmd.create.mutate(body, done);
  };
  return (
    <form className="form stack settings-form" onSubmit={submit} data-testid="service-rule-form">
      <div className="form-row form-row--3">
        <TextField label={t('service.rules.name')} value={name} onChange={setName} required maxLength={200} testId="service-rule-name" error={fieldErrorText(t, errs.name)} />
        <TextField label={t('service.rules.position')} value={position} onChange={setPosition} inputMode="numeric" error={fieldErrorText(t, errs.position)} />
        <div className="stack-sm field--end">
          <Check label={t('service.rules.enabled')} checked={enabled} onChange={setEnabled} />
          <Check label={t('service.rules.stop')} checked={stop} onChange={setStop} />
        </div>
      </div>
      <h3 className="section-title">{t('service.rules.when')}</h3>
      <CheckGroup legend={t('service.field.channel')} values={CASE_CHANNELS} selected={channels} onChange={setChannels} labelOf={(v) => t(`service.channel.${v}`)} />
      <div className="form-row form-row--3">
        <TextField label={t('service.rules.anyWords')} value={anyWords} onChange={setAnyWords} hint={t('service.rules.wordsHint')} testId="service-rule-any" />
        <TextField label={t('service.rules.allWords')} value={allWords} onChange={setAllWords} />
        <TextField label={t('service.rules.noneWords')} value={noneWords} onChange={setNoneWords} />
      </div>
      <div className="form-row form-row--3">
        <SelectField label={t('service.rules.wordsIn')} value={wordsIn} onChange={setWordsIn} options={(['both', 'subject', 'body'] as const).map((v) => ({ value: v, label: t(`service.rules.in.${v}`) }))} />
        <TextField label={t('service.rules.mailboxes')} value={mailboxes} onChange={setMailboxes} />
        <TextField label={t('service.rules.categories')} value={categories} onChange={setCategories} />
      </div>
      <div className="form-row form-row--3">
        <TextField label={t('service.rules.segments')} value={segments} onChange={setSegments} hint={t('service.rules.segmentsHint')} />
        <TextField label={t('service.rules.tiers')} value={tiers} onChange={setTiers} />
        <CheckGroup legend={t('service.field.language')} values={CASE_LANGUAGES} selected={languages} onChange={setLanguages} labelOf={(v) => t(`service.language.${v}`)} />
      </div>
      <h3 className="section-title">{t('service.rules.then')}</h3>
      <div className="form-row">
        <SelectField label={t('service.field.department')} value={departmentId} onChange={setDepartmentId} testId="service-rule-department"
          options={[{ value: '', label: t('service.rules.noChange') }, ...desk.departments.map((d) => ({ value: d.id, label: d.name }))]} />
        <SelectField label={t('service.field.priority')} value={priority} onChange={setPriority} testId="service-rule-priority"
          options={[{ value: '', label: t('service.rules.noChange') }, ...CASE_PRIORITIES.map((p) => ({ value: p, label: t(`service.priority.${p}`) }))]} />
      </div>
      <div className="form-row">
        <SelectField label={t('service.field.assignee')} value={assigneeId} onChange={setAssigneeId}
          options={[{ value: '', label: t('service.rules.byStrategy') }, ...desk.agents.map((x) => ({ value: x.id, label: x.name }))]} />
        <TextField label={t('service.rules.addTags')} value={tags} onChange={setTags} />
      </div>
      {error && Object.keys(errs).length === 0 ? <ServiceError error={error} /> : null}
      {Object.entries(errs).filter(([k]) => k !== 'name' && k !== 'position').map(([k, v]) => <p key={k} className="field__error" role="alert">{k}: {fieldErrorText(t, v)}</p>)}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={pending || !name.trim()} data-testid="service-rule-save">{t('common.save')}</button>
      </div>
    </form>
  );
}
