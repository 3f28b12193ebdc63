// The customer's open cases for the customer 360 page, with a shortcut to open a new one for them.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Loading } from '../../app/ui';
import { useCases } from './api';
import { SlaBadge, StatusBadge } from './parts';
import './service.css';

export function CustomerCasesPanel({ customerId, customerName }: { customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const enabled = can('service:read');
  const list = useCases({ view: 'all', customerId }, 10, enabled);
  if (!enabled) return null;
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby="customer-cases" data-testid="customer-cases">
      <div className="card__head">
        <h2 id="customer-cases" className="card__title">{t('service.customer.title')} <span className="count">{rows.length}</span></h2>
        {can('service:work') ? (
          <Link className="btn btn--ghost btn--sm" to={`/service/new?customerId=${encodeURIComponent(customerId)}&customerName=${encodeURIComponent(customerName)}`}>
            {t('service.newCase.button')}
          </Link>
        ) : null}
      </div>
      {list.isPending ? <Loading /> : rows.length === 0 ? <p className="muted">{t('service.customer.none')}</p> : (
        <ul className="plain-list stack-sm">
          {rows.map((c) => (
            <li key={c.id}>
              <Link to={`/service/cases/${c.id}`}>{c.subject}</Link>
              <div className="cell-sub">
                <span className="mono">{c.number}</span> <StatusBadge status={c.status} /> <SlaBadge sla={c.sla} dueText={fmt.dateTime} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
