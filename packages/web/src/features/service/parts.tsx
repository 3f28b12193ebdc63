// Small pieces shared by the service desk pages: badges, the SLA clock, pickers, error words.
import { useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../../app/api';
import { Badge, FieldShell, problemText, useDebounced } from '../../app/ui';
import type { Customer } from '../../app/types';
import { searchCases, searchCustomers, useDepartments } from './api';
import { PRIORITY_TONE, STATUS_TONE, type CaseListItem, type CasePriority, type CaseSlaView, type CaseStatus, type SlaClockView } from './types';

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`service.status.${status}`)}</Badge>;
}

export function PriorityBadge({ priority }: { priority: CasePriority }) {
  const { t } = useTranslation();
  return <Badge tone={PRIORITY_TONE[priority]}>{t(`service.priority.${priority}`)}</Badge>;
}

/** Business minutes as "2 h 15 min" in the UI language. */
export function durationText(t: TFunction, minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  const min = m % 60;
  if (d > 0) return h > 0 ? t('service.duration.dh', { d, h }) : t('service.duration.d', { d });
  if (h > 0) return min > 0 ? t('service.duration.hm', { h, m: min }) : t('service.duration.h', { h });
  return t('service.duration.m', { m: min });
}

export type ClockShown = { state: 'none' } | { state: 'running' | 'paused' | 'breached' | 'met'; clock: SlaClockView; metric: 'firstResponse' | 'resolution' };

/** The clock a row shows: a breached one first, then the running one due soonest, then paused, then met. */
export function shownClock(sla: CaseSlaView): ClockShown {
  const clocks = (['firstResponse', 'resolution'] as const)
    .map((metric) => ({ metric, clock: sla[metric] }))
    .filter((c): c is { metric: 'firstResponse' | 'resolution'; clock: SlaClockView } => c.clock !== null);
  const pick = (state: SlaClockView['state']) => clocks.filter((c) => c.clock.state === state)
    .sort((a, b) => a.clock.remainingMinutes - b.clock.remainingMinutes)[0];
  for (const state of ['breached', 'running', 'paused', 'met'] as const) {
    const c = pick(state);
    if (c) return { state, clock: c.clock, metric: c.metric };
  }
  return { state: 'none' };
}

/** The SLA clock of a case as a badge: time left, overdue, paused or met; the due time in the tooltip. */
export function SlaBadge({ sla, dueText }: { sla: CaseSlaView; dueText?: (iso: string) => string }) {
  const { t } = useTranslation();
  const shown = shownClock(sla);
  if (shown.state === 'none') return <span className="muted" data-testid="sla-badge" data-state="none">{t('service.sla.none')}</span>;
  const { clock, metric } = shown;
  const metricName = t(`service.sla.metric.${metric}`);
  const title = clock.dueAt && dueText ? t('service.sla.dueAt', { metric: metricName, date: dueText(clock.dueAt) }) : metricName;
  let tone: 'success' | 'warning' | 'danger' | 'neutral' | 'info' = 'info';
  let text: string;
  if (shown.state === 'breached') {
    tone = 'danger';
    text = t('service.sla.overdue', { time: durationText(t, clock.remainingMinutes) });
  } else if (shown.state === 'paused') {
    tone = 'neutral';
    text = t('service.slaState.paused');
  } else if (shown.state === 'met') {
    tone = 'success';
    text = t('service.slaState.met');
  } else {
    tone = clock.remainingMinutes <= 60 ? 'warning' : 'info';
    text = t('service.sla.left', { time: durationText(t, clock.remainingMinutes) });
  }
  return (
    <span className="sla-badge" title={title} data-testid="sla-badge" data-state={shown.state}>
      <Badge tone={tone}>{text}</Badge>
    </span>
  );
}

/** A service-desk error in the UI language: our own words for the desk's codes, else the app's. */
export function serviceProblem(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    const p = error.problem;
    if (p.errors?.length) {
      return p.errors.map((e) => t(`service.problem.${e.code}`, { defaultValue: '' }) || t(`fieldError.${e.code}`, { defaultValue: e.message })).join(' ');
    }
    const own = t(`service.problem.${p.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return problemText(t, error);
}

export function ServiceError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="notice notice--error" role="alert">
      <strong>{t('common.errorTitle')}</strong>
      <span>{serviceProblem(t, error)}</span>
    </div>
  );
}

export interface Agent { id: string; name: string; departmentIds: string[] }

/** Departments and the agents in them (one list of people, each with their departments). */
export function useDesk() {
  const q = useDepartments();
  return useMemo(() => {
    const departments = (q.data?.items ?? []).map((d) => ({ id: d.departmentId, name: d.name }));
    const byId = new Map<string, Agent>();
    for (const d of q.data?.items ?? []) {
      for (const a of d.agents) {
        const agent = byId.get(a.userId) ?? { id: a.userId, name: a.name, departmentIds: [] };
        agent.departmentIds.push(d.departmentId);
        byId.set(a.userId, agent);
      }
    }
    const agents = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
    return { departments, agents, isPending: q.isPending, error: q.error };
  }, [q.data, q.isPending, q.error]);
}

/** Type to search, pick one: customers for a new case, cases for link and merge. */
function Picker<T extends { id: string }>({ label, search, render, onPick, testId, queryKey, hint }: {
  label: string; search: (q: string, signal?: AbortSignal) => Promise<{ items: T[] }>; render: (item: T) => string;
  onPick: (item: T) => void; testId: string; queryKey: string; hint?: string;
}) {
  const id = useId();
  const listId = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const dq = useDebounced(q, 250);
  const results = useQuery({ queryKey: ['service', 'picker', queryKey, dq], queryFn: ({ signal }) => search(dq, signal), enabled: open && dq.trim().length > 0 });
  const items = results.data?.items ?? [];
  const pick = (item: T | undefined) => {
    if (!item) return;
    onPick(item);
    setQ('');
    setOpen(false);
  };
  return (
    <FieldShell id={id} label={label} hint={hint}>
      <div className="combo">
        <input
          id={id} className="input" role="combobox" aria-expanded={open && items.length > 0} aria-controls={listId} aria-autocomplete="list"
          aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined} value={q} autoComplete="off" data-testid={testId}
          onChange={(e) => { setQ(e.target.value); setOpen(true); setActive(0); }}
          onFocus={() => setOpen(true)} onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, items.length - 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
            else if (e.key === 'Enter' && open && items[active]) { e.preventDefault(); pick(items[active]); }
            else if (e.key === 'Escape') setOpen(false);
          }}
        />
        {open && items.length > 0 ? (
          <ul className="combo__list" role="listbox" id={listId}>
            {items.map((item, i) => (
              <li
                key={item.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} data-testid={`${testId}-option`}
                className={`combo__opt${i === active ? ' combo__opt--active' : ''}`} onMouseDown={(e) => { e.preventDefault(); pick(item); }}
              >
                {render(item)}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </FieldShell>
  );
}

export function CustomerPicker({ onPick, label, hint }: { onPick: (c: Customer) => void; label: string; hint?: string }) {
  return (
    <Picker<Customer>
      label={label} hint={hint} queryKey="customers" search={searchCustomers} onPick={onPick} testId="service-customer-search"
      render={(c) => [c.displayName, c.email, c.phone].filter(Boolean).join(' · ')}
    />
  );
}

export function CasePicker({ onPick, label, excludeId }: { onPick: (c: CaseListItem) => void; label: string; excludeId: string }) {
  const search = async (q: string, signal?: AbortSignal) => {
    const page = await searchCases(q, signal);
    return { items: page.items.filter((c) => c.id !== excludeId) };
  };
  return <Picker<CaseListItem> label={label} queryKey={`cases-${excludeId}`} search={search} onPick={onPick} testId="service-case-search" render={(c) => `${c.number} · ${c.subject}`} />;
}
