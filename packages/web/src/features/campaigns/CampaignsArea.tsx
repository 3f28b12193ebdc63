// The campaigns area: campaigns with their results, the segment builder, competitors' offers.
import { Link, NavLink, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, EmptyState, PageHeader } from '../../app/ui';
import { useBudget, useCampaigns } from './api';
import { SegmentsPage } from './SegmentBuilder';
import { CampaignWizard } from './CampaignWizard';
import { ResultsPage } from './ResultsPage';
import { CompetitorsPage } from './CompetitorsPage';
import './campaigns.css';

const TABS = [
  { key: 'campaigns', to: '/campaigns', end: true },
  { key: 'segments', to: '/campaigns/segments', end: false },
  { key: 'competitors', to: '/campaigns/competitors', end: false },
] as const;

export function CampaignsArea() {
  const { t } = useTranslation();
  return (
    <div className="campaigns" data-testid="campaigns">
      <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} />
      <nav className="tabs" aria-label={t('campaigns.tabsLabel')}>
        {TABS.map((tab) => (
          <NavLink key={tab.key} to={tab.to} end={tab.end} className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`} data-testid={`campaigns-tab-${tab.key}`}>
            {t(`campaigns.tab.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<CampaignList />} />
        <Route path="new" element={<CampaignWizard />} />
        <Route path="segments" element={<SegmentsPage />} />
        <Route path="competitors" element={<CompetitorsPage />} />
        <Route path=":id" element={<ResultsPage />} />
        <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
      </Routes>
    </div>
  );
}

const STATUS_TONE = { draft: 'neutral', scheduled: 'info', running: 'accent', completed: 'success', cancelled: 'danger' } as const;

function CampaignList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const list = useCampaigns();
  const budget = useBudget();
  const items = list.data?.items ?? [];
  return (
    <div className="campaigns__stack">
      <div className="campaigns__row campaigns__row--between">
        <div className="campaigns__row">
          {(budget.data?.totals ?? []).map((b) => (
            <div key={b.currency} className="stat" data-testid="budget-total">
              <span className="stat__label">{t('campaigns.budget.spent')}</span>
              <strong>{fmt.money(b.spentMinor, b.currency)}</strong>
              <span className="stat__label">{t('campaigns.budget.forecastOf', { forecast: fmt.money(b.forecastMinor, b.currency), budget: fmt.money(b.budgetMinor, b.currency) })}</span>
            </div>
          ))}
        </div>
        {can('campaigns:manage') ? <Link className="btn btn--primary" to="/campaigns/new" data-testid="campaign-new">{t('campaigns.new')}</Link> : null}
      </div>
      {items.length === 0 ? <EmptyState title={t('campaigns.emptyTitle')}>{t('campaigns.emptyBody')}</EmptyState> : (
        <table className="table" data-testid="campaign-list">
          <thead><tr><th>{t('campaigns.name')}</th><th>{t('campaigns.segment')}</th><th>{t('campaigns.status')}</th><th>{t('campaigns.window')}</th><th>{t('campaigns.audience')}</th><th>{t('campaigns.budget.spent')}</th></tr></thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td><Link to={`/campaigns/${c.id}`}>{c.name}</Link></td>
                <td>{c.segmentName}</td>
                <td><Badge tone={STATUS_TONE[c.status]}>{t(`campaigns.statusName.${c.status}`)}</Badge></td>
                <td>{fmt.date(c.startsAt)} – {fmt.date(c.endsAt)}</td>
                <td>{t('campaigns.audienceSplit', { treated: fmt.number(c.counts.treated), control: fmt.number(c.counts.control) })}</td>
                <td>{fmt.money(c.spentMinor, c.currency)}{c.budgetMinor !== null ? ` / ${fmt.money(c.budgetMinor, c.currency)}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
