import { Fragment, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { useFormat } from '../../app/session';
import type { AuditEntry } from '../../app/types';
import { Badge, EmptyState, ErrorNotice, Loading, PageHeader, useDebounced } from '../../app/ui';
import { useAudit } from './api';
import { AUDIT_ENTITY_TYPES, auditActionKey } from './constants';


export function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const entityType = params.get('entityType') ?? '';
  const [entityId, setEntityId] = useState(params.get('entityId') ?? '');
  const debouncedId = useDebounced(entityId, 400);
  const q = useAudit({ entityType, entityId: debouncedId });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  const [open, setOpen] = useState<string | null>(null);
  const typeId = useId();
  const entityIdId = useId();
  const types = new Set<string>(AUDIT_ENTITY_TYPES);
  if (entityType) types.add(entityType);
  for (const r of rows) types.add(r.entityType);

  const setType = (v: string) => setParams((p) => { const n = new URLSearchParams(p); if (v) n.set('entityType', v); else n.delete('entityType'); return n; }, { replace: true });

  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <section className="card filters" aria-label={t('customers.filters')}>
        <div className="filters__row">
          <div className="filter">
            <label htmlFor={typeId}>{t('audit.entityType')}</label>
            <select id={typeId} className="input select" value={entityType} onChange={(e) => setType(e.target.value)} data-testid="audit-entity-type">
              <option value="">{t('common.all')}</option>
              {[...types].map((ty) => <option key={ty} value={ty}>{t(`entityType.${ty}`, { defaultValue: ty })}</option>)}
            </select>
          </div>
          <div className="filter filter--wide">
            <label htmlFor={entityIdId}>{t('audit.entityId')}</label>
            <input id={entityIdId} className="input mono" value={entityId} onChange={(e) => setEntityId(e.target.value)} placeholder={t('audit.entityIdPlaceholder')} />
          </div>
        </div>
      </section>
      <section className="card card--flush">
        {q.isPending ? <Loading /> : q.isError ? <div className="card__pad"><ErrorNotice error={q.error} /></div> : rows.length === 0 ? (
          <EmptyState title={t('audit.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.colTime')}</th>
                  <th scope="col">{t('audit.colActor')}</th>
                  <th scope="col">{t('audit.colAction')}</th>
                  <th scope="col">{t('audit.colEntity')}</th>
                  <th scope="col"><span className="visually-hidden">{t('audit.details')}</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const isOpen = open === r.id;
                  return (
                    <Fragment key={r.id}>
                      <tr data-testid="audit-row">
                        <td className="nowrap">{fmt.dateTime(r.at)}</td>
                        <td>
                          <span>{r.actor.name ?? t(`actorType.${r.actor.type}`)}</span>
                          {r.actor.type !== 'user' ? <> <Badge>{t(`actorType.${r.actor.type}`)}</Badge></> : null}
                        </td>
                        <td><Badge tone={actionTone(r.action)}>{t(`auditAction.${auditActionKey(r.action)}`, { defaultValue: r.action })}</Badge></td>
                        <td>
                          <span>{t(`entityType.${r.entityType}`, { defaultValue: r.entityType })}</span>{' '}
                          {r.entityType === 'customer' ? (
                            <Link to={`/customers/${r.entityId}`} className="mono small">{r.entityId.slice(0, 8)}</Link>
                          ) : <span className="mono small muted">{r.entityId.slice(0, 8)}</span>}
                        </td>
                        <td className="actions-cell">
                          <button type="button" className="btn btn--ghost btn--sm" aria-expanded={isOpen} aria-controls={`audit-${r.id}`} onClick={() => setOpen(isOpen ? null : r.id)} data-testid="audit-toggle">
                            {isOpen ? t('audit.hide') : t('audit.show')} <Icon name="chevron" size={14} className={isOpen ? 'rot90' : undefined} />
                          </button>
                        </td>
                      </tr>
                      {isOpen ? (
                        <tr className="row--detail" id={`audit-${r.id}`}>
                          <td colSpan={5}><Diff entry={r} /></td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {q.hasNextPage ? (
          <div className="table-foot">
            <span />
            <button type="button" className="btn btn--ghost" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
              {q.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
            </button>
          </div>
        ) : null}
      </section>
    </>
  );
}

function actionTone(action: string): 'success' | 'danger' | 'info' | 'neutral' | 'warning' {
  if (/create|insert|add|grant|import/.test(action)) return 'success';
  if (/delete|remove|revoke/.test(action)) return 'danger';
  if (/merge/.test(action)) return 'warning';
  if (/update|change|set/.test(action)) return 'info';
  return 'neutral';
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 1);
}

/** Before and after, field by field; unchanged fields are folded away. */
export function Diff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const before = isObj(entry.before) ? entry.before : entry.before === null ? {} : { value: entry.before };
  const after = isObj(entry.after) ? entry.after : entry.after === null ? {} : { value: entry.after };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  const list = showAll ? keys : changed;
  if (!keys.length) return <p className="muted">{t('audit.noData')}</p>;
  return (
    <div className="diff">
      <table className="table table--compact diff__table">
        <thead>
          <tr>
            <th scope="col">{t('audit.field')}</th>
            <th scope="col">{t('audit.before')}</th>
            <th scope="col">{t('audit.after')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((k) => {
            const ch = changed.includes(k);
            return (
              <tr key={k} className={ch ? 'diff__changed' : undefined}>
                <th scope="row" className="mono">{k}</th>
                <td><pre className={`diff__val${ch && k in before ? ' diff__val--old' : ''}`}>{k in before ? show(before[k]) : '—'}</pre></td>
                <td><pre className={`diff__val${ch && k in after ? ' diff__val--new' : ''}`}>{k in after ? show(after[k]) : '—'}</pre></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {keys.length !== changed.length ? (
        <button type="button" className="btn btn--link" onClick={() => setShowAll((s) => !s)}>
          {showAll ? t('audit.onlyChanged') : t('audit.allFields', { n: keys.length })}
        </button>
      ) : null}
    </div>
  );
}
