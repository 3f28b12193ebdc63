// Service desk settings (service:manage): routing, SLAs, calendar, assignment, replies, mailboxes, checklists, classifier.
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../app/ui';
import { RoutingRulesSection } from './RoutingRulesSection';
import { SlaPoliciesSection } from './SlaPoliciesSection';
import { CalendarSection } from './CalendarSection';
import { CannedRepliesSection } from './CannedRepliesSection';
import { MailboxesSection } from './MailboxesSection';
import { TemplatesSection } from './TemplatesSection';
import { ClassifierSection } from './ClassifierSection';
import { DepartmentsSection } from './DepartmentsSection';

export const SETTINGS_SECTIONS = ['routing', 'sla', 'calendar', 'departments', 'canned', 'mailboxes', 'onboarding', 'classifier'] as const;

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <div className="settings-layout">
      <nav className="settings-nav" aria-label={t('service.settings.sections')}>
        {SETTINGS_SECTIONS.map((s) => (
          <NavLink key={s} to={`/service/settings/${s}`} className={({ isActive }) => `settings-nav__link${isActive ? ' settings-nav__link--on' : ''}`} data-testid={`service-settings-${s}`}>
            {t(`service.settings.section.${s}`)}
          </NavLink>
        ))}
      </nav>
      <div className="settings-body">
        <Routes>
          <Route index element={<Navigate to="routing" replace />} />
          <Route path="routing" element={<RoutingRulesSection />} />
          <Route path="sla" element={<SlaPoliciesSection />} />
          <Route path="calendar" element={<CalendarSection />} />
          <Route path="departments" element={<DepartmentsSection />} />
          <Route path="canned" element={<CannedRepliesSection />} />
          <Route path="mailboxes" element={<MailboxesSection />} />
          <Route path="onboarding" element={<TemplatesSection />} />
          <Route path="classifier" element={<ClassifierSection />} />
          <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
        </Routes>
      </div>
    </div>
  );
}
