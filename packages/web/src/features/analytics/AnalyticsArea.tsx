// The analytics area: a header with the last computation time, tabs, and the pages below.
import { NavLink, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, PageHeader } from '../../app/ui';
import { useRuns } from './api';
import { OverviewPage } from './OverviewPage';
import { ModelsPage } from './ModelsPage';
import { CohortsPage } from './CohortsPage';
import { TrendsPage } from './TrendsPage';
import { TransactionImportPage } from './TransactionImportPage';
import './analytics.css';

const TABS = [
  { key: 'overview', to: '/analytics', end: true },
  { key: 'models', to: '/analytics/models', end: false },
  { key: 'cohorts', to: '/analytics/cohorts', end: false },
  { key: 'trends', to: '/analytics/trends', end: false },
  { key: 'import', to: '/analytics/import', end: false },
] as const;

export function AnalyticsArea() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const runs = useRuns();
  const last = runs.data?.items.find((r) => r.status === 'done');
  return (
    <div className="analytics" data-testid="analytics">
      <PageHeader
        title={t('analytics.title')}
        subtitle={last?.finishedAt
          ? t('analytics.computedAt', { date: fmt.dateTime(last.finishedAt), customers: fmt.number(last.counts.scored) })
          : t('analytics.subtitle')}
      />
      <nav className="tabs" aria-label={t('analytics.tabsLabel')}>
        {TABS.filter((tab) => tab.key !== 'import' || can('analytics:manage')).map((tab) => (
          <NavLink key={tab.key} to={tab.to} end={tab.end} className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`} data-testid={`analytics-tab-${tab.key}`}>
            {t(`analytics.tab.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<OverviewPage />} />
        <Route path="models" element={<ModelsPage />} />
        <Route path="cohorts" element={<CohortsPage />} />
        <Route path="trends" element={<TrendsPage />} />
        <Route path="import" element={can('analytics:manage') ? <TransactionImportPage /> : <EmptyState title={t('common.noAccessTitle')}>{t('common.noAccessBody')}</EmptyState>} />
        <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
      </Routes>
    </div>
  );
}
