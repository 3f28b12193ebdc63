// How each department hands out new cases, and who works in it.
import { useTranslation } from 'react-i18next';
import { EmptyState, Loading, Switch } from '../../../app/ui';
import { useDepartments, useSetStrategy, useUpdateAgent } from '../api';
import { ServiceError } from '../parts';
import { ASSIGNMENT_STRATEGIES, type AssignmentStrategy } from '../types';
import { Section } from './form';

export function DepartmentsSection() {
  const { t } = useTranslation();
  const q = useDepartments();
  const set = useSetStrategy();
  const agent = useUpdateAgent();
  const items = q.data?.items ?? [];
  return (
    <Section title={t('service.settings.section.departments')} intro={t('service.departments.intro')} testId="service-departments">
      {q.isPending ? <Loading /> : q.isError ? <ServiceError error={q.error} /> : items.length === 0 ? <EmptyState title={t('service.departments.empty')} /> : (
        <div className="stack">
          {items.map((d) => (
            <div key={d.departmentId} className="dept-block">
              <div className="card__head">
                <h3 className="section-title">{d.name}</h3>
                <label className="field field--inline">
                  <span className="field__label">{t('service.departments.strategy')}</span>
                  <select className="input select select--compact" value={d.strategy} onChange={(e) => set.mutate({ id: d.departmentId, strategy: e.target.value as AssignmentStrategy })}>
                    {ASSIGNMENT_STRATEGIES.map((s) => <option key={s} value={s}>{t(`service.strategy.${s}`)}</option>)}
                  </select>
                </label>
              </div>
              {d.agents.length ? (
                <table className="table table--compact">
                  <thead><tr><th scope="col">{t('service.field.assignee')}</th><th scope="col">{t('service.departments.available')}</th><th scope="col" className="num">{t('service.departments.open')}</th><th scope="col" className="num">{t('service.departments.cap')}</th><th scope="col">{t('service.departments.skills')}</th></tr></thead>
                  <tbody>
                    {d.agents.map((a) => (
                      <tr key={a.userId}>
                        <td>{a.name}</td>
                        <td><Switch checked={a.available} label={t('service.departments.availableFor', { name: a.name })} onChange={(available) => agent.mutate({ userId: a.userId, body: { available } })} /></td>
                        <td className="num">{a.openCases}</td>
                        <td className="num">
                          <input
                            className="input input--narrow" inputMode="numeric" defaultValue={a.maxOpenCases ?? ''} aria-label={t('service.departments.capFor', { name: a.name })}
                            onBlur={(e) => {
                              const v = e.target.value.trim();
                              const cap = v ? Number(v) : null;
                              if (cap !== a.maxOpenCases && (cap === null || (Number.isInteger(cap) && cap > 0))) agent.mutate({ userId: a.userId, body: { maxOpenCases: cap } });
                            }}
                          />
                        </td>
                        <td className="small">{[...a.skills, ...a.languages].join(', ') || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : <p className="muted">{t('service.departments.noAgents')}</p>}
            </div>
          ))}
        </div>
      )}
      {set.isError ? <ServiceError error={set.error} /> : null}
      {agent.isError ? <ServiceError error={agent.error} /> : null}
    </Section>
  );
}
