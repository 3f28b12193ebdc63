// One case: header, who else has it open, the thread with the composer, and the side panels.
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { Badge, EmptyState, Loading, PageHeader } from '../../app/ui';
import { useCase, usePresence } from './api';
import { PriorityBadge, ServiceError, SlaBadge, StatusBadge } from './parts';
import { CaseThread } from './CaseThread';
import { CaseComposer, type ComposerTab } from './CaseComposer';
import { CaseDetails, CaseSlaCard, CsatCard, LinksCard, OnboardingCard, SuggestionCard } from './CaseSide';
import type { Case } from './types';

export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const q = useCase(id);
  const back = <Link to="/service" className="back-link"><Icon name="back" size={16} /> {t('service.tab.inbox')}</Link>;
  if (q.isPending) return <Loading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) return <><PageHeader title={t('service.case.notFound')} back={back} /><EmptyState title={t('service.case.notFoundBody')} /></>;
    return <><PageHeader title={t('service.case.title')} back={back} /><ServiceError error={q.error} /></>;
  }
  return <CaseView c={q.data} back={back} />;
}

function CaseView({ c, back }: { c: Case; back: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const [tab, setTab] = useState<ComposerTab>('reply');
  const [writing, setWriting] = useState(false);
  const presence = usePresence(c.id, writing);
  const others = presence.data?.viewers ?? [];
  const openComposer = (next: ComposerTab) => {
    setTab(next);
    requestAnimationFrame(() => document.getElementById('case-composer')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };

  return (
    <div className="case-page" data-testid="service-case" data-case-id={c.id} data-status={c.status}>
      <PageHeader
        back={back}
        title={<span data-testid="service-case-subject">{c.subject}</span>}
        subtitle={
          <span className="header-meta">
            <span className="mono" data-testid="service-case-number">{c.number}</span>
            <Badge tone="neutral">{t(`service.type.${c.type}`)}</Badge>
            <StatusBadge status={c.status} />
            <PriorityBadge priority={c.priority} />
            <span>{t(`service.channel.${c.channel}`)}</span>
            <span>{t('service.case.openedAt', { date: fmt.dateTime(c.createdAt) })}</span>
            <SlaBadge sla={c.sla} dueText={fmt.dateTime} />
          </span>
        }
        actions={
          <span className="header-meta">
            {can('customers:read') ? (
              <Link to={`/customers/${c.customer.id}`} className="btn btn--ghost" data-testid="service-case-customer"><Icon name="customers" /> {c.customer.name}</Link>
            ) : <span>{c.customer.name}</span>}
            {c.company ? (can('customers:read')
              ? <Link to={`/customers/${c.company.id}`} className="btn btn--ghost"><Icon name="building" /> {c.company.name}</Link>
              : <span>{c.company.name}</span>) : null}
          </span>
        }
      />
      {others.length > 0 ? (
        <div className="notice notice--warning collision" role="status" data-testid="service-collision">
          <strong>{t('service.presence.title')}</strong>
          <span>
            {others.map((v) => (v.editing ? t('service.presence.writing', { name: v.name }) : t('service.presence.viewing', { name: v.name }))).join(' · ')}
          </span>
        </div>
      ) : null}
      {c.mergedInto ? (
        <div className="notice notice--info" role="status">
          <span>{t('service.case.mergedInto')} </span><Link to={`/service/cases/${c.mergedInto.id}`}>{c.mergedInto.number}</Link>
        </div>
      ) : null}
      <div className="case-grid">
        <div className="case-grid__main">
          {c.description ? (
            <section className="card" aria-labelledby="case-desc">
              <h2 id="case-desc" className="card__title">{t('service.case.description')}</h2>
              <p className="prewrap" data-testid="service-case-description">{c.description}</p>
            </section>
          ) : null}
          <CaseThread c={c} />
          {can('service:work') ? <CaseComposer c={c} tab={tab} onTab={setTab} onWriting={setWriting} /> : null}
        </div>
        <aside className="case-grid__side">
          <CaseDetails c={c} onResolve={() => openComposer('resolve')} />
          <CaseSlaCard c={c} />
          <SuggestionCard c={c} />
          <CsatCard c={c} />
          <OnboardingCard c={c} />
          <LinksCard c={c} />
        </aside>
      </div>
    </div>
  );
}
