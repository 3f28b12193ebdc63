// The cashier's screen: find a member by card number, see the balance, post a purchase or pay
// with points. Each post carries its own external id, so a double click or a retry counts once.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, ErrorNotice, Loading, TextField, useToast } from '../../app/ui';
import { useBurnAtTill, useMemberBalance, useMemberByCard, usePostTillPurchase } from './api';
import { useProgramme } from './programme';
import { Points, serverFieldErrors } from './parts';
import type { Member } from './types';
import { minorOf } from './till';

export function TillPage() {
  const { t } = useTranslation();
  const { programme } = useProgramme();
  const [typed, setTyped] = useState('');
  const [card, setCard] = useState('');
  const found = useMemberByCard(programme?.id ?? '', card);
  const find = (e: FormEvent) => {
    e.preventDefault();
    setCard(typed.trim());
  };
  const member = found.data?.items[0];
  return (
    <div className="stack" data-testid="loyalty-till">
      <form className="card form stack-sm" onSubmit={find} noValidate aria-labelledby="till-find-title">
        <h2 id="till-find-title" className="card__title">{t('loyalty.till.findTitle')}</h2>
        <div className="form-row">
          <TextField label={t('loyalty.till.card')} value={typed} onChange={setTyped} inputMode="numeric" autoComplete="off" required testId="loyalty-till-card" />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" disabled={!typed.trim()} data-testid="loyalty-till-find">{t('loyalty.till.find')}</button>
        </div>
      </form>
      {!card ? null : found.isPending ? <Loading /> : found.isError ? <ErrorNotice error={found.error} /> : !member ? (
        <EmptyState title={t('loyalty.till.noMember', { card })} />
      ) : <MemberAtTill member={member} />}
    </div>
  );
}

function MemberAtTill({ member }: { member: Member }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const balance = useMemberBalance(member.id);
  return (
    <>
      <section className="card stack-sm" aria-labelledby="till-member-title" data-testid="loyalty-till-member">
        <h2 id="till-member-title" className="card__title">
          <Link to={`/loyalty/members/${member.id}`}>{t('loyalty.till.memberTitle', { card: member.cardNumber })}</Link>
        </h2>
        {member.status === 'opted_out' ? <p className="muted">{t('loyalty.till.optedOut')}</p> : null}
        {balance.isPending ? <Loading /> : balance.isError ? <ErrorNotice error={balance.error} /> : (
          <dl className="dl" data-testid="loyalty-till-balance">
            <div className="dl__row"><dt>{t('loyalty.till.available')}</dt><dd><span data-testid="loyalty-till-available"><Points value={balance.data.available} /></span> · {fmt.money(balance.data.valueMinor, balance.data.currency)}</dd></div>
            <div className="dl__row"><dt>{t('loyalty.till.pending')}</dt><dd><Points value={balance.data.pending} /></dd></div>
            <div className="dl__row"><dt>{t('loyalty.till.expiring', { days: balance.data.expiring.withinDays })}</dt><dd><Points value={balance.data.expiring.points} /></dd></div>
          </dl>
        )}
      </section>
      {can('loyalty:transact') && member.status === 'active' ? (
        <div className="check-grid">
          <PurchaseForm member={member} />
          <BurnForm member={member} />
        </div>
      ) : null}
    </>
  );
}

function PurchaseForm({ member }: { member: Member }) {
  const { t } = useTranslation();
  const toast = useToast();
  const post = usePostTillPurchase();
  const [amount, setAmount] = useState('');
  const [category, setCategory] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = serverFieldErrors(t, post.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minor = minorOf(amount);
    setLocal(minor === null ? { amount: t('loyalty.till.amountProblem') } : {});
    if (minor === null) return;
    post.mutate({
      externalId: `web-till-${crypto.randomUUID()}`, member: { cardNumber: member.cardNumber }, occurredAt: new Date().toISOString(), channel: 'store',
      lines: [{ id: 'l1', sku: 'TILL', quantity: 1, unitPriceMinor: minor, ...(category.trim() ? { category: category.trim() } : {}) }],
    }, {
      onSuccess: (r) => {
        toast(r.pending ? t('loyalty.till.earnedPending', { n: r.points }) : t('loyalty.till.earned', { n: r.points }));
        setAmount('');
        setCategory('');
      },
    });
  };
  return (
    <form className="card form stack-sm" onSubmit={submit} noValidate aria-labelledby="till-purchase-title" data-testid="loyalty-till-purchase">
      <h2 id="till-purchase-title" className="card__title">{t('loyalty.till.purchaseTitle')}</h2>
      <TextField label={t('loyalty.till.amount')} value={amount} onChange={setAmount} error={local.amount ?? server['lines.0.unitPriceMinor']} inputMode="decimal" required testId="loyalty-till-amount" />
      <TextField label={t('loyalty.till.category')} value={category} onChange={setCategory} error={server['lines.0.category']} maxLength={64} testId="loyalty-till-category" />
      {post.isError && !Object.keys(server).length ? <ErrorNotice error={post.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={post.isPending} data-testid="loyalty-till-post">{post.isPending ? t('common.saving') : t('loyalty.till.post')}</button>
      </div>
    </form>
  );
}

function BurnForm({ member }: { member: Member }) {
  const { t } = useTranslation();
  const toast = useToast();
  const burn = useBurnAtTill(member.id);
  const [points, setPoints] = useState('');
  const [bill, setBill] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = serverFieldErrors(t, burn.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    const n = Number(points.trim());
    if (!/^\d+$/.test(points.trim()) || n <= 0) bad.points = t('loyalty.till.pointsProblem');
    const billMinor = bill.trim() ? minorOf(bill) : null;
    if (bill.trim() && billMinor === null) bad.bill = t('loyalty.till.amountProblem');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    burn.mutate({ points: n, externalId: `web-till-${crypto.randomUUID()}`, ...(billMinor !== null ? { billMinor } : {}) }, {
      onSuccess: () => {
        toast(t('loyalty.till.burned', { n }));
        setPoints('');
        setBill('');
      },
    });
  };
  return (
    <form className="card form stack-sm" onSubmit={submit} noValidate aria-labelledby="till-burn-title" data-testid="loyalty-till-burn">
      <h2 id="till-burn-title" className="card__title">{t('loyalty.till.burnTitle')}</h2>
      <TextField label={t('loyalty.till.points')} value={points} onChange={setPoints} error={local.points ?? server.points} inputMode="numeric" required testId="loyalty-till-points" />
      <TextField label={t('loyalty.till.bill')} value={bill} onChange={setBill} error={local.bill ?? server.billMinor} inputMode="decimal" testId="loyalty-till-bill" />
      {burn.isError && !Object.keys(server).length ? <ErrorNotice error={burn.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={burn.isPending} data-testid="loyalty-till-burn-save">{burn.isPending ? t('common.saving') : t('loyalty.till.burn')}</button>
      </div>
    </form>
  );
}
