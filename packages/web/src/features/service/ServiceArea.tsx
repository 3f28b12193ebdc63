// The service desk: a header, tabs by permission, and the pages below.
import { NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Icon } from '../../app/icons';
import { useMe } from '../../app/session';
import { EmptyState, PageHeader } from '../../app/ui';
import type { PermissionName } from '../../app/types';
import { InboxPage } from './InboxPage';
import { CasePage } from './CasePage';
import { NewCasePage } from './NewCasePage';
import { OnboardingPage } from './OnboardingPage';
import { ReportPage } from './ReportPage';
import { SettingsPage } from './settings/SettingsPage';
import '../analytics/analytics.css';
import './service.css';

const TABS: readonly { key: string; to: string; end: boolean; permission: PermissionName }[] = [
  { key: 'inbox', to: '/service', end: true, permission: 'service:read' },
  { key: 'new', to: '/service/new', end: false, permission: 'service:work' },
  { key: 'onboarding', to: '/service/onboarding', end: false, permission: 'service:read' },
  { key: 'report', to: '/service/report', end: false, permission: 'service:read' },
  { key: 'settings', to: '/service/settings', end: false, permission: 'service:manage' },
];

function NoAccess() {
  const { t } = useTranslation();
  return <EmptyState title={t('common.noAccessTitle')}>{t('common.noAccessBody')}</EmptyState>;
}

function Allowed({ permission, children }: { permission: PermissionName; children: ReactNode }) {
  const { can } = useMe();
  return can(permission) ? <>{children}</> : <NoAccess />;
}

export function ServiceArea() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { pathname } = useLocation();
  // The case page has its own header; the tabs stay for the lists.
  const onCase = pathname.startsWith('/service/cases/');
  return (
    <div className="analytics service" data-testid="service">
      {onCase ? null : (
        <>
          <PageHeader
            title={t('service.title')} subtitle={t('service.subtitle')}
            actions={can('service:work') && !pathname.startsWith('/service/new')
              ? <Link className="btn btn--primary" to="/service/new" data-testid="service-new"><Icon name="plus" /> {t('service.newCase.button')}</Link> : null}
          />
          <nav className="tabs" aria-label={t('service.tabsLabel')}>
            {TABS.filter((tab) => can(tab.permission)).map((tab) => (
              <NavLink key={tab.key} to={tab.to} end={tab.end} className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`} data-testid={`service-tab-${tab.key}`}>
                {t(`service.tab.${tab.key}`)}
              </NavLink>
            ))}
          </nav>
        </>
      )}
      <Routes>
        <Route index element={<InboxPage />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="new" element={<Allowed permission="service:work"><NewCasePage /></Allowed>} />
        <Route path="onboarding" element={<OnboardingPage />} />
        <Route path="report" element={<ReportPage />} />
        <Route path="settings/*" element={<Allowed permission="service:manage"><SettingsPage /></Allowed>} />
        <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
      </Routes>
    </div>
  );
}
