// One key account: health and why, the account plan, the relationship map, open deals with their next step,
// what is coming up, contracts and open orders.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading, TextField } from '../../app/ui';
import { isApiError } from '../../app/api';
import { useAccount, useCreateDeal } from './api';
import { HealthBadge, Money, toMinor } from './parts';
import { ActivityForm } from './ActivityForm';
import { HEALTH_FACTORS, type Account360 } from './types';

export function AccountPage() {
  const { accountId = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const account = useAccount(accountId);
  if (account.isPending) return <Loading />;
  if (account.isError) return <ErrorNotice error={account.error} />;
  const view = account.data;
  const a = view.account;
  return (
    <div className="stack" data-testid="account-page">
      <div className="kam-head">
        <div>
          <h2 className="kam-head__title">{a.name}</h2>
          <p className="muted">{t(`accounts.tier.${a.tier}`)} · {a.industry ?? '—'} · {t('accounts.account.owner', { name: a.ownerName ?? '—' })}</p>
        </div>
        <div className="header-meta">
          <HealthBadge health={a.health} />
          <Link className="btn btn--ghost" to={`/customers/${a.id}`}>{t('accounts.account.open360')}</Link>
        </div>
      </div>
      <div className="kam-grid">
        <section className="card" aria-labelledby="health-title">
          <h3 id="health-title" className="card__title">{t('accounts.account.health')}</h3>
          <ul className="kam-factors">
            {HEALTH_FACTORS.map((f) => {
              const factor = a.health.factors.find((x) => x.factor === f);
              return factor ? (
                <li key={f}>
                  <span>{t(`accounts.health.factor.${f}`)}</span>
                  <span className="kam-meter" aria-hidden="true"><span style={{ width: `${(factor.points / factor.max) * 100}%` }} /></span>
                  <span className="num">{factor.points}/{factor.max}</span>
                </li>
              ) : null;
            })}
          </ul>
          <p className="muted small">{t('accounts.account.potential')}: <Money value={a.annualPotential} /></p>
        </section>
        <section className="card" aria-labelledby="plan-title">
          <h3 id="plan-title" className="card__title">{t('accounts.account.plan')}</h3>
          {view.plan.goals.length === 0 && !view.plan.strategy ? <p className="muted">{t('accounts.account.noPlan')}</p> : null}
          <ul className="kam-list">{view.plan.goals.map((g) => <li key={g}>{g}</li>)}</ul>
          {view.plan.challenges.length > 0 ? <p className="small"><strong>{t('accounts.account.challenges')}:</strong> {view.plan.challenges.join('; ')}</p> : null}
          {view.plan.strategy ? <p className="small">{view.plan.strategy}</p> : null}
        </section>
      </div>
      <RelationshipMap view={view} />
      <section className="card" aria-labelledby="deals-title">
        <div className="card__head"><h3 id="deals-title" className="card__title">{t('accounts.account.openDeals')}</h3></div>
        {view.openDeals.length === 0 ? <p className="muted">{t('accounts.account.noDeals')}</p> : (
          <table className="table table--compact" data-testid="account-deals">
            <thead><tr><th scope="col">{t('accounts.col.deal')}</th><th scope="col">{t('accounts.col.stage')}</th><th scope="col" className="num">{t('accounts.col.value')}</th><th scope="col">{t('accounts.deal.nextStep')}</th></tr></thead>
            <tbody>
              {view.openDeals.map((d) => (
                <tr key={d.id}>
                  <td><Link to={`/accounts/deals/${d.id}`}>{d.title}</Link></td>
                  <td>{d.stageName}</td>
                  <td className="num"><Money value={d.value} /></td>
                  <td>{d.nextStep ?? '—'}{d.nextStepDueOn ? ` · ${fmt.plainDate(d.nextStepDueOn)}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can('accounts:write') ? <NewDealForm accountId={a.id} /> : null}
      </section>
      <div className="kam-grid">
        <section className="card" aria-labelledby="upcoming-title">
          <h3 id="upcoming-title" className="card__title">{t('accounts.account.upcoming')}</h3>
          {view.upcoming.length === 0 ? <p className="muted">{t('accounts.account.nothingPlanned')}</p> : (
            <ul className="kam-list">{view.upcoming.map((u) => <li key={u.id}>{t(`accounts.kind.${u.kind}`)}: {u.subject} · {fmt.dateTime(u.startsAt ?? u.dueAt)}</li>)}</ul>
          )}
          {can('accounts:write') ? <ActivityForm accountId={a.id} contacts={view.contacts} /> : null}
        </section>
        <section className="card" aria-labelledby="contracts-title">
          <h3 id="contracts-title" className="card__title">{t('accounts.account.contracts')}</h3>
          {view.contracts.length === 0 ? <p className="muted">{t('accounts.account.noContracts')}</p> : (
            <ul className="kam-list">
              {view.contracts.map((c) => (
                <li key={c.contractId}>{c.number} · {c.title} · <Money value={c.value} /> · {t(`accounts.contractStatus.${c.status}`, { defaultValue: c.status })}{c.renewalOn ? ` · ${t('accounts.account.renewal', { date: fmt.plainDate(c.renewalOn) })}` : ''}</li>
              ))}
            </ul>
          )}
          <h3 className="card__title kam-mt">{t('accounts.account.openOrders')}</h3>
          {view.openOrders.length === 0 ? <p className="muted">{t('accounts.account.noOrders')}</p> : (
            <ul className="kam-list">
              {view.openOrders.map((o) => (
                <li key={o.id}>{o.number} · {t(`accounts.orderStatus.${o.status}`, { defaultValue: o.status })} · <Money value={o.total} />{o.overdue ? <> {' '}<Badge tone="danger">{t('accounts.order.overdue')}</Badge></> : null}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function RelationshipMap({ view }: { view: Account360 }) {
  const { t } = useTranslation();
  const byId = new Map(view.contacts.map((c) => [c.contactId, c]));
  return (
    <section className="card" aria-labelledby="map-title">
      <h3 id="map-title" className="card__title">{t('accounts.account.relationshipMap')}</h3>
      {view.contacts.length === 0 ? <p className="muted">{t('accounts.account.noContacts')}</p> : (
        <ul className="kam-map" data-testid="relationship-map">
          {view.contacts.map((c) => (
            <li key={c.contactId} className={`kam-person kam-person--${c.attitude}`}>
              <strong>{c.name}</strong>
              <span className="small">{c.title ?? ''}</span>
              <span className="small">{t(`accounts.role.${c.role}`)} · {t(`accounts.attitude.${c.attitude}`)}</span>
              <span className="kam-influence" aria-label={t('accounts.account.influence', { n: c.influence })}>{'●'.repeat(c.influence)}{'○'.repeat(5 - c.influence)}</span>
              {c.reportsToId ? <span className="small muted">{t('accounts.account.reportsTo', { name: byId.get(c.reportsToId)?.name ?? '—' })}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewDealForm({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateDeal();
  const [title, setTitle] = useState('');
  const [value, setValue] = useState('');
  const fieldErrors = isApiError(create.error) ? create.error.fieldErrors() : {};
  const minor = toMinor(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (minor === null) return;
    create.mutate({ title, accountId, value: { amountMinor: minor, currency: 'AZN' } }, { onSuccess: (deal) => navigate(`/accounts/deals/${deal.id}`) });
  };
  return (
    <form className="kam-row kam-mt" onSubmit={submit} data-testid="new-deal-form">
      <TextField label={t('accounts.deal.title')} value={title} onChange={setTitle} required error={fieldErrors.title?.message} testId="new-deal-title" />
      <TextField label={t('accounts.deal.valueAzn')} value={value} onChange={setValue} required inputMode="decimal" error={value && minor === null ? t('accounts.form.badAmount') : fieldErrors['value.amountMinor']?.message} testId="new-deal-value" />
      <button type="submit" className="btn btn--primary" disabled={!title || minor === null || create.isPending}>{t('accounts.deal.create')}</button>
    </form>
  );
}
