import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import type { Customer, Page } from '../../app/types';
import { FieldShell, useDebounced } from '../../app/ui';

/** Choose the company a person belongs to: type to search companies, pick one from the list. */
export function CompanyPicker({ value, valueName, onChange, error }: {
  value: string | null; valueName: string | null; onChange: (id: string | null, name: string | null) => void; error?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const listId = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const dq = useDebounced(q, 250);
  const results = useQuery({
    queryKey: ['customers', 'company-search', dq],
    queryFn: ({ signal }) => api.get<Page<Customer>>('/customers', { kind: 'company', q: dq || undefined, limit: 8 }, signal),
    enabled: open,
  });
  const items = results.data?.items ?? [];

  const pick = (c: Customer | null) => {
    onChange(c?.id ?? null, c?.displayName ?? null);
    setQ('');
    setOpen(false);
  };

  if (value) {
    return (
      <FieldShell id={id} label={t('customer.company')} error={error}>
        <div className="picked" id={id} tabIndex={-1}>
          <span>{valueName ?? value}</span>
          <button type="button" className="btn btn--link" onClick={() => pick(null)}>{t('common.remove')}</button>
        </div>
      </FieldShell>
    );
  }
  return (
    <FieldShell id={id} label={t('customer.company')} error={error} hint={t('customer.companyHint')}>
      <div className="combo">
        <input
          id={id} className="input" role="combobox" aria-expanded={open && items.length > 0} aria-controls={listId} aria-autocomplete="list"
          aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
          value={q} placeholder={t('customer.companySearch')}
          onChange={(e) => { setQ(e.target.value); setOpen(true); setActive(0); }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, items.length - 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
            else if (e.key === 'Enter' && open && items[active]) { e.preventDefault(); pick(items[active] ?? null); }
            else if (e.key === 'Escape') setOpen(false);
          }}
        />
        {open && items.length > 0 ? (
          <ul className="combo__list" role="listbox" id={listId}>
            {items.map((c, i) => (
              <li
                key={c.id} id={`${listId}-${i}`} role="option" aria-selected={i === active}
                className={`combo__opt${i === active ? ' combo__opt--active' : ''}`}
                onMouseDown={(e) => { e.preventDefault(); pick(c); }}
              >
                {c.displayName}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </FieldShell>
  );
}
