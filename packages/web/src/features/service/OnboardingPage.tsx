// Onboarding: start a checklist for a new customer, and follow the open ones.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../app/types';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, Loading, SelectField, TextField, useToast } from '../../app/ui';
import { useCases, useOnboardingTemplates, useStartOnboarding } from './api';
import { CustomerPicker, ServiceError, StatusBadge, useDesk } from './parts';

export function OnboardingPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const list = useCases({ view: can('service:manage') ? 'all' : 'department', type: 'onboarding' }, 50);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack">
      {can('service:work') ? <StartOnboarding /> : null}
      <section className="card card--flush" aria-labelledby="onb-open">
        <h2 id="onb-open" className="card__title card__pad">{t('service.onboarding.open')}</h2>
        {list.isPending ? <Loading /> : list.isError ? <ServiceError error={list.error} /> : rows.length === 0 ? (
          <EmptyState title={t('service.onboarding.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="table table--hover" data-testid="service-onboarding-list">
              <thead>
                <tr>
                  <th scope="col">{t('service.inbox.colCase')}</th>
                  <th scope="col">{t('service.field.customer')}</th>
                  <th scope="col">{t('service.field.status')}</th>
                  <th scope="col">{t('service.field.assignee')}</th>
                  <th scope="col">{t('service.inbox.colCreated')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} data-testid="service-onboarding-row">
                    <td><Link to={`/service/cases/${c.id}`}>{c.subject}</Link><div className="cell-sub mono">{c.number}</div></td>
                    <td>{c.customer.name}</td>
                    <td><StatusBadge status={c.status} /></td>
                    <td>{c.assignee?.name ?? <span className="muted">{t('service.unassigned')}</span>}</td>
                    <td className="nowrap">{fmt.date(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.hasNextPage ? <div className="table-foot"><button type="button" className="btn btn--ghost" onClick={() => void list.fetchNextPage()}>{t('common.loadMore')}</button></div> : null}
      </section>
    </div>
  );
}

function StartOnboarding() {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const templates = useOnboardingTemplates();
  const desk = useDesk();
  const start = useStartOnboarding();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [subject, setSubject] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const items = templates.data?.items ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const template = templateId || items[0]?.id;
    if (!customer || !template) return;
    start.mutate({ customerId: customer.id, templateId: template, ...(subject.trim() ? { subject: subject.trim() } : {}), ...(assigneeId ? { assigneeId } : {}) }, {
      onSuccess: (c) => { toast(t('service.newCase.created', { number: c.number })); navigate(`/service/cases/${c.id}`); },
    });
  };
  if (templates.isSuccess && items.length === 0) {
    return <section className="card"><EmptyState title={t('service.onboarding.noTemplates')}>{t('service.onboarding.noTemplatesBody')}</EmptyState></section>;
  }
  return (
    <form className="card form stack" onSubmit={submit} data-testid="service-onboarding-start">
      <h2 className="card__title">{t('service.onboarding.start')}</h2>
      {customer ? (
        <div className="picked"><span>{customer.displayName}</span><button type="button" className="btn btn--link" onClick={() => setCustomer(null)}>{t('common.remove')}</button></div>
      ) : <CustomerPicker label={t('service.field.customer')} onPick={setCustomer} />}
      <div className="form-row form-row--3">
        <SelectField label={t('service.onboarding.template')} value={templateId || items[0]?.id || ''} onChange={setTemplateId} options={items.map((x) => ({ value: x.id, label: x.name }))} />
        <TextField label={t('service.field.subject')} value={subject} onChange={setSubject} maxLength={300} />
        <SelectField label={t('service.field.assignee')} value={assigneeId} onChange={setAssigneeId}
          options={[{ value: '', label: t('service.newCase.byRules') }, ...desk.agents.map((a) => ({ value: a.id, label: a.name }))]} />
      </div>
      {start.isError ? <ServiceError error={start.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={!customer || start.isPending}>{t('service.onboarding.startSave')}</button>
      </div>
    </form>
  );
}
