import { Link, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading, PageHeader } from '../../app/ui';
import { useSurveys } from './api';
import { SurveyBuilderPage } from './SurveyBuilderPage';
import { SurveyPage } from './SurveyPage';
import './surveys.css';

function SurveyListPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const list = useSurveys();
  return (
    <>
      <PageHeader title={t('surveys.title')} subtitle={t('surveys.subtitle')}
        actions={can('surveys:manage') ? <Link className="btn btn--primary" to="new" data-testid="survey-new">{t('surveys.new')}</Link> : null} />
      {list.isPending ? <Loading /> : list.isError ? <ErrorNotice error={list.error} /> : list.data.items.length === 0 ? (
        <EmptyState title={t('surveys.emptyTitle')}>{t('surveys.emptyBody')}</EmptyState>
      ) : (
        <table className="table" data-testid="survey-list">
          <thead><tr><th>{t('surveys.name')}</th><th>{t('surveys.type')}</th><th>{t('surveys.status')}</th><th>{t('surveys.trigger')}</th></tr></thead>
          <tbody>
            {list.data.items.map((s) => (
              <tr key={s.id}>
                <td><Link to={s.id}>{s.name}</Link></td>
                <td>{t(`surveys.types.${s.type}`)}</td>
                <td><Badge tone={s.status === 'active' ? 'success' : 'neutral'}>{t(`surveys.statuses.${s.status}`)}</Badge></td>
                <td>{s.trigger ? t(`surveys.events.${s.trigger.event}`) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function SurveysArea() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<SurveyListPage />} />
      <Route path="new" element={<SurveyBuilderPage />} />
      <Route path=":id/*" element={<SurveyPage />} />
      <Route path="*" element={<EmptyState title={t('common.notFoundTitle')}>{t('common.notFoundBody')}</EmptyState>} />
    </Routes>
  );
}
