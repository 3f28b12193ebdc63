// The loyalty area: programme picker, tabs, and the pages below. Write actions show only with loyalty:manage.
import { useId, type ReactNode } from 'react';
import { Link, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../app/ui';
import { useProgrammes } from './api';
import { ProgrammeProvider, useProgramme } from './programme';
import { OverviewPage } from './OverviewPage';
import { ProgrammesPage } from './ProgrammesPage';
import { RulesPage } from './RulesPage';
import { RuleEditorPage } from './RuleEditorPage';
import { TiersPage } from './TiersPage';
import { RewardsPage } from './RewardsPage';
import { CouponsPage } from './CouponsPage';
import { ReferralsPage } from './ReferralsPage';
import { MembersPage } from './MembersPage';
import { MemberPage } from './MemberPage';
import { TillPage } from './TillPage';
import '../analytics/analytics.css';
import './loyalty.css';

const TABS = [
  { key: 'overview', to: '/loyalty', end: true },
  { key: 'members', to: '/loyalty/members', end: false },
  { key: 'till', to: '/loyalty/till', end: false },
  { key: 'rules', to: '/loyalty/rules', end: false },
  { key: 'tiers', to: '/loyalty/tiers', end: false },
  { key: 'rewards', to: '/loyalty/rewards', end: false },
  { key: 'coupons', to: '/loyalty/coupons', end: false },
  { key: 'referrals', to: '/loyalty/referrals', end: false },
  { key: 'programmes', to: '/loyalty/programmes', end: false },
] as const;

export function LoyaltyArea() {
  const q = useProgrammes();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNotice error={q.error} />;
  return (
    <ProgrammeProvider programmes={q.data.items}>
      <Area />
    </ProgrammeProvider>
  );
}

function Area() {
  const { t } = useTranslation();
  const { programme } = useProgramme();
  const location = useLocation();
  const onProgrammes = location.pathname.startsWith('/loyalty/programmes');
  return (
    <div className="analytics loyalty" data-testid="loyalty">
      <PageHeader title={t('loyalty.title')} subtitle={t('loyalty.subtitle')} actions={<ProgrammePicker />} />
      <nav className="tabs" aria-label={t('loyalty.tabsLabel')}>
        {TABS.map((tab) => (
          <NavLink key={tab.key} to={tab.to} end={tab.end} className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`} data-testid={`loyalty-tab-${tab.key}`}>
            {t(`loyalty.tab.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
      {!programme && !onProgrammes ? <NoProgramme /> : (
        <Routes>
          <Route index element={<OverviewPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="members/:id" element={<MemberPage />} />
          <Route path="till" element={<TillPage />} />
          <Route path="rules" element={<RulesPage />} />
          <Route path="rules/new" element={<ManageOnly><RuleEditorPage /></ManageOnly>} />
          <Route path="rules/:id" element={<RuleEditorPage />} />
          <Route path="tiers" element={<TiersPage />} />
          <Route path="rewards" element={<RewardsPage />} />
          <Route path="coupons" element={<CouponsPage />} />
          <Route path="referrals" element={<ReferralsPage />} />
          <Route path="programmes" element={<ProgrammesPage />} />
          <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
        </Routes>
      )}
    </div>
  );
}

function ManageOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useMe();
  return can('loyalty:manage') ? <>{children}</> : <EmptyState title={t('common.noAccessTitle')}>{t('common.noAccessBody')}</EmptyState>;
}

function ProgrammePicker() {
  const { t } = useTranslation();
  const { programmes, programme, select } = useProgramme();
  const id = useId();
  if (programmes.length < 2 || !programme) return null;
  return (
    <div className="field field--inline">
      <label htmlFor={id} className="field__label">{t('loyalty.programme.pick')}</label>
      <select id={id} className="input select select--compact" value={programme.id} onChange={(e) => select(e.target.value)} data-testid="loyalty-programme-picker">
        {programmes.map((p) => <option key={p.id} value={p.id}>{p.status === 'archived' ? t('loyalty.programme.archivedName', { name: p.name }) : p.name}</option>)}
      </select>
    </div>
  );
}

function NoProgramme() {
  const { t } = useTranslation();
  const { can } = useMe();
  return (
    <div className="card" data-testid="loyalty-no-programme">
      <EmptyState title={t('loyalty.empty.title')}>
        <p>{t('loyalty.empty.body')}</p>
        {can('loyalty:manage') ? <Link className="btn btn--primary" to="/loyalty/programmes?new=1">{t('loyalty.empty.create')}</Link> : null}
      </EmptyState>
    </div>
  );
}
