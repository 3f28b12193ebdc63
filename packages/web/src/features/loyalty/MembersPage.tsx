// Members of the programme: search by name, e-mail, phone or card; filter by tier; balance and tier at a glance.
import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { Avatar, Badge, EmptyState, ErrorNotice, Loading, useDebounced } from '../../app/ui';
import { Icon } from '../../app/icons';
import { useMemberList, useTiers } from './api';
import { useProgramme } from './programme';

export function MembersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { programme } = useProgramme();
  const [q, setQ] = useState('');
  const [tierId, setTierId] = useState('');
  const debounced = useDebounced(q, 250);
  const tiers = useTiers(programme?.id ?? '');
  const list = useMemberList({ programmeId: programme?.id ?? '', q: debounced.trim(), tierId });
  const ids = { q: useId(), tier: useId() };
  if (!programme) return null;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card card--flush" aria-labelledby="members-title">
      <div className="card__head card__pad">
        <h2 id="members-title" className="card__title">{t('loyalty.members.title')}</h2>
        <div className="filters__row">
          <div className="search-box">
            <Icon name="search" className="search-box__icon" />
            <label htmlFor={ids.q} className="visually-hidden">{t('loyalty.members.search')}</label>
            <input id={ids.q} className="input search-box__input" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('loyalty.members.searchPlaceholder')} data-testid="loyalty-member-search" />
          </div>
          {(tiers.data?.items.length ?? 0) > 0 ? (
            <div className="field field--inline">
              <label htmlFor={ids.tier} className="field__label">{t('loyalty.members.tier')}</label>
              <select id={ids.tier} className="input select select--compact" value={tierId} onChange={(e) => setTierId(e.target.value)}>
                <option value="">{t('common.all')}</option>
                {tiers.data?.items.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
              </select>
            </div>
          ) : null}
        </div>
      </div>
      <ErrorNotice error={list.error} />
      {list.isPending ? <Loading /> : rows.length ? (
        <div className="table-wrap">
          <table className="table table--compact table--hover" data-testid="loyalty-members">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.members.name')}</th>
                <th scope="col">{t('loyalty.members.card')}</th>
                <th scope="col">{t('loyalty.members.tier')}</th>
                <th scope="col" className="num">{t('loyalty.members.available')}</th>
                <th scope="col" className="num">{t('loyalty.members.pending')}</th>
                <th scope="col">{t('loyalty.members.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} className={m.status === 'opted_out' ? 'row--muted' : undefined} data-testid="loyalty-member-row">
                  <th scope="row">
                    <Link to={`/loyalty/members/${m.id}`} className="person-link">
                      <Avatar name={m.displayName} size="sm" />
                      <span>
                        <span className="person-link__name">{m.displayName}</span>
                        {m.email || m.phone ? <span className="person-link__sub">{m.email ?? m.phone}</span> : null}
                      </span>
                    </Link>
                  </th>
                  <td className="mono">{m.cardNumber}</td>
                  <td>{m.tierName ? <Badge tone="accent">{m.tierName}</Badge> : <span className="muted">—</span>}{m.status === 'opted_out' ? <> <Badge>{t('loyalty.member.optedOut')}</Badge></> : null}</td>
                  <td className="num">{fmt.number(m.available)}</td>
                  <td className="num">{fmt.number(m.pending)}</td>
                  <td className="nowrap">{fmt.plainDate(m.joinedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <EmptyState title={debounced ? t('loyalty.members.noMatch') : t('loyalty.members.none')}>{debounced ? null : t('loyalty.members.noneBody')}</EmptyState>}
      <div className="table-foot">
        <span className="muted small">{t('loyalty.members.shown', { n: fmt.number(rows.length) })}</span>
        {list.hasNextPage ? (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
          </button>
        ) : rows.length ? <span className="muted small">{t('common.endOfList')}</span> : null}
      </div>
    </section>
  );
}
