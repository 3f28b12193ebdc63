// The customer's survey answers on the customer 360: score, comment, sentiment and the follow-up case.
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import type { Page } from '../../app/types';
import { useFormat, useMe } from '../../app/session';
import { Badge, Loading } from '../../app/ui';
import type { SurveyResponse } from './types';

const TONE = { positive: 'success', neutral: 'neutral', negative: 'danger' } as const;

export function CustomerSurveyPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const enabled = can('surveys:read');
  const list = useQuery({
    queryKey: ['surveys', 'customer', customerId],
    queryFn: ({ signal }) => api.get<Page<SurveyResponse>>('/surveys/responses', { customerId, limit: 5 }, signal),
    enabled,
  });
  if (!enabled) return null;
  const rows = list.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="customer-surveys" data-testid="customer-surveys">
      <div className="card__head">
        <h2 id="customer-surveys" className="card__title">{t('surveys.customer360.title')} <span className="count">{rows.length}</span></h2>
      </div>
      {list.isPending ? <Loading /> : rows.length === 0 ? <p className="muted">{t('surveys.customer360.none')}</p> : (
        <ul className="plain-list stack-sm">
          {rows.map((r) => (
            <li key={r.id} data-testid="customer-survey-answer" data-score={r.score ?? ''}>
              <Link to={`/surveys/${r.surveyId}`}>{r.score === null ? t('surveys.customer360.open') : t('surveys.customer360.score', { score: r.score })}</Link>
              {' '}{r.sentiment ? <Badge tone={TONE[r.sentiment]}>{t(`surveys.sentiment.${r.sentiment}`)}</Badge> : null}
              <div className="cell-sub">
                <span>{fmt.date(r.createdAt)}</span>
                {r.followUpCase ? <> · <Link to={`/service/cases/${r.followUpCase.id}`}>{t('surveys.customer360.followUp', { number: r.followUpCase.number })}</Link></> : null}
              </div>
              {r.comment ? <p className="muted">{r.comment.length > 160 ? `${r.comment.slice(0, 160)}…` : r.comment}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
