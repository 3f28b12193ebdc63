// The loyalty card on the customer 360: balance, pending, tier and progress, a link to the member view;
// "enrol" for a customer who is not a member yet (with loyalty:transact).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading, useToast } from '../../app/ui';
import { useEnrol, useMembershipsOf, useMemberView, useProgrammes } from './api';
import { TierProgress } from './parts';

export function LoyaltyPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const allowed = can('loyalty:read');
  const memberships = useMembershipsOf(customerId, allowed);
  if (!allowed) return null;
  const first = memberships.data?.items[0];
  return (
    <section className="card" aria-labelledby="loyalty-panel-title" data-testid="customer-loyalty">
      <h2 id="loyalty-panel-title" className="card__title">{t('loyalty.panel.title')}</h2>
      {memberships.isPending ? <Loading /> : memberships.isError ? <ErrorNotice error={memberships.error} /> : first ? (
        <Membership memberId={first.id} more={(memberships.data?.items.length ?? 1) - 1} />
      ) : <NotMember customerId={customerId} />}
    </section>
  );
}

function Membership({ memberId, more }: { memberId: string; more: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useMemberView(memberId);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  const v = q.data;
  return (
    <div className="stack-sm">
      <dl className="stats">
        <div className="stat"><dt>{t('loyalty.member.available')}</dt><dd data-testid="customer-loyalty-available">{fmt.number(v.balance.available)}</dd></div>
        <div className="stat"><dt>{t('loyalty.member.pending')}</dt><dd>{fmt.number(v.balance.pending)}</dd></div>
      </dl>
      <p className="header-meta">
        {v.tier ? <Badge tone="accent">{v.tier.name}</Badge> : null}
        {v.status === 'opted_out' ? <Badge tone="danger">{t('loyalty.member.optedOut')}</Badge> : null}
        <span className="mono small">{v.cardNumber}</span>
      </p>
      {v.tier ? <TierProgress view={v} /> : null}
      {v.expiringSoon.length ? (
        <p className="small">{t('loyalty.panel.expiring', { n: fmt.number(v.expiringSoon.reduce((s, l) => s + l.points, 0)), date: fmt.plainDate(v.expiringSoon[0]?.expiresOn) })}</p>
      ) : null}
      <Link to={`/loyalty/members/${v.id}`} className="btn btn--ghost btn--sm" data-testid="customer-loyalty-open">{t('loyalty.panel.open')}</Link>
      {more > 0 ? <p className="muted small">{t('loyalty.panel.more', { n: more })}</p> : null}
    </div>
  );
}

function NotMember({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const toast = useToast();
  const programmes = useProgrammes();
  const enrol = useEnrol(customerId);
  const active = (programmes.data?.items ?? []).filter((p) => p.status === 'active');
  const [programmeId, setProgrammeId] = useState('');
  const chosen = programmeId || active[0]?.id || '';
  return (
    <div className="stack-sm">
      <p className="muted">{t('loyalty.panel.notMember')}</p>
      {can('loyalty:transact') && active.length ? (
        <div className="inline-form">
          {active.length > 1 ? (
            <select className="input select select--compact" value={chosen} onChange={(e) => setProgrammeId(e.target.value)} aria-label={t('loyalty.programme.pick')}>
              {active.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          ) : null}
          <button type="button" className="btn btn--ghost btn--sm" disabled={enrol.isPending} data-testid="customer-loyalty-enrol"
            onClick={() => enrol.mutate(chosen, { onSuccess: () => toast(t('loyalty.panel.enrolled')) })}>
            {t('loyalty.panel.enrol')}
          </button>
        </div>
      ) : null}
      {enrol.isError ? <ErrorNotice error={enrol.error} /> : null}
    </div>
  );
}
