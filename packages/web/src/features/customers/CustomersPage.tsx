import { useEffect, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import {
  CONSENT_CHANNELS, CUSTOMER_KINDS, CUSTOMER_LANGUAGES, CUSTOMER_SORTS,
  type ConsentChannel, type CustomerKind, type CustomerLanguage, type CustomerSort,
} from '../../app/types';
import { Avatar, Badge, EmptyState, ErrorNotice, Loading, PageHeader, useDebounced } from '../../app/ui';
import { exportUrl, useCustomerList, type CustomerFilters } from './api';

function readFilters(p: URLSearchParams): CustomerFilters {
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | '' => {
    const v = p.get(key);
    return v && (allowed as readonly string[]).includes(v) ? (v as T) : '';
  };
  return {
    q: p.get('q') ?? '',
    kind: pick<CustomerKind>('kind', CUSTOMER_KINDS),
    tag: p.get('tag') ?? '',
    language: pick<CustomerLanguage>('language', CUSTOMER_LANGUAGES),
    consent: pick<ConsentChannel>('consent', CONSENT_CHANNELS),
    sort: pick<CustomerSort>('sort', CUSTOMER_SORTS) || 'name',
  };
}

export function CustomersPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [q, setQ] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  const debouncedQ = useDebounced(q, 250);
  const debouncedTag = useDebounced(tag, 350);
  const ids = { q: useId(), kind: useId(), tag: useId(), language: useId(), consent: useId(), sort: useId() };

  const update = (patch: Partial<Record<keyof CustomerFilters, string>>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    }, { replace: true });
  };

  useEffect(() => {
    if ((filters.q ?? '') !== debouncedQ) update({ q: debouncedQ });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedQ]);
  useEffect(() => {
    if ((filters.tag ?? '') !== debouncedTag) update({ tag: debouncedTag });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedTag]);

  const list = useCustomerList(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const anyFilter = Boolean(filters.q || filters.kind || filters.tag || filters.language || filters.consent);

  const clear = () => {
    setQ('');
    setTag('');
    setParams(filters.sort && filters.sort !== 'name' ? { sort: filters.sort } : {}, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        subtitle={t('customers.subtitle')}
        actions={
          <>
            {can('customers:export') ? (
              <div className="btn-group" role="group" aria-label={t('customers.export')}>
                <a className="btn btn--ghost" href={exportUrl(filters, 'csv')} download data-testid="export-csv">
                  <Icon name="download" /> {t('customers.exportCsv')}
                </a>
                <a className="btn btn--ghost" href={exportUrl(filters, 'xlsx')} download data-testid="export-xlsx">
                  {t('customers.exportXlsx')}
                </a>
              </div>
            ) : null}
            {can('customers:write') ? (
              <Link className="btn btn--primary" to="/customers/new" data-testid="customer-new">
                <Icon name="plus" /> {t('customers.new')}
              </Link>
            ) : null}
          </>
        }
      />

      <section className="card filters" aria-label={t('customers.filters')}>
        <div className="search-box">
          <label htmlFor={ids.q} className="visually-hidden">{t('customers.searchLabel')}</label>
          <Icon name="search" className="search-box__icon" />
          <input
            id={ids.q} type="search" className="input search-box__input" placeholder={t('customers.searchPlaceholder')}
            value={q} onChange={(e) => setQ(e.target.value)} data-testid="customer-search" autoComplete="off"
            onKeyDown={(e) => { if (e.key === 'Enter') update({ q }); }}
          />
        </div>
        <div className="filters__row">
          <div className="filter">
            <label htmlFor={ids.kind}>{t('customers.kind')}</label>
            <select id={ids.kind} className="input select" value={filters.kind} onChange={(e) => update({ kind: e.target.value })} data-testid="filter-kind">
              <option value="">{t('common.all')}</option>
              {CUSTOMER_KINDS.map((k) => <option key={k} value={k}>{t(`customerKind.${k}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.tag}>{t('customers.tag')}</label>
            <input id={ids.tag} className="input" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('customers.tagPlaceholder')} data-testid="filter-tag" />
          </div>
          <div className="filter">
            <label htmlFor={ids.language}>{t('customers.language')}</label>
            <select id={ids.language} className="input select" value={filters.language} onChange={(e) => update({ language: e.target.value })} data-testid="filter-language">
              <option value="">{t('common.all')}</option>
              {CUSTOMER_LANGUAGES.map((l) => <option key={l} value={l}>{t(`language.${l}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.consent}>{t('customers.consentFilter')}</label>
            <select id={ids.consent} className="input select" value={filters.consent} onChange={(e) => update({ consent: e.target.value })} data-testid="filter-consent">
              <option value="">{t('common.any')}</option>
              {CONSENT_CHANNELS.map((c) => <option key={c} value={c}>{t(`consentChannel.${c}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.sort}>{t('customers.sort')}</label>
            <select id={ids.sort} className="input select" value={filters.sort} onChange={(e) => update({ sort: e.target.value === 'name' ? '' : e.target.value })} data-testid="filter-sort">
              {CUSTOMER_SORTS.map((s) => <option key={s} value={s}>{t(`customerSort.${s}`)}</option>)}
            </select>
          </div>
          {anyFilter ? (
            <button type="button" className="btn btn--link filters__clear" onClick={clear}>{t('customers.clearFilters')}</button>
          ) : null}
        </div>
      </section>

      <section className="card card--flush" aria-live="polite" aria-busy={list.isFetching}>
        {list.isPending ? <Loading /> : list.isError ? <div className="card__pad"><ErrorNotice error={list.error} /></div> : rows.length === 0 ? (
          <EmptyState title={anyFilter ? t('customers.emptyFiltered') : t('customers.empty')}>
            {anyFilter ? <button type="button" className="btn btn--ghost" onClick={clear}>{t('customers.clearFilters')}</button> : null}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table--hover" data-testid="customer-table">
              <thead>
                <tr>
                  <th scope="col">{t('customers.colName')}</th>
                  <th scope="col">{t('customers.colContact')}</th>
                  <th scope="col" className="hide-sm">{t('customers.colLanguage')}</th>
                  <th scope="col" className="hide-sm">{t('customers.colTags')}</th>
                  <th scope="col" className="hide-md">{t('customers.colUpdated')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id} data-testid="customer-row" data-id={c.id} onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a,button')) return;
                    navigate(`/customers/${c.id}`);
                  }}>
                    <td>
                      <div className="cell-name">
                        <Avatar name={c.displayName} size="sm" />
                        <div>
                          <Link to={`/customers/${c.id}`} className="cell-name__link">{c.displayName}</Link>
                          <div className="cell-sub">
                            {c.kind === 'company' ? <Badge tone="info">{t('customerKind.company')}</Badge> : null}
                            {c.companyName && c.kind === 'person' ? <span>{c.companyName}</span> : null}
                            {c.externalId ? <span className="mono">#{c.externalId}</span> : null}
                          </div>
                        </div>
                      </div>
                    </td>
                    <td>
                      <div className="cell-stack">
                        {c.email ? <span>{c.email}</span> : null}
                        {c.phone ? <span className="mono">{c.phone}</span> : null}
                        {!c.email && !c.phone ? <span className="muted">—</span> : null}
                      </div>
                    </td>
                    <td className="hide-sm">{c.language ? t(`language.${c.language}`) : <span className="muted">—</span>}</td>
                    <td className="hide-sm">
                      <div className="tags">{c.tags.slice(0, 3).map((tg) => <span key={tg} className="tag">{tg}</span>)}{c.tags.length > 3 ? <span className="tag tag--more">+{c.tags.length - 3}</span> : null}</div>
                    </td>
                    <td className="hide-md nowrap"><time dateTime={c.updatedAt} title={fmt.dateTime(c.updatedAt)}>{fmt.date(c.updatedAt)}</time></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length > 0 ? (
          <div className="table-foot">
            <span className="muted">{t('customers.shown', { n: fmt.number(rows.length) })}</span>
            {list.hasNextPage ? (
              <button type="button" className="btn btn--ghost" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} data-testid="load-more">
                {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
              </button>
            ) : <span className="muted">{t('common.endOfList')}</span>}
          </div>
        ) : null}
      </section>
    </>
  );
}
