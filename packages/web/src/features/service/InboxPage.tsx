// The inbox: views (mine, my department, unassigned, breaching soon, all), filters, keyset paging,
// bulk actions and each case's SLA clock.
import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, Loading, useDebounced, useToast } from '../../app/ui';
import { useBulkAction, useCases, useMentions, type InboxFilters } from './api';
import { PriorityBadge, SlaBadge, ServiceError, StatusBadge, useDesk } from './parts';
import {
  CASE_CHANNELS, CASE_PRIORITIES, CASE_STATUSES, CASE_TYPES, CASE_VIEWS,
  type CaseChannel, type CasePriority, type CaseStatus, type CaseType, type CaseView,
} from './types';

function pick<T extends string>(p: URLSearchParams, key: string, allowed: readonly T[]): T | '' {
  const v = p.get(key);
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : '';
}

export function InboxPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const views = CASE_VIEWS.filter((v) => v !== 'all' || can('service:manage'));
  const defaultView: CaseView = can('service:manage') ? 'all' : 'mine';
  const filters: InboxFilters = {
    view: pick<CaseView>(params, 'view', views) || defaultView,
    status: pick<CaseStatus>(params, 'status', CASE_STATUSES),
    priority: pick<CasePriority>(params, 'priority', CASE_PRIORITIES),
    type: pick<CaseType>(params, 'type', CASE_TYPES),
    channel: pick<CaseChannel>(params, 'channel', CASE_CHANNELS),
    departmentId: params.get('departmentId') ?? '',
    category: params.get('category') ?? '',
    tag: params.get('tag') ?? '',
    q: params.get('q') ?? '',
  };
  const [q, setQ] = useState(filters.q ?? '');
  const [category, setCategory] = useState(filters.category ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  const dq = useDebounced(q, 300);
  const dCategory = useDebounced(category, 400);
  const dTag = useDebounced(tag, 400);
  const desk = useDesk();
  const ids = { q: useId(), status: useId(), priority: useId(), type: useId(), channel: useId(), dept: useId(), category: useId(), tag: useId() };

  const update = (patch: Record<string, string>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    }, { replace: true });
  };
  useEffect(() => { if ((filters.q ?? '') !== dq) update({ q: dq }); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [dq]);
  useEffect(() => { if ((filters.category ?? '') !== dCategory) update({ category: dCategory }); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [dCategory]);
  useEffect(() => { if ((filters.tag ?? '') !== dTag) update({ tag: dTag }); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [dTag]);

  const list = useCases(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  useEffect(() => setSelected((s) => new Set([...s].filter((id) => rows.some((r) => r.id === id)))), [rows]);
  const anyFilter = Boolean(filters.status || filters.priority || filters.type || filters.channel || filters.departmentId || filters.category || filters.tag || filters.q);
  const canWork = can('service:work');
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const clear = () => {
    setQ(''); setCategory(''); setTag('');
    setParams(filters.view !== defaultView ? { view: filters.view } : {}, { replace: true });
  };

  return (
    <>
      <div className="inbox-views" role="tablist" aria-label={t('service.inbox.views')}>
        {views.map((v) => (
          <button
            key={v} type="button" role="tab" aria-selected={filters.view === v} data-testid={`service-view-${v}`}
            className={`inbox-views__tab${filters.view === v ? ' inbox-views__tab--on' : ''}`}
            onClick={() => update({ view: v === defaultView ? '' : v })}
          >
            {t(`service.view.${v}`)}
          </button>
        ))}
      </div>

      <section className="card filters" aria-label={t('service.inbox.filters')}>
        <div className="search-box">
          <label htmlFor={ids.q} className="visually-hidden">{t('service.inbox.search')}</label>
          <Icon name="search" className="search-box__icon" />
          <input
            id={ids.q} type="search" className="input search-box__input" placeholder={t('service.inbox.searchPlaceholder')}
            value={q} onChange={(e) => setQ(e.target.value)} data-testid="service-search" autoComplete="off"
          />
        </div>
        <div className="filters__row">
          <div className="filter">
            <label htmlFor={ids.status}>{t('service.field.status')}</label>
            <select id={ids.status} className="input select" value={filters.status} onChange={(e) => update({ status: e.target.value })} data-testid="service-filter-status">
              <option value="">{t('service.inbox.openWork')}</option>
              {CASE_STATUSES.map((s) => <option key={s} value={s}>{t(`service.status.${s}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.priority}>{t('service.field.priority')}</label>
            <select id={ids.priority} className="input select" value={filters.priority} onChange={(e) => update({ priority: e.target.value })} data-testid="service-filter-priority">
              <option value="">{t('common.all')}</option>
              {CASE_PRIORITIES.map((s) => <option key={s} value={s}>{t(`service.priority.${s}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.type}>{t('service.field.type')}</label>
            <select id={ids.type} className="input select" value={filters.type} onChange={(e) => update({ type: e.target.value })} data-testid="service-filter-type">
              <option value="">{t('common.all')}</option>
              {CASE_TYPES.map((s) => <option key={s} value={s}>{t(`service.type.${s}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.channel}>{t('service.field.channel')}</label>
            <select id={ids.channel} className="input select" value={filters.channel} onChange={(e) => update({ channel: e.target.value })} data-testid="service-filter-channel">
              <option value="">{t('common.all')}</option>
              {CASE_CHANNELS.map((s) => <option key={s} value={s}>{t(`service.channel.${s}`)}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.dept}>{t('service.field.department')}</label>
            <select id={ids.dept} className="input select" value={filters.departmentId} onChange={(e) => update({ departmentId: e.target.value })} data-testid="service-filter-department">
              <option value="">{t('common.all')}</option>
              {desk.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={ids.category}>{t('service.field.category')}</label>
            <input id={ids.category} className="input" value={category} onChange={(e) => setCategory(e.target.value)} data-testid="service-filter-category" />
          </div>
          <div className="filter">
            <label htmlFor={ids.tag}>{t('service.field.tag')}</label>
            <input id={ids.tag} className="input" value={tag} onChange={(e) => setTag(e.target.value)} data-testid="service-filter-tag" />
          </div>
          {anyFilter ? <button type="button" className="btn btn--link filters__clear" onClick={clear}>{t('service.inbox.clear')}</button> : null}
        </div>
      </section>

      <Mentions />

      {canWork && selected.size > 0 ? <BulkBar ids={[...selected]} onDone={() => setSelected(new Set())} /> : null}

      <section className="card card--flush" aria-live="polite" aria-busy={list.isFetching}>
        {list.isPending ? <Loading /> : list.isError ? <div className="card__pad"><ServiceError error={list.error} /></div> : rows.length === 0 ? (
          <EmptyState title={anyFilter ? t('service.inbox.emptyFiltered') : t(`service.inbox.empty.${filters.view}`)}>
            {anyFilter ? <button type="button" className="btn btn--ghost" onClick={clear}>{t('service.inbox.clear')}</button> : null}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table table--hover inbox-table" data-testid="service-inbox">
              <thead>
                <tr>
                  {canWork ? (
                    <th scope="col" className="check-col">
                      <input
                        type="checkbox" aria-label={t('service.inbox.selectAll')} checked={allSelected} data-testid="service-select-all"
                        onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                      />
                    </th>
                  ) : null}
                  <th scope="col">{t('service.inbox.colCase')}</th>
                  <th scope="col" className="hide-sm">{t('service.field.status')}</th>
                  <th scope="col" className="hide-sm">{t('service.field.priority')}</th>
                  <th scope="col" className="hide-md">{t('service.inbox.colWho')}</th>
                  <th scope="col" className="hide-sm">{t('service.inbox.colSla')}</th>
                  <th scope="col" className="hide-md">{t('service.inbox.colCreated')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr
                    key={c.id} data-testid="service-case-row" data-id={c.id} data-number={c.number}
                    className={selected.has(c.id) ? 'row--selected' : undefined}
                    onClick={(e) => { if (!(e.target as HTMLElement).closest('a,button,input')) navigate(`/service/cases/${c.id}`); }}
                  >
                    {canWork ? (
                      <td className="check-col">
                        <input
                          type="checkbox" checked={selected.has(c.id)} aria-label={t('service.inbox.select', { number: c.number })}
                          onChange={(e) => setSelected((s) => { const n = new Set(s); if (e.target.checked) n.add(c.id); else n.delete(c.id); return n; })}
                        />
                      </td>
                    ) : null}
                    <td>
                      <Link to={`/service/cases/${c.id}`} className="cell-name__link" data-testid="service-case-link">{c.subject}</Link>
                      {/* On a phone the status and the clock move under the subject. */}
                      <div className="cell-sub only-sm"><StatusBadge status={c.status} /> <SlaBadge sla={c.sla} dueText={fmt.dateTime} /></div>
                      <div className="cell-sub">
                        <span className="mono">{c.number}</span>
                        <span>{c.customer.name}</span>
                        <span>{t(`service.type.${c.type}`)}</span>
                        <span>{t(`service.channel.${c.channel}`)}</span>
                        {c.category ? <span>{c.category}</span> : null}
                        {c.tags.slice(0, 3).map((tg) => <span key={tg} className="tag">{tg}</span>)}
                      </div>
                    </td>
                    <td className="hide-sm"><StatusBadge status={c.status} /></td>
                    <td className="hide-sm"><PriorityBadge priority={c.priority} /></td>
                    <td className="hide-md">
                      <div className="cell-stack">
                        <span>{c.assignee?.name ?? <span className="muted">{t('service.unassigned')}</span>}</span>
                        {c.department ? <span className="muted small">{c.department.name}</span> : null}
                      </div>
                    </td>
                    <td className="hide-sm"><SlaBadge sla={c.sla} dueText={fmt.dateTime} /></td>
                    <td className="hide-md nowrap"><time dateTime={c.createdAt} title={fmt.dateTime(c.createdAt)}>{fmt.relative(c.createdAt)}</time></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length > 0 ? (
          <div className="table-foot">
            <span className="muted">{t('service.inbox.shown', { n: fmt.number(rows.length) })}</span>
            {list.hasNextPage ? (
              <button type="button" className="btn btn--ghost" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} data-testid="service-load-more">
                {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
              </button>
            ) : <span className="muted">{t('common.endOfList')}</span>}
          </div>
        ) : null}
      </section>
    </>
  );
}

/** Assign, set status or priority on the selected cases; each case is checked on its own and failures are listed. */
function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const desk = useDesk();
  const bulk = useBulkAction();
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [failed, setFailed] = useState<{ caseId: string; message: string; code: string }[]>([]);
  const f = { a: useId(), s: useId(), p: useId() };
  const apply = () => {
    const set: { assigneeId?: string | null; status?: CaseStatus; priority?: CasePriority } = {};
    if (assignee) set.assigneeId = assignee === '-' ? null : assignee;
    if (status) set.status = status as CaseStatus;
    if (priority) set.priority = priority as CasePriority;
    if (Object.keys(set).length === 0) return;
    bulk.mutate({ caseIds: ids, set }, {
      onSuccess: (r) => {
        setFailed(r.failed);
        toast(t('service.bulk.done', { n: r.updated.length }), r.failed.length ? 'error' : 'success');
        if (!r.failed.length) { setAssignee(''); setStatus(''); setPriority(''); onDone(); }
      },
    });
  };
  return (
    <section className="card bulk-bar" aria-label={t('service.bulk.title')} data-testid="service-bulk">
      <strong>{t('service.bulk.selected', { n: ids.length })}</strong>
      <div className="filter">
        <label htmlFor={f.a}>{t('service.field.assignee')}</label>
        <select id={f.a} className="input select" value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="service-bulk-assignee">
          <option value="">{t('service.bulk.keep')}</option>
          <option value="-">{t('service.unassigned')}</option>
          {desk.agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={f.s}>{t('service.field.status')}</label>
        <select id={f.s} className="input select" value={status} onChange={(e) => setStatus(e.target.value)} data-testid="service-bulk-status">
          <option value="">{t('service.bulk.keep')}</option>
          {CASE_STATUSES.map((s) => <option key={s} value={s}>{t(`service.status.${s}`)}</option>)}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={f.p}>{t('service.field.priority')}</label>
        <select id={f.p} className="input select" value={priority} onChange={(e) => setPriority(e.target.value)} data-testid="service-bulk-priority">
          <option value="">{t('service.bulk.keep')}</option>
          {CASE_PRIORITIES.map((s) => <option key={s} value={s}>{t(`service.priority.${s}`)}</option>)}
        </select>
      </div>
      <button type="button" className="btn btn--primary" onClick={apply} disabled={bulk.isPending || !(assignee || status || priority)} data-testid="service-bulk-apply">
        {t('service.bulk.apply')}
      </button>
      {bulk.isError ? <ServiceError error={bulk.error} /> : null}
      {failed.length ? (
        <ul className="plain-list bulk-bar__failed" role="alert">
          {failed.map((x) => <li key={x.caseId}>{t('service.bulk.failedOne', { reason: t(`service.problem.${x.code}`, { defaultValue: x.message }) })}</li>)}
        </ul>
      ) : null}
    </section>
  );
}

/** The latest notes in which colleagues mentioned me, so a question does not wait in a thread. */
function Mentions() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useMentions();
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="card mentions" aria-labelledby="service-mentions" data-testid="service-mentions">
      <h2 id="service-mentions" className="card__title">{t('service.inbox.mentions')}</h2>
      <ul className="plain-list stack-sm">
        {items.map((e) => (
          <li key={e.id}>
            <Link to={`/service/cases/${e.caseId}`}>{t('service.inbox.mentionBy', { name: e.actor.name ?? '—' })}</Link>
            <span className="muted small"> · {fmt.relative(e.at)}</span>
            {e.body ? <div className="small truncate-3">{e.body}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
