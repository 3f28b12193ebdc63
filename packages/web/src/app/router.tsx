import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation, useRouteError } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Layout } from './Layout';
import { NAV } from './nav';
import { MeProvider, useMe, useSession } from './session';
import { EmptyState, ErrorNotice, Loading } from './ui';
import type { PermissionName } from './types';
import { LoginPage } from '../features/auth/LoginPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { Customer360Page } from '../features/customers/Customer360Page';
import { CustomerFormPage } from '../features/customers/CustomerFormPage';
import { DuplicatesPage } from '../features/customers/DuplicatesPage';
import { ImportWizardPage } from '../features/imports/ImportWizardPage';
import { UsersPage } from '../features/admin/UsersPage';
import { DepartmentsPage } from '../features/admin/DepartmentsPage';
import { ApiKeysPage } from '../features/admin/ApiKeysPage';
import { AuditPage } from '../features/admin/AuditPage';
import { CustomFieldsPage } from '../features/settings/CustomFieldsPage';
import { AnalyticsRoute } from '../features/analytics';
import { AccountsRoute } from '../features/accounts';
import { LoyaltyRoute } from '../features/loyalty';
import { CampaignsRoute } from '../features/campaigns';
import { CsatRoute, ServiceRoute, WebFormRoute } from '../features/service';
import { PublicSurveyRoute, SurveysRoute } from '../features/surveys';

/** Loads the session; sends visitors to the login page and logged-in people past it. */
function SessionGate() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <div className="fullpage"><Loading /></div>;
  if (session.isError) return <div className="fullpage"><ErrorNotice error={session.error} title={t('problem.sessionFailed')} /></div>;
  const me = session.data;
  const onLogin = location.pathname === '/login';
  if (!me) {
    if (onLogin) return <LoginPage />;
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  if (onLogin) {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return (
    <MeProvider me={me}>
      <Outlet />
    </MeProvider>
  );
}

function Home() {
  const { can } = useMe();
  const first = NAV.find((n) => can(n.permission));
  if (!first) return <NoAccess />;
  return <Navigate to={first.to} replace />;
}

function NoAccess() {
  const { t } = useTranslation();
  return <EmptyState title={t('common.noAccessTitle')}>{t('common.noAccessBody')}</EmptyState>;
}

function Guard({ permission, children }: { permission: PermissionName; children: ReactNode }) {
  const { can } = useMe();
  return can(permission) ? <>{children}</> : <NoAccess />;
}

function NotFound() {
  const { t } = useTranslation();
  return <EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>;
}

function RouteError() {
  const error = useRouteError();
  return <div className="fullpage"><ErrorNotice error={error} /></div>;
}

export const router = createBrowserRouter([
  // Public pages customers reach from an e-mail or a web site: no session, no layout.
  { path: '/csat/:token', element: <CsatRoute />, errorElement: <RouteError /> },
  { path: '/s/:token', element: <PublicSurveyRoute />, errorElement: <RouteError /> },
  { path: '/contact/:workspaceSlug', element: <WebFormRoute />, errorElement: <RouteError /> },
  {
    element: <SessionGate />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: null },
      {
        element: <Layout />,
        children: [
          { index: true, element: <Home /> },
          { path: 'customers', element: <Guard permission="customers:read"><CustomersPage /></Guard> },
          { path: 'customers/new', element: <Guard permission="customers:write"><CustomerFormPage /></Guard> },
          { path: 'customers/duplicates', element: <Guard permission="customers:merge"><DuplicatesPage /></Guard> },
          { path: 'customers/:id', element: <Guard permission="customers:read"><Customer360Page /></Guard> },
          { path: 'customers/:id/edit', element: <Guard permission="customers:write"><CustomerFormPage /></Guard> },
          { path: 'analytics/*', element: <Guard permission="analytics:read"><AnalyticsRoute /></Guard> },
          { path: 'accounts/*', element: <Guard permission="accounts:read"><AccountsRoute /></Guard> },
          { path: 'loyalty/*', element: <Guard permission="loyalty:read"><LoyaltyRoute /></Guard> },
          { path: 'campaigns/*', element: <Guard permission="campaigns:read"><CampaignsRoute /></Guard> },
          { path: 'service/*', element: <Guard permission="service:read"><ServiceRoute /></Guard> },
          { path: 'surveys/*', element: <Guard permission="surveys:read"><SurveysRoute /></Guard> },
          { path: 'imports', element: <Guard permission="customers:import"><ImportWizardPage /></Guard> },
          { path: 'admin/users', element: <Guard permission="users:manage"><UsersPage /></Guard> },
          { path: 'admin/departments', element: <Guard permission="users:manage"><DepartmentsPage /></Guard> },
          { path: 'admin/api-keys', element: <Guard permission="apikeys:manage"><ApiKeysPage /></Guard> },
          { path: 'admin/audit', element: <Guard permission="audit:read"><AuditPage /></Guard> },
          { path: 'settings/custom-fields', element: <Guard permission="settings:read"><CustomFieldsPage /></Guard> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
