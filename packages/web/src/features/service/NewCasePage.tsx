// A case opened by hand for an existing customer: a phone call, a meeting, or anything else that came in.
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import type { Customer } from '../../app/types';
import { fieldErrorText, SelectField, TextAreaField, TextField, useToast } from '../../app/ui';
import { useCreateCase } from './api';
import { CustomerPicker, ServiceError, useDesk } from './parts';
import { CASE_PRIORITIES, CASE_TYPES, NEW_CASE_CHANNELS, type CaseChannel, type CasePriority, type CaseType } from './types';

export function NewCasePage() {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const desk = useDesk();
  const create = useCreateCase();
  const [customer, setCustomer] = useState<Pick<Customer, 'id' | 'displayName'> | null>(
    params.get('customerId') ? { id: params.get('customerId') ?? '', displayName: params.get('customerName') ?? params.get('customerId') ?? '' } : null,
  );
  const [channel, setChannel] = useState<CaseChannel>('phone');
  const [type, setType] = useState<CaseType>('complaint');
  const [priority, setPriority] = useState<CasePriority | ''>('');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [tags, setTags] = useState('');
  const [touched, setTouched] = useState(false);
  const errs = isApiError(create.error) ? create.error.fieldErrors() : {};
  // The chosen department's agents first; anyone on the desk may take a case.
  const agents = departmentId
    ? [...desk.agents.filter((a) => a.departmentIds.includes(departmentId)), ...desk.agents.filter((a) => !a.departmentIds.includes(departmentId))]
    : desk.agents;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!customer || !subject.trim()) return;
    const tagList = tags.split(',').map((x) => x.trim()).filter(Boolean);
    create.mutate({
      customerId: customer.id, subject: subject.trim(), description, type, channel,
      ...(priority ? { priority } : {}), ...(category.trim() ? { category: category.trim() } : {}),
      ...(departmentId ? { departmentId } : {}), ...(assigneeId ? { assigneeId } : {}), ...(tagList.length ? { tags: tagList } : {}),
    }, {
      onSuccess: (c) => { toast(t('service.newCase.created', { number: c.number })); navigate(`/service/cases/${c.id}`); },
    });
  };

  return (
    <form className="card form stack new-case" onSubmit={submit} noValidate data-testid="service-new-case">
      <h2 className="card__title">{t('service.newCase.title')}</h2>
      <p className="muted">{t('service.newCase.intro')}</p>
      {customer ? (
        <div className="field">
          <span className="field__label">{t('service.field.customer')}</span>
          <div className="picked" data-testid="service-new-customer">
            <span>{customer.displayName}</span>
            <button type="button" className="btn btn--link" onClick={() => setCustomer(null)}>{t('common.remove')}</button>
          </div>
        </div>
      ) : (
        <>
          <CustomerPicker label={t('service.field.customer')} hint={t('service.newCase.customerHint')} onPick={(c) => setCustomer(c)} />
          {touched ? <p className="field__error" role="alert">{fieldErrorText(t, errs.customerId) ?? t('service.newCase.customerRequired')}</p> : null}
        </>
      )}
      <div className="form-row form-row--3">
        <SelectField label={t('service.field.channel')} value={channel} onChange={(v) => setChannel(v as CaseChannel)} testId="service-new-channel"
          options={NEW_CASE_CHANNELS.map((c) => ({ value: c, label: t(`service.channel.${c}`) }))} />
        <SelectField label={t('service.field.type')} value={type} onChange={(v) => setType(v as CaseType)} testId="service-new-type"
          options={CASE_TYPES.filter((x) => x !== 'onboarding').map((c) => ({ value: c, label: t(`service.type.${c}`) }))} />
        <SelectField label={t('service.field.priority')} value={priority} onChange={(v) => setPriority(v as CasePriority | '')} hint={t('service.newCase.priorityHint')}
          options={[{ value: '', label: t('service.newCase.byRules') }, ...CASE_PRIORITIES.map((c) => ({ value: c, label: t(`service.priority.${c}`) }))]} />
      </div>
      <TextField label={t('service.field.subject')} value={subject} onChange={setSubject} required maxLength={300} testId="service-new-subject"
        error={fieldErrorText(t, errs.subject) ?? (touched && !subject.trim() ? t('fieldError.required') : undefined)} />
      <TextAreaField label={t('service.newCase.description')} value={description} onChange={setDescription} rows={6} testId="service-new-description" error={fieldErrorText(t, errs.description)} />
      <div className="form-row form-row--3">
        <TextField label={t('service.field.category')} value={category} onChange={setCategory} maxLength={100} error={fieldErrorText(t, errs.category)} />
        <SelectField label={t('service.field.department')} value={departmentId} onChange={(v) => { setDepartmentId(v); setAssigneeId(''); }} testId="service-new-department"
          options={[{ value: '', label: t('service.newCase.byRules') }, ...desk.departments.map((d) => ({ value: d.id, label: d.name }))]} />
        <SelectField label={t('service.field.assignee')} value={assigneeId} onChange={setAssigneeId} testId="service-new-assignee"
          options={[{ value: '', label: t('service.newCase.byRules') }, ...agents.map((a) => ({ value: a.id, label: a.name }))]} />
      </div>
      <TextField label={t('service.field.tags')} value={tags} onChange={setTags} hint={t('service.case.tagsHint')} error={fieldErrorText(t, errs.tags)} />
      {create.isError && Object.keys(errs).length === 0 ? <ServiceError error={create.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="service-new-save">{t('service.newCase.save')}</button>
      </div>
    </form>
  );
}
