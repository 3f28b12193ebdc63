import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import type { Customer, DuplicateSuggestion } from '../../app/types';
import { Badge, EmptyState, ErrorNotice, Loading, PageHeader, useConfirm, useToast } from '../../app/ui';
import { useDuplicates, useMerge } from './api';

export function DuplicatesPage() {
  const { t } = useTranslation();
  const q = useDuplicates();
  const items = q.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('duplicates.title')} subtitle={t('duplicates.subtitle')} />
      {q.isPending ? <Loading /> : q.isError ? <ErrorNotice error={q.error} /> : items.length === 0 ? (
        <div className="card"><EmptyState title={t('duplicates.empty')}>{t('duplicates.emptyBody')}</EmptyState></div>
      ) : (
        <ul className="dup-list">
          {items.map((s) => <DuplicateCard key={`${s.keep.id}:${s.duplicate.id}`} s={s} />)}
        </ul>
      )}
    </>
  );
}

function Side({ c, role }: { c: Customer; role: 'keep' | 'duplicate' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className={`dup-side dup-side--${role}`}>
      <p className="dup-side__role">{role === 'keep' ? t('duplicates.keep') : t('duplicates.duplicate')}</p>
      <Link to={`/customers/${c.id}`} className="dup-side__name">{c.displayName}</Link>
      <dl className="dl dl--compact">
        <div className="dl__row"><dt>{t('customer.email')}</dt><dd>{c.email ?? '—'}</dd></div>
        <div className="dl__row"><dt>{t('customer.phone')}</dt><dd className="mono">{c.phone ?? '—'}</dd></div>
        <div className="dl__row"><dt>{t('customer.externalId')}</dt><dd className="mono">{c.externalId ?? '—'}</dd></div>
        <div className="dl__row"><dt>{t('customer.createdAt')}</dt><dd>{fmt.date(c.createdAt)}</dd></div>
      </dl>
    </div>
  );
}

function DuplicateCard({ s }: { s: DuplicateSuggestion }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const confirm = useConfirm();
  const toast = useToast();
  const merge = useMerge();
  const doMerge = async () => {
    const ok = await confirm({
      title: t('duplicates.confirmTitle'),
      body: t('duplicates.confirmBody', { duplicate: s.duplicate.displayName, keep: s.keep.displayName }),
      confirmLabel: t('duplicates.merge'),
      danger: true,
    });
    if (!ok) return;
    merge.mutate({ keepId: s.keep.id, duplicateId: s.duplicate.id }, { onSuccess: () => toast(t('duplicates.merged')) });
  };
  return (
    <li className="card dup" data-testid="duplicate-row">
      <div className="dup__head">
        <div className="dup__reasons">
          {s.reasons.map((r) => <Badge key={r} tone="warning">{t(`duplicateReason.${r}`)}</Badge>)}
        </div>
        <span className="dup__score" title={t('duplicates.score')}>{t('duplicates.scoreValue', { score: fmt.percent(Math.min(1, s.score > 1 ? s.score / 100 : s.score)) })}</span>
      </div>
      <div className="dup__body">
        <Side c={s.keep} role="keep" />
        <span className="dup__arrow" aria-hidden="true">←</span>
        <Side c={s.duplicate} role="duplicate" />
      </div>
      {merge.isError ? <ErrorNotice error={merge.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--primary" onClick={doMerge} disabled={merge.isPending} data-testid="merge">
          {merge.isPending ? t('common.saving') : t('duplicates.merge')}
        </button>
      </div>
    </li>
  );
}
