// One member: balance, pending, points expiring soon, tier and progress to the next one,
// manual adjustment with a reason, and the full ledger history with the cause of every entry.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { Avatar, Badge, EmptyState, ErrorNotice, Loading, PageHeader, TextField, useToast } from '../../app/ui';
import { Kpi } from '../analytics/parts';
import { useAdjust, useLedger, useMemberNames, useMemberView, useRedemptions, useRewards, useRules } from './api';
import { Points, serverFieldErrors, TierProgress } from './parts';
import type { LedgerEntry, MemberView } from './types';

export function MemberPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useMemberView(id);
  const names = useMemberNames(id ? [id] : []);
  const back = <Link to="/loyalty/members" className="back-link"><Icon name="back" size={16} /> {t('loyalty.members.title')}</Link>;
  if (q.isPending) return <Loading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) return <><PageHeader back={back} title={t('loyalty.member.notFound')} /><EmptyState title={t('loyalty.member.notFoundBody')} /></>;
    return <ErrorNotice error={q.error} />;
  }
  const v = q.data;
  const name = names.data?.get(v.id)?.displayName ?? v.cardNumber;
  return (
    <div className="stack" data-testid="loyalty-member">
      <PageHeader
        back={back}
        title={<span className="title-with-avatar"><Avatar name={name} size="lg" /><span data-testid="loyalty-member-name">{name}</span></span>}
        subtitle={
          <span className="header-meta">
            <span className="mono">{v.cardNumber}</span>
            {v.tier ? <Badge tone="accent">{v.tier.name}</Badge> : null}
            {v.status === 'opted_out' ? <Badge tone="danger">{t('loyalty.member.optedOut')}</Badge> : null}
            <span>{t('loyalty.member.joined', { date: fmt.plainDate(v.joinedOn) })}</span>
            <span>{t('loyalty.member.referralCode', { code: v.referralCode })}</span>
          </span>
        }
        actions={<Link to={`/customers/${v.customerId}`} className="btn btn--ghost">{t('loyalty.member.customer')}</Link>}
      />
      <div className="kpis">
        <Kpi label={t('loyalty.member.available')} value={<span data-testid="loyalty-member-available">{fmt.number(v.balance.available)}</span>} sub={t('loyalty.member.worth', { value: fmt.money(v.balance.valueMinor, v.balance.currency) })} tone={v.balance.available < 0 ? 'danger' : undefined} />
        <Kpi label={t('loyalty.member.pending')} value={<span data-testid="loyalty-member-pending">{fmt.number(v.balance.pending)}</span>} sub={t('loyalty.member.pendingSub')} />
        <Kpi label={t('loyalty.member.expiringSoon')} value={fmt.number(v.expiringSoon.reduce((s, l) => s + l.points + l.pending, 0))} sub={v.expiringSoon[0] ? t('loyalty.member.firstExpiry', { date: fmt.plainDate(v.expiringSoon[0].expiresOn) }) : t('loyalty.member.noneExpiring')} tone={v.expiringSoon.length ? 'warning' : undefined} />
      </div>
      <div className="analytics-grid">
        <section className="card" aria-labelledby="tier-title" data-testid="loyalty-member-tier">
          <h2 id="tier-title" className="card__title">{v.tier ? t('loyalty.member.tierTitle', { tier: v.tier.name }) : t('loyalty.member.tierTitleNone')}</h2>
          <TierProgress view={v} />
          {v.tier ? (
            <p className="muted small">
              {t('loyalty.member.review', { date: fmt.plainDate(v.tier.nextReviewOn) })}
              {v.tier.graceUntil ? ` ${t('loyalty.member.grace', { date: fmt.plainDate(v.tier.graceUntil) })}` : ''}
            </p>
          ) : null}
        </section>
        <div className="stack">
          <ExpiringLots view={v} />
          <AdjustForm memberId={v.id} />
        </div>
      </div>
      <LedgerHistory memberId={v.id} programmeId={v.programmeId} />
    </div>
  );
}

function ExpiringLots({ view }: { view: MemberView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className="card" aria-labelledby="expiring-title">
      <h2 id="expiring-title" className="card__title">{t('loyalty.member.expiringTitle')}</h2>
      {view.expiringSoon.length ? (
        <ul className="plain-list stack-sm" data-testid="loyalty-member-expiring">
          {view.expiringSoon.map((l) => (
            <li key={l.lotId}>{t('loyalty.member.lot', { points: fmt.number(l.points + l.pending), date: fmt.plainDate(l.expiresOn), earned: fmt.date(l.earnedAt) })}</li>
          ))}
        </ul>
      ) : <p className="muted">{t('loyalty.member.noneExpiring')}</p>}
    </section>
  );
}

function AdjustForm({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const toast = useToast();
  const adjust = useAdjust(memberId);
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  if (!can('loyalty:manage')) return null;
  const server = serverFieldErrors(t, adjust.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    const n = Number(points.trim().replace('−', '-'));
    if (!/^[-−+]?\d+$/.test(points.trim()) || n === 0) bad.points = t('loyalty.member.adjustPointsProblem');
    if (reason.trim().length < 3) bad.reason = t('loyalty.member.adjustReasonProblem');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    adjust.mutate({ points: n, reason: reason.trim() }, {
      onSuccess: () => {
        toast(t('loyalty.member.adjusted', { n }));
        setPoints('');
        setReason('');
      },
    });
  };
  return (
    <form className="card form stack-sm" onSubmit={submit} noValidate aria-labelledby="adjust-title" data-testid="loyalty-adjust">
      <h2 id="adjust-title" className="card__title">{t('loyalty.member.adjustTitle')}</h2>
      <p className="muted small">{t('loyalty.member.adjustHelp')}</p>
      <div className="form-row">
        <TextField label={t('loyalty.member.adjustPoints')} value={points} onChange={setPoints} error={local.points ?? server.points} inputMode="numeric" required testId="loyalty-adjust-points" />
        <TextField label={t('loyalty.member.adjustReason')} value={reason} onChange={setReason} error={local.reason ?? server.reason} required maxLength={500} testId="loyalty-adjust-reason" />
      </div>
      {adjust.isError && !Object.keys(server).length ? <ErrorNotice error={adjust.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={adjust.isPending} data-testid="loyalty-adjust-save">{adjust.isPending ? t('common.saving') : t('loyalty.member.adjust')}</button>
      </div>
    </form>
  );
}

/** The words after the cause: the adjustment's reason, the rule and line of a purchase, the reward of a redemption. */
function causeDetail(t: ReturnType<typeof useTranslation>['t'], e: LedgerEntry, names: { rules: Map<string, string>; rewardOfRedemption: Map<string, string> }): string {
  const c = e.cause;
  const str = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : '');
  const ruleAndLine = () => {
    const rule = str('ruleId');
    const ruleName = rule.startsWith('tier:') ? t('loyalty.sim.tierBenefit') : names.rules.get(rule) ?? '';
    return [ruleName, str('lineId') ? t('loyalty.ledger.line', { id: str('lineId') }) : ''].filter(Boolean).join(' · ');
  };
  switch (c.kind) {
    case 'adjustment': return str('reason');
    case 'purchase': return ruleAndLine() || t('loyalty.ledger.purchaseRef', { id: str('purchaseId').slice(-8) });
    case 'return': return [t('loyalty.ledger.returnRef', { id: str('purchaseId').slice(-8) }), ruleAndLine()].filter(Boolean).join(' · ');
    case 'redemption':
    case 'redemption_cancel': return names.rewardOfRedemption.get(str('redemptionId')) ?? t('loyalty.redemption.paidWithPoints');
    default: return '';
  }
}

function LedgerHistory({ memberId, programmeId }: { memberId: string; programmeId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useLedger(memberId);
  const rewards = useRewards();
  const redemptions = useRedemptions(memberId);
  const rules = useRules(programmeId);
  const rewardName = new Map((rewards.data?.items ?? []).map((r) => [r.id, r.name]));
  const names = {
    rules: new Map((rules.data?.items ?? []).map((r) => [r.id, r.name])),
    rewardOfRedemption: new Map((redemptions.data?.items ?? []).flatMap((r) => (r.rewardId && rewardName.has(r.rewardId) ? [[r.id, rewardName.get(r.rewardId) ?? '']] as [string, string][] : []))),
  };
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card card--flush" aria-labelledby="ledger-title">
      <div className="card__head card__pad">
        <div>
          <h2 id="ledger-title" className="card__title">{t('loyalty.ledger.title')}</h2>
          <p className="muted small">{t('loyalty.ledger.help')}</p>
        </div>
      </div>
      {q.isPending ? <Loading /> : q.isError ? <ErrorNotice error={q.error} /> : items.length ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="loyalty-ledger">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.ledger.when')}</th>
                <th scope="col">{t('loyalty.ledger.cause')}</th>
                <th scope="col">{t('loyalty.ledger.detail')}</th>
                <th scope="col">{t('loyalty.ledger.account')}</th>
                <th scope="col" className="num">{t('loyalty.ledger.points')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid="loyalty-ledger-row">
                  <td className="nowrap">{fmt.dateTime(e.occurredAt)}</td>
                  <td>{t(`loyalty.cause.${String(e.cause.kind)}`, { defaultValue: String(e.cause.kind) })}</td>
                  <td>{causeDetail(t, e, names)}</td>
                  <td>{t(`loyalty.account.${e.account}`, { defaultValue: e.account })}</td>
                  <td className="num"><Points value={e.amount} signed /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <EmptyState title={t('loyalty.ledger.none')} />}
      {q.hasNextPage ? (
        <div className="table-foot">
          <span className="muted small">{t('loyalty.members.shown', { n: fmt.number(items.length) })}</span>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.loadMore')}</button>
        </div>
      ) : null}
    </section>
  );
}
