// A deal: its next step (always in view), stage history with time in stage, activities, and the road from quote to contract to order.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading, SelectField, TextField } from '../../app/ui';
import { isApiError } from '../../app/api';
import {
  useAccount, useActivities, useCloseDeal, useCompetitors, useContracts, useCreateContract, useCreateOrder, useCreateQuote, useDeal, useOrders,
  useOrderStatus, useProducts, useQuoteStatus, useQuotes, useUpdateDeal,
} from './api';
import { ActivityForm } from './ActivityForm';
import { Money, todayYmd } from './parts';
import { ORDER_STATUSES, type Contract, type Deal, type OrderStatus, type Quote } from './types';

export function DealPage() {
  const { dealId = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const view = useDeal(dealId);
  if (view.isPending) return <Loading />;
  if (view.isError) return <ErrorNotice error={view.error} />;
  const { deal, history } = view.data;
  const editable = can('accounts:write');
  return (
    <div className="stack" data-testid="deal-page">
      <div className="kam-head">
        <div>
          <h2 className="kam-head__title">{deal.title}</h2>
          <p className="muted"><Link to={`/accounts/${deal.accountId}`}>{deal.accountName}</Link> · {deal.stageName} · <Money value={deal.value} /> · {deal.probability}%</p>
        </div>
        <Badge tone={deal.status === 'won' ? 'success' : deal.status === 'lost' ? 'danger' : 'info'}>{t(`accounts.dealStatus.${deal.status}`)}</Badge>
      </div>
      <NextStep deal={deal} editable={editable} />
      <div className="kam-grid">
        <section className="card" aria-labelledby="history-title">
          <h3 id="history-title" className="card__title">{t('accounts.deal.history')}</h3>
          <ol className="kam-history" data-testid="stage-history">
            {history.map((h) => (
              <li key={`${h.stageId}-${h.enteredAt}`}>
                <strong>{h.stageName}</strong>
                <span className="small muted">{fmt.dateTime(h.enteredAt)} · {t('accounts.deal.timeInStage', { days: fmt.number(Math.round((h.durationMs / 86_400_000) * 10) / 10) })}</span>
              </li>
            ))}
          </ol>
          {editable && deal.status === 'open' ? <CloseDeal deal={deal} /> : null}
          {deal.status === 'lost' ? <p className="small">{t('accounts.deal.lostBecause', { reason: deal.lostReason ?? '—' })}</p> : null}
        </section>
        <DealActivities deal={deal} editable={editable} />
      </div>
      <QuotesAndContracts deal={deal} editable={editable} />
    </div>
  );
}

function NextStep({ deal, editable }: { deal: Deal; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const update = useUpdateDeal(deal.id);
  const [text, setText] = useState(deal.nextStep ?? '');
  const [due, setDue] = useState(deal.nextStepDueOn ?? '');
  const late = deal.nextStepDueOn !== null && deal.nextStepDueOn < todayYmd();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ nextStep: text || null, nextStepDueOn: due || null });
  };
  return (
    <section className={`card kam-next${late ? ' kam-next--late' : ''}`} aria-labelledby="next-title" data-testid="next-step">
      <h3 id="next-title" className="card__title">{t('accounts.deal.nextStep')}</h3>
      <p className="kam-next__text">{deal.nextStep ?? t('accounts.deal.noNextStep')}{deal.nextStepDueOn ? ` · ${fmt.plainDate(deal.nextStepDueOn)}` : ''}{late ? <> {' '}<Badge tone="danger">{t('accounts.deal.late')}</Badge></> : null}</p>
      {editable ? (
        <form className="kam-row" onSubmit={submit}>
          <TextField label={t('accounts.deal.nextStep')} value={text} onChange={setText} testId="next-step-text" />
          <TextField type="date" label={t('accounts.deal.due')} value={due} onChange={setDue} testId="next-step-due" />
          <button type="submit" className="btn btn--ghost" disabled={update.isPending}>{t('accounts.form.save')}</button>
        </form>
      ) : null}
      {update.isError ? <ErrorNotice error={update.error} /> : null}
    </section>
  );
}

function CloseDeal({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const close = useCloseDeal(deal.id);
  const competitors = useCompetitors();
  const [reason, setReason] = useState('');
  const [competitor, setCompetitor] = useState('');
  const errors = isApiError(close.error) ? close.error.fieldErrors() : {};
  return (
    <div className="kam-close stack-sm">
      <button type="button" className="btn btn--primary" onClick={() => close.mutate({ outcome: 'won' })} data-testid="deal-won">{t('accounts.deal.markWon')}</button>
      <div className="kam-row">
        <TextField label={t('accounts.deal.lostReason')} value={reason} onChange={setReason} error={errors.reason?.message} />
        <SelectField label={t('accounts.deal.lostTo')} value={competitor} onChange={setCompetitor}
          options={[{ value: '', label: '—' }, ...(competitors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]} />
        <button type="button" className="btn btn--danger" disabled={!reason} onClick={() => close.mutate({ outcome: 'lost', reason, lostToCompetitorId: competitor || null })}>{t('accounts.deal.markLost')}</button>
      </div>
    </div>
  );
}

function DealActivities({ deal, editable }: { deal: Deal; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const activities = useActivities({ dealId: deal.id });
  const account = useAccount(deal.accountId);
  return (
    <section className="card" aria-labelledby="activities-title">
      <h3 id="activities-title" className="card__title">{t('accounts.deal.activities')}</h3>
      {editable ? <ActivityForm accountId={deal.accountId} dealId={deal.id} contacts={account.data?.contacts ?? []} defaultKind="meeting" /> : null}
      <ul className="kam-list kam-mt" data-testid="deal-activities">
        {(activities.data?.items ?? []).map((a) => (
          <li key={a.id}>
            <Badge tone="neutral">{t(`accounts.kind.${a.kind}`)}</Badge> {a.subject} · {fmt.dateTime(a.startsAt ?? a.occurredAt ?? a.dueAt)}
            {a.invitation !== 'none' ? <span className="small muted"> · {t(`accounts.invitation.${a.invitation}`)}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function QuotesAndContracts({ deal, editable }: { deal: Deal; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const quotes = useQuotes(deal.id);
  const createQuote = useCreateQuote();
  const quoteStatus = useQuoteStatus();
  const contracts = useContracts(deal.accountId);
  const language = (['az', 'tr', 'en'] as const).find((l) => l === i18n.language) ?? 'az';
  const mine = (contracts.data?.items ?? []).filter((c) => c.dealId === deal.id);
  return (
    <section className="card" aria-labelledby="quotes-title">
      <div className="card__head">
        <h3 id="quotes-title" className="card__title">{t('accounts.quote.title')}</h3>
        {editable ? <button type="button" className="btn btn--ghost" onClick={() => createQuote.mutate({ dealId: deal.id, language })} disabled={createQuote.isPending} data-testid="quote-create">{t('accounts.quote.create')}</button> : null}
      </div>
      {createQuote.isError ? <ErrorNotice error={createQuote.error} /> : null}
      <DealProducts deal={deal} editable={editable} />
      <table className="table table--compact" data-testid="quotes">
        <tbody>
          {(quotes.data?.items ?? []).map((q: Quote) => (
            <tr key={q.id}>
              <td>{q.number}</td>
              <td>{fmt.plainDate(q.pricedOn)}</td>
              <td className="num">{fmt.money(q.totalMinor, q.currency)}</td>
              <td>{t(`accounts.quoteStatus.${q.status}`)}</td>
              <td className="nowrap">
                <a className="btn btn--link" href={`/api/v1/accounts/quotes/${q.id}/pdf`} download data-testid="quote-pdf">{t('accounts.quote.pdf')}</a>
                {editable && q.status === 'draft' ? <button type="button" className="btn btn--link" onClick={() => quoteStatus.mutate({ id: q.id, status: 'sent' })}>{t('accounts.quote.markSent')}</button> : null}
              </td>
              <td>{editable && q.status !== 'rejected' && !mine.some((c) => c.quoteId === q.id) ? <ContractFromQuote quote={q} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mine.map((c) => <ContractBox key={c.id} contract={c} editable={editable} />)}
    </section>
  );
}

function DealProducts({ deal, editable }: { deal: Deal; editable: boolean }) {
  const { t } = useTranslation();
  const products = useProducts();
  const update = useUpdateDeal(deal.id);
  const [productId, setProductId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const nameOf = (id: string) => products.data?.items.find((p) => p.id === id)?.name ?? id;
  const add = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(quantity);
    if (!productId || !Number.isInteger(n) || n < 1) return;
    update.mutate({ products: [...deal.products.filter((p) => p.productId !== productId), { productId, quantity: n }] });
  };
  return (
    <div className="stack-sm">
      {deal.products.length === 0 ? <p className="muted small">{t('accounts.quote.noProducts')}</p> : (
        <ul className="kam-list">{deal.products.map((p) => <li key={p.productId}>{nameOf(p.productId)} × {p.quantity}</li>)}</ul>
      )}
      {editable ? (
        <form className="kam-row" onSubmit={add} data-testid="deal-products">
          <SelectField label={t('accounts.quote.product')} value={productId} onChange={setProductId} testId="deal-product"
            options={[{ value: '', label: '—' }, ...(products.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }))]} />
          <TextField type="number" min={1} label={t('accounts.quote.quantity')} value={quantity} onChange={setQuantity} testId="deal-quantity" />
          <button type="submit" className="btn btn--ghost" disabled={!productId || update.isPending}>{t('accounts.quote.addProduct')}</button>
        </form>
      ) : null}
      {update.isError ? <ErrorNotice error={update.error} /> : null}
    </div>
  );
}

function ContractFromQuote({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const create = useCreateContract();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [endsOn, setEndsOn] = useState('');
  if (!open) return <button type="button" className="btn btn--link" onClick={() => setOpen(true)} data-testid="contract-open">{t('accounts.contract.fromQuote')}</button>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ quoteId: quote.id, title, startsOn: todayYmd(), endsOn: endsOn || null }, { onSuccess: () => setOpen(false) });
  };
  return (
    <form className="kam-row" onSubmit={submit} data-testid="contract-form">
      <TextField label={t('accounts.contract.title')} value={title} onChange={setTitle} required testId="contract-title" />
      <TextField type="date" label={t('accounts.contract.endsOn')} value={endsOn} onChange={setEndsOn} testId="contract-ends" />
      <button type="submit" className="btn btn--primary" disabled={!title || create.isPending} data-testid="contract-submit">{t('accounts.contract.create')}</button>
      {create.isError ? <ErrorNotice error={create.error} /> : null}
    </form>
  );
}

function ContractBox({ contract, editable }: { contract: Contract; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const orders = useOrders({ contractId: contract.id });
  const createOrder = useCreateOrder();
  const setStatus = useOrderStatus();
  return (
    <div className="kam-contract" data-testid="contract">
      <p><strong>{contract.number}</strong> · {contract.title} · <Money value={contract.value} /> · {t(`accounts.contractStatus.${contract.status}`)}
        {contract.renewalOn ? ` · ${t('accounts.account.renewal', { date: fmt.plainDate(contract.renewalOn) })}` : ''}</p>
      {editable && contract.status === 'active' ? (
        <button type="button" className="btn btn--ghost" onClick={() => createOrder.mutate({ contractId: contract.id })} disabled={createOrder.isPending} data-testid="order-create">{t('accounts.order.create')}</button>
      ) : null}
      {createOrder.isError ? <ErrorNotice error={createOrder.error} /> : null}
      <ul className="kam-list">
        {(orders.data?.items ?? []).map((o) => {
          const next = ORDER_STATUSES[ORDER_STATUSES.indexOf(o.status) + 1];
          return (
            <li key={o.id} data-testid="order">
              {o.number} · {fmt.money(o.totalMinor, o.currency)} · <span data-testid="order-status">{t(`accounts.orderStatus.${o.status}`)}</span>
              {o.overdue ? <> {' '}<Badge tone="danger">{t('accounts.order.overdue')}</Badge></> : null}
              {editable && next && next !== 'cancelled' ? (
                <button type="button" className="btn btn--link" onClick={() => setStatus.mutate({ id: o.id, status: next as OrderStatus })} data-testid="order-advance">
                  {t('accounts.order.advance', { status: t(`accounts.orderStatus.${next}`) })}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
