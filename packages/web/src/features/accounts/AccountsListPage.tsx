// Key accounts: search, health at a glance, and flagging a company as a key account.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, ErrorNotice, Loading, SelectField, TextField, useDebounced } from '../../app/ui';
import { isApiError } from '../../app/api';
import { CompanyPicker } from '../customers/CompanyPicker';
import { useAccounts, useCreateAccount } from './api';
import { HealthBadge, Money } from './parts';
import { ACCOUNT_TIERS, type KeyAccount } from './types';

export function AccountsListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const [q, setQ] = useState('');
  const accounts = useAccounts(useDebounced(q, 250));
  return (
    <div className="stack">
      <div className="kam-toolbar">
        <TextField label={t('accounts.list.search')} value={q} onChange={setQ} testId="accounts-search" />
      </div>
      {can('accounts:write') ? <FlagAccountForm /> : null}
      {accounts.isPending ? <Loading /> : accounts.isError ? <ErrorNotice error={accounts.error} /> : accounts.data.items.length === 0 ? (
        <EmptyState title={t('accounts.list.emptyTitle')}>{t('accounts.list.emptyBody')}</EmptyState>
      ) : (
        <section className="card card--flush">
          <div className="table-wrap">
            <table className="table" data-testid="accounts-table">
              <thead>
                <tr>
                  <th scope="col">{t('accounts.col.account')}</th>
                  <th scope="col">{t('accounts.col.tier')}</th>
                  <th scope="col">{t('accounts.col.owner')}</th>
                  <th scope="col">{t('accounts.col.health')}</th>
                  <th scope="col" className="num">{t('accounts.col.openDeals')}</th>
                  <th scope="col" className="num">{t('accounts.col.pipeline')}</th>
                  <th scope="col">{t('accounts.col.lastActivity')}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.data.items.map((a: KeyAccount) => (
                  <tr key={a.id}>
                    <td><Link to={`/accounts/${a.id}`}>{a.name}</Link></td>
                    <td>{t(`accounts.tier.${a.tier}`)}</td>
                    <td>{a.ownerName}</td>
                    <td><HealthBadge health={a.health} /></td>
                    <td className="num">{fmt.number(a.openDeals)}</td>
                    <td className="num"><Money value={{ amountMinor: a.pipelineMinor, currency: a.annualPotential.currency }} /></td>
                    <td>{a.lastActivityAt ? fmt.relative(a.lastActivityAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function FlagAccountForm() {
  const { t } = useTranslation();
  const create = useCreateAccount();
  const [company, setCompany] = useState<{ id: string | null; name: string | null }>({ id: null, name: null });
  const [tier, setTier] = useState<KeyAccount['tier']>('key');
  const fieldErrors = isApiError(create.error) ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!company.id) return;
    create.mutate({ companyId: company.id, tier }, { onSuccess: () => setCompany({ id: null, name: null }) });
  };
  return (
    <form className="card kam-inline-form" onSubmit={submit} data-testid="account-flag-form">
      <h2 className="card__title">{t('accounts.list.flagTitle')}</h2>
      <div className="kam-row">
        <CompanyPicker value={company.id} valueName={company.name} onChange={(id, name) => setCompany({ id, name })} error={fieldErrors.companyId?.message} />
        <SelectField label={t('accounts.col.tier')} value={tier} onChange={(v) => setTier(v as KeyAccount['tier'])} options={ACCOUNT_TIERS.map((x) => ({ value: x, label: t(`accounts.tier.${x}`) }))} />
        <button type="submit" className="btn btn--primary" disabled={!company.id || create.isPending}>{t('accounts.list.flag')}</button>
      </div>
      {create.isError && !fieldErrors.companyId ? <ErrorNotice error={create.error} /> : null}
    </form>
  );
}
