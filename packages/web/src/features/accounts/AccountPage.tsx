// One key account: its details (tier, industry, segment, potential), health and why, the account plan, the relationship map, open deals with their next step,
// what is coming up, contracts and open orders.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading, SelectField, TextAreaField, TextField, fieldErrorText, useConfirm } from '../../app/ui';
import { isApiError } from '../../app/api';
import { useAccount, useAddNewContact, useCompanyPeople, useCreateDeal, useRemoveRelationship, useSetRelationship, useUpdateAccount } from './api';
import { errorUnder, HealthBadge, linesOf, Money, toMinor } from './parts';
import { ActivityForm } from './ActivityForm';
import { AccountDetails } from './AccountDetails';
import { ATTITUDES, HEALTH_FACTORS, RELATIONSHIP_ROLES, type Account360, type AccountContact } from './types';

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
          <AccountDetails account={a} editable={can('accounts:write')} />
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
        <AccountPlanCard view={view} editable={can('accounts:write')} />
      </div>
      <RelationshipMap view={view} editable={can('accounts:write')} />
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

/** Goals, challenges and strategy, with the decision makers taken from the relationship map (where they are kept). */
function AccountPlanCard({ view, editable }: { view: Account360; editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const deciders = view.contacts.filter((c) => c.role === 'decision_maker' || c.role === 'economic_buyer');
  return (
    <section className="card" aria-labelledby="plan-title" data-testid="account-plan">
      <div className="card__head kam-row">
        <h3 id="plan-title" className="card__title">{t('accounts.account.plan')}</h3>
        {editable && !editing ? <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(true)} data-testid="plan-edit">{t('accounts.plan.edit')}</button> : null}
      </div>
      {editing ? <PlanForm view={view} onDone={() => setEditing(false)} /> : (
        <>
          {view.plan.goals.length === 0 && !view.plan.strategy ? <p className="muted">{t('accounts.account.noPlan')}</p> : null}
          <ul className="kam-list" data-testid="plan-goals">{view.plan.goals.map((g) => <li key={g}>{g}</li>)}</ul>
          {view.plan.challenges.length > 0 ? <p className="small"><strong>{t('accounts.account.challenges')}:</strong> {view.plan.challenges.join('; ')}</p> : null}
          {view.plan.strategy ? <p className="small" data-testid="plan-strategy">{view.plan.strategy}</p> : null}
        </>
      )}
      <p className="small kam-mt" data-testid="plan-decision-makers">
        <strong>{t('accounts.plan.decisionMakers')}:</strong>{' '}
        {deciders.length === 0 ? t('accounts.plan.noDecisionMakers') : deciders.map((c) => `${c.name} (${t(`accounts.role.${c.role}`)})`).join(', ')}
      </p>
    </section>
  );
}

function PlanForm({ view, onDone }: { view: Account360; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateAccount(view.account.id);
  const [goals, setGoals] = useState(view.plan.goals.join('\n'));
  const [challenges, setChallenges] = useState(view.plan.challenges.join('\n'));
  const [strategy, setStrategy] = useState(view.plan.strategy);
  const errors = isApiError(update.error) ? update.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ plan: { goals: linesOf(goals), challenges: linesOf(challenges), strategy } }, { onSuccess: onDone });
  };
  return (
    <form className="kam-inline-form stack" onSubmit={submit} data-testid="plan-form">
      <TextAreaField label={t('accounts.plan.goals')} hint={t('accounts.form.onePerLine')} value={goals} onChange={setGoals} rows={3} error={fieldErrorText(t, errorUnder(errors, 'plan.goals'))} testId="plan-goals-input" />
      <TextAreaField label={t('accounts.account.challenges')} hint={t('accounts.form.onePerLine')} value={challenges} onChange={setChallenges} rows={2} error={fieldErrorText(t, errorUnder(errors, 'plan.challenges'))} testId="plan-challenges-input" />
      <TextAreaField label={t('accounts.plan.strategy')} value={strategy} onChange={setStrategy} rows={3} maxLength={5000} error={fieldErrorText(t, errors['plan.strategy'])} testId="plan-strategy-input" />
      <div className="kam-row">
        <button type="submit" className="btn btn--primary" disabled={update.isPending} data-testid="plan-submit">{t('accounts.form.save')}</button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      </div>
      {update.isError && Object.keys(errors).length === 0 ? <ErrorNotice error={update.error} /> : null}
    </form>
  );
}

function RelationshipMap({ view, editable }: { view: Account360; editable: boolean }) {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const remove = useRemoveRelationship(view.account.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const byId = new Map(view.contacts.map((c) => [c.contactId, c]));
  const takeOff = async (c: AccountContact) => {
    if (await confirm({ title: t('accounts.map.removeTitle'), body: t('accounts.map.removeBody', { name: c.name }), confirmLabel: t('accounts.map.remove'), danger: true })) remove.mutate(c.contactId);
  };
  return (
    <section className="card" aria-labelledby="map-title">
      <div className="card__head kam-row">
        <h3 id="map-title" className="card__title">{t('accounts.account.relationshipMap')}</h3>
        {editable && !adding ? <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAdding(true)} data-testid="map-add">{t('accounts.map.add')}</button> : null}
      </div>
      {adding ? <AddContactForm view={view} onDone={() => setAdding(false)} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      {view.contacts.length === 0 ? <p className="muted">{t('accounts.account.noContacts')}</p> : (
        <ul className="kam-map kam-mt" data-testid="relationship-map">
          {view.contacts.map((c) => editing === c.contactId ? (
            <li key={c.contactId} className="kam-person"><RelationshipForm view={view} contact={c} onDone={() => setEditing(null)} /></li>
          ) : (
            <li key={c.contactId} className={`kam-person kam-person--${c.attitude}`} data-testid="map-person" data-name={c.name}>
              <strong>{c.name}</strong>
              <span className="small">{c.title ?? ''}</span>
              <span className="small" data-testid="map-person-role">{t(`accounts.role.${c.role}`)} · {t(`accounts.attitude.${c.attitude}`)}</span>
              <span className="kam-influence" aria-label={t('accounts.account.influence', { n: c.influence })}>{'●'.repeat(c.influence)}{'○'.repeat(5 - c.influence)}</span>
              {c.reportsToId ? <span className="small muted">{t('accounts.account.reportsTo', { name: byId.get(c.reportsToId)?.name ?? '—' })}</span> : null}
              {editable ? (
                <span className="kam-person__actions">
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(c.contactId)} data-testid="map-person-edit">{t('accounts.catalogue.edit')}</button>
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => void takeOff(c)} data-testid="map-person-remove">{t('accounts.map.remove')}</button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Role, title, influence, attitude and who they report to: the part of a map entry a manager sets. */
function useRelationshipDraft(contact?: AccountContact) {
  const [role, setRole] = useState<AccountContact['role']>(contact?.role ?? 'influencer');
  const [title, setTitle] = useState(contact?.title ?? '');
  const [influence, setInfluence] = useState(String(contact?.influence ?? 3));
  const [attitude, setAttitude] = useState<AccountContact['attitude']>(contact?.attitude ?? 'neutral');
  const [reportsToId, setReportsToId] = useState(contact?.reportsToId ?? '');
  const body = { role, title: title.trim() || null, influence: Number(influence), attitude, reportsToId: reportsToId || null };
  return { role, setRole, title, setTitle, influence, setInfluence, attitude, setAttitude, reportsToId, setReportsToId, body };
}
type RelationshipDraft = ReturnType<typeof useRelationshipDraft>;

function RelationshipFields({ draft, view, contactId, errors }: { draft: RelationshipDraft; view: Account360; contactId?: string; errors: Record<string, { code: string; message: string }> }) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField label={t('accounts.map.role')} value={draft.role} onChange={(v) => draft.setRole(v as AccountContact['role'])} testId="map-role" error={fieldErrorText(t, errors.role)}
        options={RELATIONSHIP_ROLES.map((r) => ({ value: r, label: t(`accounts.role.${r}`) }))} />
      <TextField label={t('accounts.map.jobTitle')} value={draft.title} onChange={draft.setTitle} maxLength={120} testId="map-title" error={fieldErrorText(t, errors.title)} />
      <SelectField label={t('accounts.map.influence')} value={draft.influence} onChange={draft.setInfluence} testId="map-influence" error={fieldErrorText(t, errors.influence)}
        options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t('accounts.account.influence', { n }) }))} />
      <SelectField label={t('accounts.map.attitude')} value={draft.attitude} onChange={(v) => draft.setAttitude(v as AccountContact['attitude'])} testId="map-attitude" error={fieldErrorText(t, errors.attitude)}
        options={ATTITUDES.map((a) => ({ value: a, label: t(`accounts.attitude.${a}`) }))} />
      <SelectField label={t('accounts.map.reportsTo')} value={draft.reportsToId} onChange={draft.setReportsToId} testId="map-reports-to" error={fieldErrorText(t, errors.reportsToId)}
        options={[{ value: '', label: '—' }, ...view.contacts.filter((c) => c.contactId !== contactId).map((c) => ({ value: c.contactId, label: c.name }))]} />
    </>
  );
}

function RelationshipForm({ view, contact, onDone }: { view: Account360; contact: AccountContact; onDone: () => void }) {
  const { t } = useTranslation();
  const set = useSetRelationship(view.account.id);
  const draft = useRelationshipDraft(contact);
  const errors = isApiError(set.error) ? set.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set.mutate({ contactId: contact.contactId, body: draft.body }, { onSuccess: onDone });
  };
  return (
    <form className="kam-inline-form stack" onSubmit={submit} data-testid="map-person-form">
      <strong>{contact.name}</strong>
      <RelationshipFields draft={draft} view={view} contactId={contact.contactId} errors={errors} />
      <div className="kam-row">
        <button type="submit" className="btn btn--primary btn--sm" disabled={set.isPending} data-testid="map-submit">{t('accounts.form.save')}</button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      </div>
      {set.isError && Object.keys(errors).length === 0 ? <ErrorNotice error={set.error} /> : null}
    </form>
  );
}

const NEW_PERSON = 'new';

/** Puts one of the company's people on the map, or a new person typed here (created at the company first). */
function AddContactForm({ view, onDone }: { view: Account360; onDone: () => void }) {
  const { t } = useTranslation();
  const people = useCompanyPeople(view.account.id);
  const set = useSetRelationship(view.account.id);
  const addNew = useAddNewContact(view.account.id);
  const draft = useRelationshipDraft();
  const onMap = new Set(view.contacts.map((c) => c.contactId));
  const available = (people.data?.items ?? []).filter((p) => !onMap.has(p.id));
  const [choice, setChoice] = useState('');
  const picked = choice || (people.isSuccess && available.length === 0 ? NEW_PERSON : '');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const mutation = picked === NEW_PERSON ? addNew : set;
  const errors = isApiError(mutation.error) ? mutation.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked === NEW_PERSON) addNew.mutate({ firstName, lastName, body: draft.body }, { onSuccess: onDone });
    else if (picked) set.mutate({ contactId: picked, body: draft.body }, { onSuccess: onDone });
  };
  const ready = picked === NEW_PERSON ? Boolean(firstName.trim() || lastName.trim()) : Boolean(picked);
  return (
    <form className="kam-inline-form stack" onSubmit={submit} data-testid="map-add-form">
      <div className="kam-row">
        <SelectField label={t('accounts.map.person')} value={picked} onChange={setChoice} testId="map-person-select" error={fieldErrorText(t, errors.contactId)}
          options={[{ value: '', label: '—' }, ...available.map((p) => ({ value: p.id, label: p.email ? `${p.displayName} · ${p.email}` : p.displayName })), { value: NEW_PERSON, label: t('accounts.map.newPerson') }]} />
        {picked === NEW_PERSON ? (
          <>
            <TextField label={t('accounts.map.firstName')} value={firstName} onChange={setFirstName} maxLength={120} testId="map-first-name" error={fieldErrorText(t, errors.firstName)} />
            <TextField label={t('accounts.map.lastName')} value={lastName} onChange={setLastName} maxLength={120} testId="map-last-name" error={fieldErrorText(t, errors.lastName)} />
          </>
        ) : null}
      </div>
      <div className="kam-row"><RelationshipFields draft={draft} view={view} errors={errors} /></div>
      <div className="kam-row">
        <button type="submit" className="btn btn--primary" disabled={!ready || mutation.isPending} data-testid="map-add-submit">{t('accounts.map.addSubmit')}</button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      </div>
      {people.isError ? <ErrorNotice error={people.error} /> : null}
      {mutation.isError && Object.keys(errors).length === 0 ? <ErrorNotice error={mutation.error} /> : null}
    </form>
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
