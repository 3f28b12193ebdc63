// The key account manager's area: accounts, the pipeline board, the calendar, market, products and prices, and the monthly report.
import { NavLink, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState, PageHeader } from '../../app/ui';
import { AccountsListPage } from './AccountsListPage';
import { AccountPage } from './AccountPage';
import { BoardPage } from './BoardPage';
import { DealPage } from './DealPage';
import { CalendarPage } from './CalendarPage';
import { MarketPage } from './MarketPage';
import { CataloguePage } from './CataloguePage';
import { ReportPage } from './ReportPage';
import './accounts.css';

const TABS = [
  { key: 'accounts', to: '/accounts', end: true },
  { key: 'board', to: '/accounts/board', end: false },
  { key: 'calendar', to: '/accounts/calendar', end: false },
  { key: 'market', to: '/accounts/market', end: false },
  { key: 'catalogue', to: '/accounts/catalogue', end: false },
  { key: 'report', to: '/accounts/report', end: false },
] as const;

export function AccountsArea() {
  const { t } = useTranslation();
  return (
    <div className="kam" data-testid="accounts">
      <PageHeader title={t('accounts.title')} subtitle={t('accounts.subtitle')} />
      <nav className="tabs" aria-label={t('accounts.tabsLabel')}>
        {TABS.map((tab) => (
          <NavLink key={tab.key} to={tab.to} end={tab.end} className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`} data-testid={`accounts-tab-${tab.key}`}>
            {t(`accounts.tab.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<AccountsListPage />} />
        <Route path="board" element={<BoardPage />} />
        <Route path="deals/:dealId" element={<DealPage />} />
        <Route path="calendar" element={<CalendarPage />} />
        <Route path="market" element={<MarketPage />} />
        <Route path="catalogue" element={<CataloguePage />} />
        <Route path="report" element={<ReportPage />} />
        <Route path=":accountId" element={<AccountPage />} />
        <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
      </Routes>
    </div>
  );
}
