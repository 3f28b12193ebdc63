import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import { useMe } from '../../app/session';
import { CUSTOM_FIELD_TYPES, type CustomFieldCreate, type CustomFieldDefinition, type CustomFieldType } from '../../app/types';
import { Badge, EmptyState, ErrorNotice, fieldErrorText, Loading, PageHeader, SelectField, TextField, useConfirm, useToast } from '../../app/ui';
import { customerKeys, fieldLabel, useCustomFields } from '../customers/api';

export function CustomFieldsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useMe();
  const q = useCustomFields();
  const [showForm, setShowForm] = useState(false);
  const items = q.data?.items ?? [];
  const manage = can('settings:manage');
  return (
    <>
      <PageHeader
        title={t('customFields.title')} subtitle={t('customFields.subtitle')}
        actions={manage && !showForm ? (
          <button type="button" className="btn btn--primary" onClick={() => setShowForm(true)} data-testid="customfield-new"><Icon name="plus" /> {t('customFields.new')}</button>
        ) : null}
      />
      {showForm ? <CreateFieldForm onClose={() => setShowForm(false)} /> : null}
      <section className="card card--flush">
        {q.isPending ? <Loading /> : q.isError ? <div className="card__pad"><ErrorNotice error={q.error} /></div> : items.length === 0 ? (
          <EmptyState title={t('customFields.empty')}>{t('customFields.emptyBody')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('customFields.label')}</th>
                  <th scope="col">{t('customFields.key')}</th>
                  <th scope="col">{t('customFields.type')}</th>
                  <th scope="col" className="hide-sm">{t('customFields.options')}</th>
                  {manage ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((d) => <FieldRow key={d.key} d={d} label={fieldLabel(d, i18n.language)} manage={manage} />)}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function FieldRow({ d, label, manage }: { d: CustomFieldDefinition; label: string; manage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const del = useMutation({
    mutationFn: () => api.del(`/custom-fields/${encodeURIComponent(d.key)}`),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: customerKeys.customFields }); toast(t('customFields.deleted')); },
  });
  const doDelete = async () => {
    if (await confirm({ title: t('customFields.deleteTitle'), body: t('customFields.deleteBody', { label }), confirmLabel: t('common.delete'), danger: true })) del.mutate();
  };
  return (
    <tr data-testid="customfield-row">
      <td>{label}{del.isError ? <ErrorNotice error={del.error} /> : null}</td>
      <td className="mono">{d.key}</td>
      <td><Badge>{t(`customFieldType.${d.type}`)}</Badge></td>
      <td className="hide-sm">{d.options?.length ? <div className="tags">{d.options.map((o) => <span key={o} className="tag">{o}</span>)}</div> : <span className="muted">—</span>}</td>
      {manage ? (
        <td className="actions-cell">
          <button type="button" className="icon-btn icon-btn--danger" onClick={() => void doDelete()} aria-label={t('customFields.deleteNamed', { label })} disabled={del.isPending}>
            <Icon name="trash" />
          </button>
        </td>
      ) : null}
    </tr>
  );
}

function CreateFieldForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [key, setKey] = useState('');
  const [az, setAz] = useState('');
  const [tr, setTr] = useState('');
  const [en, setEn] = useState('');
  const [type, setType] = useState<CustomFieldType>('text');
  const [options, setOptions] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: (body: CustomFieldCreate) => api.create<CustomFieldDefinition>('/custom-fields', body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: customerKeys.customFields }); toast(t('customFields.created')); onClose(); },
  });
  const server = isApiError(create.error) ? create.error.fieldErrors() : {};
  const optionList = options.split(/[,\n]/).map((o) => o.trim()).filter(Boolean);
  const local: Record<string, string> = {};
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) local.key = key ? 'invalidKey' : 'required';
  if (!az.trim()) local['label.az'] = 'required';
  if (!tr.trim()) local['label.tr'] = 'required';
  if (!en.trim()) local['label.en'] = 'required';
  if (type === 'select' && !optionList.length) local.options = 'optionsRequired';
  const err = (k: string) => ((submitted || (k === 'key' && key)) && local[k] ? t(`fieldError.${local[k]}`) : fieldErrorText(t, server[k]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length) return;
    create.mutate({ key, label: { az: az.trim(), tr: tr.trim(), en: en.trim() }, type, options: type === 'select' ? optionList : null });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-field-title">
      <h2 id="new-field-title" className="card__title">{t('customFields.new')}</h2>
      {create.isError && !Object.keys(server).length ? <ErrorNotice error={create.error} /> : null}
      <div className="form-row">
        <TextField label={t('customFields.key')} value={key} onChange={(v) => setKey(v.toLowerCase())} error={err('key')} hint={t('customFields.keyHint')} required className="mono-input" maxLength={40} autoFocus testId="customfield-key" />
        <SelectField label={t('customFields.type')} value={type} onChange={(v) => setType(v as CustomFieldType)} options={CUSTOM_FIELD_TYPES.map((ty) => ({ value: ty, label: t(`customFieldType.${ty}`) }))} />
      </div>
      <div className="form-row form-row--3">
        <TextField label={t('customFields.labelAz')} value={az} onChange={setAz} error={err('label.az')} required lang="az" maxLength={80} />
        <TextField label={t('customFields.labelTr')} value={tr} onChange={setTr} error={err('label.tr')} required lang="tr" maxLength={80} />
        <TextField label={t('customFields.labelEn')} value={en} onChange={setEn} error={err('label.en')} required lang="en" maxLength={80} />
      </div>
      {type === 'select' ? (
        <TextField label={t('customFields.options')} value={options} onChange={setOptions} error={err('options')} hint={t('customFields.optionsHint')} />
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="customfield-submit">{t('customFields.create')}</button>
      </div>
    </form>
  );
}
