// Referrals: who referred whom, the status (pending until the first qualifying purchase), fraud checks, rewards.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading } from '../../app/ui';
import { useMemberNames, useReferrals } from './api';
import { useProgramme } from './programme';
import type { MemberName, Referral } from './types';

const TONE: Record<Referral['status'], 'success' | 'warning' | 'danger' | 'neutral'> = { pending: 'warning', rewarded: 'success', blocked: 'danger', declined: 'neutral' };

export function ReferralsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { programme } = useProgramme();
  const q = useReferrals();
  const items = q.data?.items ?? [];
  const names = useMemberNames(items.slice(0, 100).flatMap((r) => [r.referrerMemberId, r.refereeMemberId]));
  if (!programme) return null;
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  const ref = programme.referral;
  const who = (id: string, m: MemberName | undefined) => (
    <><Link to={`/loyalty/members/${id}`}>{m?.displayName ?? id.slice(0, 8)}</Link>{m ? <span className="cell-sub mono">{m.cardNumber}</span> : null}</>
  );
  return (
    <section className="card card--flush" aria-labelledby="referrals-title">
      <div className="card__head card__pad">
        <div>
          <h2 id="referrals-title" className="card__title">{t('loyalty.referral.listTitle')} <span className="count">{fmt.number(items.length)}</span></h2>
          <p className="muted small">
            {t('loyalty.referral.terms', { referrer: fmt.number(ref.referrerPoints), referee: fmt.number(ref.refereePoints), amount: fmt.money(ref.minPurchaseMinor, programme.currency) })}
          </p>
        </div>
      </div>
      {items.length ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="loyalty-referrals">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.referral.when')}</th>
                <th scope="col">{t('loyalty.referral.referrer')}</th>
                <th scope="col">{t('loyalty.referral.referee')}</th>
                <th scope="col">{t('loyalty.col.status')}</th>
                <th scope="col">{t('loyalty.referral.reward')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{fmt.date(r.createdAt)}</td>
                  <td>{who(r.referrerMemberId, names.data?.get(r.referrerMemberId))}</td>
                  <td>{who(r.refereeMemberId, names.data?.get(r.refereeMemberId))}</td>
                  <td>
                    <Badge tone={TONE[r.status]}>{t(`loyalty.referral.status.${r.status}`)}</Badge>
                    {r.fraudReasons.length ? <span className="cell-sub">{r.fraudReasons.map((x) => t(`loyalty.referral.fraud.${x}`, { defaultValue: x })).join(', ')}</span> : null}
                  </td>
                  <td className="nowrap">
                    {r.status === 'rewarded'
                      ? <>{t('loyalty.referral.rewarded', { referrer: fmt.number(ref.referrerPoints), referee: fmt.number(ref.refereePoints) })}<span className="cell-sub">{fmt.date(r.rewardedAt)}</span></>
                      : <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <EmptyState title={t('loyalty.referral.none')}>{t('loyalty.referral.noneBody')}</EmptyState>}
    </section>
  );
}
