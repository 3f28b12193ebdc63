import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import {
  CONSENT_CHANNELS, CUSTOMER_KINDS, CUSTOMER_LANGUAGES,
  type Address, type ConsentChannel, type Customer360, type CustomerCreate, type CustomerKind, type CustomerLanguage,
  type CustomerUpdate, type CustomFieldDefinition,
} from '../../app/types';
import { ErrorNotice, fieldErrorText, Loading, PageHeader, SelectField, TextField, useToast } from '../../app/ui';
import { CompanyPicker } from './CompanyPicker';
import { fieldLabel, useCreateCustomer, useCustomer360, useCustomFields, useUpdateCustomer } from './api';

interface FormState {
  kind: CustomerKind;
  firstName: string; lastName: string; companyName: string;
  companyId: string | null; companyLabel: string | null;
  externalId: string; email: string; phone: string; language: CustomerLanguage | '';
  birthDate: string; tags: string;
  street: string; city: string; postalCode: string; country: string;
  custom: Record<string, string>;
  consents: Partial<Record<ConsentChannel, boolean>>;
}

const EMPTY: FormState = {
  kind: 'person', firstName: '', lastName: '', companyName: '', companyId: null, companyLabel: null,
  externalId: '', email: '', phone: '', language: '', birthDate: '', tags: '',
  street: '', city: '', postalCode: '', country: '', custom: {}, consents: {},
};

function fromCustomer(d: Customer360): FormState {
  const c = d.customer;
  const a = c.addresses[0];
  return {
    kind: c.kind, firstName: c.firstName ?? '', lastName: c.lastName ?? '', companyName: c.companyName ?? '',
    companyId: c.companyId, companyLabel: d.company?.displayName ?? null,
    externalId: c.externalId ?? '', email: c.email ?? '', phone: c.phone ?? '', language: c.language ?? '',
    birthDate: c.birthDate ?? '', tags: c.tags.join(', '),
    street: a?.street ?? '', city: a?.city ?? '', postalCode: a?.postalCode ?? '', country: a?.country ?? '',
    custom: { ...c.customFields }, consents: {},
  };
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = /^\+?[\d\s().-]{5,40}$/;

/** Errors found while typing, keyed like the server's field paths. */
function validate(s: FormState, defs: CustomFieldDefinition[]): Record<string, string> {
  const e: Record<string, string> = {};
  if (s.kind === 'person' && !s.firstName.trim() && !s.lastName.trim()) e.firstName = 'nameRequired';
  if (s.kind === 'company' && !s.companyName.trim()) e.companyName = 'required';
  if (s.email.trim() && !EMAIL_RE.test(s.email.trim())) e.email = 'invalidEmail';
  if (s.phone.trim() && !PHONE_RE.test(s.phone.trim())) e.phone = 'invalidPhone';
  if (s.country.trim() && !/^[A-Z]{2}$/.test(s.country.trim())) e['addresses.0.country'] = 'invalidCountry';
  for (const d of defs) {
    const v = s.custom[d.key]?.trim();
    if (!v) continue;
    if (d.type === 'number' && !Number.isFinite(Number(v))) e[`customFields.${d.key}`] = 'invalidNumber';
  }
  return e;
}

const nullable = (v: string) => (v.trim() ? v.trim() : null);

function toPayload(s: FormState, original: Customer360 | undefined): CustomerUpdate {
  const body: CustomerUpdate = {
    externalId: nullable(s.externalId), email: nullable(s.email), phone: nullable(s.phone),
    language: s.language || null,
    tags: s.tags.split(',').map((x) => x.trim()).filter(Boolean).filter((x, i, all) => all.indexOf(x) === i),
  };
  if (s.kind === 'person') {
    body.firstName = nullable(s.firstName);
    body.lastName = nullable(s.lastName);
    body.companyId = s.companyId;
    body.birthDate = nullable(s.birthDate);
  } else {
    body.companyName = nullable(s.companyName);
  }
  const first: Address = {};
  const original0 = original?.customer.addresses[0];
  if (original0?.label) first.label = original0.label;
  if (s.street.trim()) first.street = s.street.trim();
  if (s.city.trim()) first.city = s.city.trim();
  if (s.postalCode.trim()) first.postalCode = s.postalCode.trim();
  if (s.country.trim()) first.country = s.country.trim();
  const rest = original?.customer.addresses.slice(1) ?? [];
  const hasFirst = Boolean(first.street || first.city || first.postalCode || first.country);
  body.addresses = hasFirst ? [first, ...rest] : rest;
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.custom)) if (v.trim()) custom[k] = v.trim();
  body.customFields = custom;
  return body;
}

export function CustomerFormPage() {
  const { id } = useParams();
  const editing = Boolean(id);
  const { t } = useTranslation();
  const existing = useCustomer360(id ?? '');
  if (editing && existing.isPending) return <Loading />;
  if (editing && existing.isError) return <ErrorNotice error={existing.error} />;
  return <CustomerForm key={id ?? 'new'} original={editing ? existing.data : undefined} title={editing ? t('customerForm.editTitle') : t('customerForm.newTitle')} />;
}

function CustomerForm({ original, title }: { original: Customer360 | undefined; title: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const defsQuery = useCustomFields();
  const defs = original?.customFieldDefinitions ?? defsQuery.data?.items ?? [];
  const [s, setS] = useState<FormState>(() => (original ? fromCustomer(original) : EMPTY));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateCustomer();
  const update = useUpdateCustomer(original?.customer.id ?? '');
  const mutation = original ? update : create;
  const [serverErrors, setServerErrors] = useState<Record<string, { code: string; message: string }>>({});

  useEffect(() => {
    if (isApiError(mutation.error)) setServerErrors(mutation.error.fieldErrors());
  }, [mutation.error]);

  const local = validate(s, defs);
  const set = <K extends keyof FormState>(k: K, v: FormState[K], path: string = k) => {
    setS((prev) => ({ ...prev, [k]: v }));
    setTouched((p) => ({ ...p, [path]: true }));
    if (serverErrors[path]) setServerErrors(({ [path]: _drop, ...rest }) => rest);
  };
  /** The error shown beside a field: what we see while typing, else what the server said. */
  const err = (path: string): string | undefined => {
    const l = local[path];
    if (l && (touched[path] || submitted)) return t(`fieldError.${l}`);
    return fieldErrorText(t, serverErrors[path]);
  };
  const shownPaths = new Set([
    'kind', 'firstName', 'lastName', 'companyName', 'companyId', 'externalId', 'email', 'phone', 'language', 'birthDate', 'tags',
    'addresses.0.street', 'addresses.0.city', 'addresses.0.postalCode', 'addresses.0.country',
    ...defs.map((d) => `customFields.${d.key}`),
  ]);
  const otherServerErrors = Object.entries(serverErrors).filter(([k]) => !shownPaths.has(k) && !k.startsWith('tags'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length) {
      const first = Object.keys(local)[0];
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const body = toPayload(s, original);
    if (original) {
      update.mutate(body, {
        onSuccess: (c) => { toast(t('customerForm.saved')); navigate(`/customers/${c.id}`); },
      });
    } else {
      const createBody: CustomerCreate = { kind: s.kind, ...body };
      const consents = CONSENT_CHANNELS.filter((ch) => s.consents[ch] !== undefined)
        .map((ch) => ({ channel: ch, granted: Boolean(s.consents[ch]), source: 'staff_web' }));
      if (consents.length) createBody.consents = consents;
      create.mutate(createBody, {
        onSuccess: (c) => { toast(t('customerForm.created')); navigate(`/customers/${c.id}`); },
      });
    }
  };

  const backTo = original ? `/customers/${original.customer.id}` : '/customers';
  const tagError = Object.entries(serverErrors).find(([k]) => k.startsWith('tags'))?.[1];

  return (
    <>
      <PageHeader
        title={title}
        back={<Link to={backTo} className="back-link"><Icon name="back" size={16} /> {original ? original.customer.displayName : t('customers.title')}</Link>}
      />
      <form className="card form" onSubmit={submit} noValidate data-testid="customer-form">
        {mutation.isError && !Object.keys(serverErrors).length ? <ErrorNotice error={mutation.error} /> : null}
        {otherServerErrors.length ? (
          <div className="notice notice--error" role="alert">
            <ul className="plain-list">{otherServerErrors.map(([k, v]) => <li key={k}><strong>{k}</strong>: {fieldErrorText(t, v)}</li>)}</ul>
          </div>
        ) : null}

        <fieldset className="form-section">
          <legend>{t('customerForm.identity')}</legend>
          {!original ? (
            <div className="segmented segmented--wide" role="radiogroup" aria-label={t('customer.kind')}>
              {CUSTOMER_KINDS.map((k) => (
                <label key={k} className={`segmented__opt${s.kind === k ? ' segmented__opt--on' : ''}`}>
                  <input type="radio" name="kind" value={k} checked={s.kind === k} onChange={() => set('kind', k)} data-testid={`kind-${k}`} />
                  <Icon name={k === 'company' ? 'building' : 'users'} size={16} />
                  <span>{t(`customerKind.${k}`)}</span>
                </label>
              ))}
            </div>
          ) : null}
          {s.kind === 'person' ? (
            <div className="form-row">
              <TextField label={t('customer.firstName')} value={s.firstName} onChange={(v) => set('firstName', v)} error={err('firstName')} data-field="firstName" testId="customer-firstName" autoComplete="off" maxLength={120} />
              <TextField label={t('customer.lastName')} value={s.lastName} onChange={(v) => set('lastName', v)} error={err('lastName')} data-field="lastName" testId="customer-lastName" autoComplete="off" maxLength={120} />
            </div>
          ) : (
            <TextField label={t('customer.companyName')} value={s.companyName} onChange={(v) => set('companyName', v)} error={err('companyName')} required data-field="companyName" testId="customer-companyName" maxLength={200} />
          )}
          {s.kind === 'person' ? (
            <div className="form-row">
              <CompanyPicker value={s.companyId} valueName={s.companyLabel} error={err('companyId')}
                onChange={(cid, name) => { set('companyId', cid); set('companyLabel', name, 'companyLabel'); }} />
              <TextField label={t('customer.birthDate')} type="date" value={s.birthDate} onChange={(v) => set('birthDate', v)} error={err('birthDate')} data-field="birthDate" />
            </div>
          ) : null}
          <TextField label={t('customer.externalId')} value={s.externalId} onChange={(v) => set('externalId', v)} error={err('externalId')} hint={t('customerForm.externalIdHint')} data-field="externalId" testId="customer-externalId" maxLength={120} />
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('customerForm.contact')}</legend>
          <div className="form-row">
            <TextField label={t('customer.email')} type="email" value={s.email} onChange={(v) => set('email', v)} error={err('email')} data-field="email" testId="customer-email" autoComplete="off" />
            <TextField label={t('customer.phone')} type="tel" value={s.phone} onChange={(v) => set('phone', v)} error={err('phone')} hint={t('customerForm.phoneHint')} data-field="phone" testId="customer-phone" autoComplete="off" />
          </div>
          <SelectField
            label={t('customer.language')} value={s.language} onChange={(v) => set('language', v as CustomerLanguage | '')} error={err('language')}
            options={[{ value: '', label: t('common.notSet') }, ...CUSTOMER_LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))]}
          />
          <div className="form-row form-row--address">
            <TextField label={t('address.street')} value={s.street} onChange={(v) => set('street', v, 'addresses.0.street')} error={err('addresses.0.street')} className="span-2" />
            <TextField label={t('address.city')} value={s.city} onChange={(v) => set('city', v, 'addresses.0.city')} error={err('addresses.0.city')} />
            <TextField label={t('address.postalCode')} value={s.postalCode} onChange={(v) => set('postalCode', v, 'addresses.0.postalCode')} error={err('addresses.0.postalCode')} />
            <TextField label={t('address.country')} value={s.country} onChange={(v) => set('country', v.toUpperCase().slice(0, 2), 'addresses.0.country')} error={err('addresses.0.country')} hint={t('address.countryHint')} data-field="addresses.0.country" />
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('customerForm.segmentation')}</legend>
          <TextField label={t('customer.tags')} value={s.tags} onChange={(v) => set('tags', v)} error={fieldErrorText(t, tagError)} hint={t('customerForm.tagsHint')} testId="customer-tags-input" />
          {defs.length ? (
            <div className="form-row">
              {defs.map((d) => <CustomFieldInput key={d.key} def={d} label={fieldLabel(d, i18n.language)} value={s.custom[d.key] ?? ''}
                error={err(`customFields.${d.key}`)} onChange={(v) => set('custom', { ...s.custom, [d.key]: v }, `customFields.${d.key}`)} />)}
            </div>
          ) : null}
        </fieldset>

        {!original ? (
          <fieldset className="form-section">
            <legend>{t('customer360.consent')}</legend>
            <p className="field__hint">{t('customerForm.consentHint')}</p>
            <div className="check-grid">
              {CONSENT_CHANNELS.map((ch) => (
                <label key={ch} className="check">
                  <input type="checkbox" checked={Boolean(s.consents[ch])} onChange={(e) => set('consents', { ...s.consents, [ch]: e.target.checked }, 'consents')} />
                  <span>{t(`consentChannel.${ch}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}

        <div className="form-actions">
          <Link to={backTo} className="btn btn--ghost">{t('common.cancel')}</Link>
          <button type="submit" className="btn btn--primary" disabled={mutation.isPending} data-testid="customer-save">
            {mutation.isPending ? t('common.saving') : original ? t('common.save') : t('customerForm.create')}
          </button>
        </div>
      </form>
    </>
  );
}

function CustomFieldInput({ def, label, value, onChange, error }: {
  def: CustomFieldDefinition; label: string; value: string; onChange: (v: string) => void; error?: string | undefined;
}) {
  const { t } = useTranslation();
  if (def.type === 'boolean') {
    return (
      <SelectField label={label} value={value} onChange={onChange} error={error}
        options={[{ value: '', label: t('common.notSet') }, { value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
    );
  }
  if (def.type === 'select') {
    return (
      <SelectField label={label} value={value} onChange={onChange} error={error}
        options={[{ value: '', label: t('common.notSet') }, ...(def.options ?? []).map((o) => ({ value: o, label: o }))]} />
    );
  }
  return (
    <TextField label={label} value={value} onChange={onChange} error={error} data-field={`customFields.${def.key}`}
      type={def.type === 'date' ? 'date' : 'text'} inputMode={def.type === 'number' ? 'decimal' : undefined} />
  );
}
