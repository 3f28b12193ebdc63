import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { CONSENT_CHANNELS, type Customer, type Customer360, type CustomFieldDefinition } from '../../app/types';
import { Avatar, Badge, EmptyState, ErrorNotice, fieldErrorText, Loading, PageHeader, Switch, useToast } from '../../app/ui';
import { fieldLabel, useCustomer360, useSetConsent, useUpdateCustomer } from './api';
import { Timeline } from './Timeline';
import { CONSENT_SOURCES } from './constants';
import { ScoresPanel } from '../analytics/ScoresPanel';
import { LoyaltyPanel } from '../loyalty/LoyaltyPanel';
import { CustomerCasesPanel } from '../service/CustomerCasesPanel';
import { CustomerSurveyPanel } from '../surveys/CustomerSurveyPanel';

export function Customer360Page() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const q = useCustomer360(id);

  const back = (
    <Link to="/customers" className="back-link"><Icon name="back" size={16} /> {t('customers.title')}</Link>
  );
  if (q.isPending) return <Loading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) {
      return <><PageHeader title={t('customer360.notFound')} back={back} /><EmptyState title={t('customer360.notFoundBody')} /></>;
    }
    return <><PageHeader title={t('customer360.title')} back={back} /><ErrorNotice error={q.error} /></>;
  }
  const data = q.data;
  const c = data.customer;

  return (
    <div data-testid="customer-360">
      <PageHeader
        back={back}
        title={<span className="title-with-avatar"><Avatar name={c.displayName} size="lg" /><span data-testid="customer-name">{c.displayName}</span></span>}
        subtitle={
          <span className="header-meta">
            <Badge tone={c.kind === 'company' ? 'info' : 'neutral'}>{t(`customerKind.${c.kind}`)}</Badge>
            {c.externalId ? <span className="mono">#{c.externalId}</span> : null}
            <span>{t('customer360.since', { date: fmt.date(c.createdAt) })}</span>
          </span>
        }
        actions={can('customers:write') ? (
          <Link to={`/customers/${c.id}/edit`} className="btn btn--ghost" data-testid="customer-edit"><Icon name="edit" /> {t('common.edit')}</Link>
        ) : null}
      />
      <div className="c360">
        <div className="c360__side">
          <ProfileCard data={data} />
          <ScoresPanel customerId={c.id} />
          <LoyaltyPanel customerId={c.id} />
          <CustomerCasesPanel customerId={c.id} customerName={c.displayName} />
          <CustomerSurveyPanel customerId={c.id} />
          <RelationsCard data={data} />
          <ConsentCard data={data} />
          <TagsCard customer={c} />
          <CustomFieldsCard customer={c} defs={data.customFieldDefinitions} />
        </div>
        <div className="c360__main">
          <Timeline customerId={c.id} />
        </div>
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dl__row">
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

function ProfileCard({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = data.customer;
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title" className="card__title">{t('customer360.profile')}</h2>
      <dl className="dl">
        {c.kind === 'person' ? <Row label={t('customer.firstName')}>{c.firstName}</Row> : null}
        {c.kind === 'person' ? <Row label={t('customer.lastName')}>{c.lastName}</Row> : null}
        {c.kind === 'company' ? <Row label={t('customer.companyName')}>{c.companyName}</Row> : null}
        <Row label={t('customer.email')}>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null}</Row>
        <Row label={t('customer.phone')}>{c.phone ? <a className="mono" href={`tel:${c.phone}`}>{c.phone}</a> : null}</Row>
        <Row label={t('customer.language')}>{c.language ? t(`language.${c.language}`) : null}</Row>
        {c.kind === 'person' ? <Row label={t('customer.birthDate')}>{c.birthDate ? fmt.plainDate(c.birthDate) : null}</Row> : null}
        <Row label={t('customer.externalId')}>{c.externalId ? <span className="mono">{c.externalId}</span> : null}</Row>
        <Row label={t('customer.addresses')}>
          {c.addresses.length ? (
            <ul className="plain-list">
              {c.addresses.map((a, i) => (
                <li key={i}>
                  {a.label ? <strong>{a.label}: </strong> : null}
                  {[a.street, a.city, a.postalCode, a.country].filter(Boolean).join(', ')}
                </li>
              ))}
            </ul>
          ) : null}
        </Row>
        <Row label={t('customer.updatedAt')}>{fmt.dateTime(c.updatedAt)}</Row>
      </dl>
    </section>
  );
}

function CustomerLink({ c }: { c: Customer }) {
  return (
    <Link to={`/customers/${c.id}`} className="person-link">
      <Avatar name={c.displayName} size="sm" />
      <span>
        <span className="person-link__name">{c.displayName}</span>
        {c.email ? <span className="person-link__sub">{c.email}</span> : null}
      </span>
    </Link>
  );
}

function RelationsCard({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const c = data.customer;
  if (c.kind === 'person') {
    return (
      <section className="card" aria-labelledby="company-title">
        <h2 id="company-title" className="card__title">{t('customer360.company')}</h2>
        {data.company ? <CustomerLink c={data.company} /> : <p className="muted">{t('customer360.noCompany')}</p>}
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="contacts-title">
      <h2 id="contacts-title" className="card__title">{t('customer360.contacts')} <span className="count">{data.contacts.length}</span></h2>
      {data.contacts.length ? (
        <ul className="plain-list stack-sm">{data.contacts.map((p) => <li key={p.id}><CustomerLink c={p} /></li>)}</ul>
      ) : <p className="muted">{t('customer360.noContacts')}</p>}
    </section>
  );
}


function ConsentCard({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const toast = useToast();
  const setConsent = useSetConsent(data.customer.id);
  const [source, setSource] = useState<string>('staff_web');
  const sourceId = useId();
  const editable = can('customers:write');

  return (
    <section className="card" aria-labelledby="consent-title">
      <h2 id="consent-title" className="card__title">{t('customer360.consent')}</h2>
      <ul className="consent-list">
        {CONSENT_CHANNELS.map((ch) => {
          const c = data.consents.find((x) => x.channel === ch);
          const metaId = `consent-meta-${ch}`;
          return (
            <li key={ch} className="consent" data-testid={`consent-${ch}`}>
              <div className="consent__text">
                <span className="consent__channel">{t(`consentChannel.${ch}`)}</span>
                <span className="consent__meta" id={metaId}>
                  {c ? (
                    <>
                      <Badge tone={c.granted ? 'success' : 'danger'}>{c.granted ? t('consent.granted') : t('consent.withdrawn')}</Badge>{' '}
                      {t('consent.recorded', { date: fmt.dateTime(c.recordedAt), source: t(`consentSource.${c.source}`, { defaultValue: c.source }) })}
                    </>
                  ) : <Badge>{t('consent.unknown')}</Badge>}
                </span>
              </div>
              <Switch
                checked={c?.granted ?? false}
                disabled={!editable || setConsent.isPending}
                label={t('consent.toggle', { channel: t(`consentChannel.${ch}`) })}
                describedById={metaId}
                testId={`consent-toggle-${ch}`}
                onChange={(granted) =>
                  setConsent.mutate({ channel: ch, granted, source }, {
                    onSuccess: () => toast(granted ? t('consent.savedGranted') : t('consent.savedWithdrawn')),
                  })}
              />
            </li>
          );
        })}
      </ul>
      {editable ? (
        <div className="field field--inline">
          <label htmlFor={sourceId} className="field__label">{t('consent.sourceLabel')}</label>
          <select id={sourceId} className="input select select--compact" value={source} onChange={(e) => setSource(e.target.value)}>
            {CONSENT_SOURCES.map((s) => <option key={s} value={s}>{t(`consentSource.${s}`)}</option>)}
          </select>
        </div>
      ) : null}
      {setConsent.isError ? <ErrorNotice error={setConsent.error} /> : null}
    </section>
  );
}

function TagsCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const update = useUpdateCustomer(customer.id);
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const editable = can('customers:write');
  const serverErrors = isApiError(update.error) ? update.error.fieldErrors() : {};
  const tagError = Object.entries(serverErrors).find(([k]) => k.startsWith('tags'))?.[1];

  const save = (tags: string[]) => update.mutate({ tags });
  const add = (e: FormEvent) => {
    e.preventDefault();
    const v = draft.trim();
    if (!v || customer.tags.includes(v)) { setDraft(''); return; }
    save([...customer.tags, v]);
    setDraft('');
  };

  return (
    <section className="card" aria-labelledby="tags-title">
      <h2 id="tags-title" className="card__title">{t('customer360.tags')}</h2>
      {customer.tags.length ? (
        <ul className="tags tags--lg" data-testid="customer-tags">
          {customer.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
              {editable ? (
                <button type="button" className="tag__remove" onClick={() => save(customer.tags.filter((x) => x !== tag))} aria-label={t('tags.remove', { tag })}>
                  <Icon name="close" size={12} />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('tags.none')}</p>}
      {editable ? (
        <form className="inline-form" onSubmit={add}>
          <label htmlFor={inputId} className="visually-hidden">{t('tags.add')}</label>
          <input id={inputId} className="input" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('tags.placeholder')} maxLength={60} data-testid="tag-input" />
          <button type="submit" className="btn btn--ghost" disabled={update.isPending || !draft.trim()}>{t('tags.add')}</button>
        </form>
      ) : null}
      {tagError ? <p className="field__error" role="alert">{fieldErrorText(t, tagError)}</p> : update.isError ? <ErrorNotice error={update.error} /> : null}
    </section>
  );
}

function CustomFieldsCard({ customer, defs }: { customer: Customer; defs: CustomFieldDefinition[] }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const known = new Set(defs.map((d) => d.key));
  const extra = Object.keys(customer.customFields).filter((k) => !known.has(k));
  if (!defs.length && !extra.length) {
    return (
      <section className="card" aria-labelledby="cf-title">
        <h2 id="cf-title" className="card__title">{t('customer360.customFields')}</h2>
        <p className="muted">{t('customer360.noCustomFields')}</p>
      </section>
    );
  }
  const show = (d: CustomFieldDefinition, v: string | undefined) => {
    if (v === undefined || v === '') return null;
    if (d.type === 'boolean') return v === 'true' ? t('common.yes') : t('common.no');
    if (d.type === 'date') return fmt.plainDate(v);
    if (d.type === 'number' && v.trim() !== '' && Number.isFinite(Number(v))) return fmt.number(Number(v));
    return v;
  };
  return (
    <section className="card" aria-labelledby="cf-title">
      <h2 id="cf-title" className="card__title">{t('customer360.customFields')}</h2>
      <dl className="dl">
        {defs.map((d) => <Row key={d.key} label={fieldLabel(d, i18n.language)}>{show(d, customer.customFields[d.key])}</Row>)}
        {extra.map((k) => <Row key={k} label={k}>{customer.customFields[k]}</Row>)}
      </dl>
    </section>
  );
}
