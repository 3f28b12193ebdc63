// Onboarding checklists: a name and its steps, copied onto each onboarding case.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, Loading, TextAreaField, TextField, useConfirm, useToast } from '../../../app/ui';
import { useOnboardingTemplates, useTemplateCommands } from '../api';
import { ServiceError } from '../parts';
import { Section } from './form';

/** A step's key from its title: ASCII letters and digits, unique within the list. */
export function stepKeys(titles: string[]): string[] {
  const used = new Set<string>();
  return titles.map((title, i) => {
    const base = title.replace(/[əƏ]/g, 'e').replace(/ı/g, 'i').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || `step-${i + 1}`;
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return key;
  });
}

export function TemplatesSection() {
  const { t } = useTranslation();
  const q = useOnboardingTemplates();
  const cmd = useTemplateCommands();
  const confirm = useConfirm();
  const toast = useToast();
  const [name, setName] = useState('');
  const [steps, setSteps] = useState('');
  const items = q.data?.items ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const titles = steps.split('\n').map((s) => s.trim()).filter(Boolean);
    const keys = stepKeys(titles);
    cmd.create.mutate({ name: name.trim(), steps: titles.map((title, i) => ({ key: keys[i] ?? `step-${i + 1}`, title })) }, {
      onSuccess: () => { setName(''); setSteps(''); toast(t('service.settings.saved')); },
    });
  };
  return (
    <Section title={t('service.settings.section.onboarding')} intro={t('service.templates.intro')} testId="service-templates">
      {q.isPending ? <Loading /> : q.isError ? <ServiceError error={q.error} /> : items.length === 0 ? <EmptyState title={t('service.templates.empty')} /> : (
        <ul className="plain-list stack-sm">
          {items.map((x) => (
            <li key={x.id} className="canned-item">
              <div className="card__head">
                <strong>{x.name}</strong>
                <button type="button" className="btn btn--link btn--sm btn--danger-text" onClick={async () => {
                  if (await confirm({ title: t('service.templates.deleteTitle', { name: x.name }), body: t('service.templates.deleteBody'), danger: true, confirmLabel: t('common.delete') })) cmd.remove.mutate(x.id);
                }}>{t('common.delete')}</button>
              </div>
              <ol className="small">{x.steps.map((s) => <li key={s.key}>{s.title}</li>)}</ol>
            </li>
          ))}
        </ul>
      )}
      <form className="form stack settings-form" onSubmit={submit}>
        <h3 className="section-title">{t('service.templates.new')}</h3>
        <TextField label={t('service.rules.name')} value={name} onChange={setName} required maxLength={200} />
        <TextAreaField label={t('service.templates.steps')} value={steps} onChange={setSteps} rows={6} hint={t('service.templates.stepsHint')} />
        {cmd.create.isError ? <ServiceError error={cmd.create.error} /> : null}
        {cmd.remove.isError ? <ServiceError error={cmd.remove.error} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" disabled={!name.trim() || !steps.trim() || cmd.create.isPending}>{t('common.save')}</button>
        </div>
      </form>
    </Section>
  );
}
