// The side of a case page: its fields and routing, the SLA clocks, the classifier's guess,
// satisfaction, the onboarding checklist, linked cases and merging a duplicate.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, useConfirm, useToast } from '../../app/ui';
import { useAssignCase, useLinkCase, useMergeCase, useOnboardingStep, useSuggestion, useUpdateCase } from './api';
import { CasePicker, durationText, ServiceError, StatusBadge, useDesk } from './parts';
import {
  CASE_LINK_KINDS, CASE_PRIORITIES, CASE_TRANSITIONS, CASE_TYPES,
  type Case, type CaseLinkKind, type CasePriority, type CaseStatus, type CaseType, type SlaClockView,
} from './types';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return <div className="dl__row"><dt>{label}</dt><dd>{children}</dd></div>;
}

export function CaseDetails({ c, onResolve }: { c: Case; onResolve: () => void }) {
  const { t } = useTranslation();
  const { can, me } = useMe();
  const toast = useToast();
  const desk = useDesk();
  const update = useUpdateCase(c.id);
  const assign = useAssignCase(c.id);
  const editable = can('service:work');
  const [departmentId, setDepartmentId] = useState(c.department?.id ?? '');
  const [assigneeId, setAssigneeId] = useState(c.assignee?.id ?? '');
  const [category, setCategory] = useState(c.category ?? '');
  const [tags, setTags] = useState(c.tags.join(', '));
  useEffect(() => { setDepartmentId(c.department?.id ?? ''); setAssigneeId(c.assignee?.id ?? ''); }, [c.department?.id, c.assignee?.id]);
  useEffect(() => { setCategory(c.category ?? ''); setTags(c.tags.join(', ')); }, [c.category, c.tags]);
  const ids = { status: useId(), priority: useId(), type: useId(), dept: useId(), assignee: useId(), category: useId(), tags: useId() };
  // The department's own agents first; anyone else on the desk can still take it.
  const inDepartment = departmentId ? desk.agents.filter((a) => a.departmentIds.includes(departmentId)) : desk.agents;
  const others = departmentId ? desk.agents.filter((a) => !a.departmentIds.includes(departmentId)) : [];
  const known = [...inDepartment, ...others];
  const routeChanged = departmentId !== (c.department?.id ?? '') || assigneeId !== (c.assignee?.id ?? '');
  const fieldsChanged = category.trim() !== (c.category ?? '') || tags.split(',').map((x) => x.trim()).filter(Boolean).join(',') !== c.tags.join(',');

  const setStatus = (to: string) => {
    if (!to || to === c.status) return;
    if (to === 'resolved') { onResolve(); return; }
    update.mutate({ status: to as CaseStatus }, { onSuccess: () => toast(t('service.case.statusChanged', { status: t(`service.status.${to}`) })) });
  };
  const route = () => assign.mutate(
    { assigneeId: assigneeId || null, departmentId: departmentId || null },
    { onSuccess: () => toast(t('service.case.routed')) },
  );
  const saveFields = () => update.mutate(
    { category: category.trim() || null, tags: tags.split(',').map((x) => x.trim()).filter(Boolean) },
    { onSuccess: () => toast(t('service.case.saved')) },
  );

  return (
    <section className="card" aria-labelledby="case-details" data-testid="service-case-details">
      <h2 id="case-details" className="card__title">{t('service.case.details')}</h2>
      {editable ? (
        <div className="stack-sm">
          <div className="field">
            <label htmlFor={ids.status} className="field__label">{t('service.field.status')}</label>
            <select id={ids.status} className="input select" value={c.status} onChange={(e) => setStatus(e.target.value)} disabled={update.isPending} data-testid="service-case-status">
              <option value={c.status}>{t(`service.status.${c.status}`)}</option>
              {CASE_TRANSITIONS[c.status].map((s) => <option key={s} value={s}>{t('service.case.moveTo', { status: t(`service.status.${s}`) })}</option>)}
            </select>
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor={ids.priority} className="field__label">{t('service.field.priority')}</label>
              <select id={ids.priority} className="input select" value={c.priority} onChange={(e) => update.mutate({ priority: e.target.value as CasePriority })} data-testid="service-case-priority">
                {CASE_PRIORITIES.map((p) => <option key={p} value={p}>{t(`service.priority.${p}`)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.type} className="field__label">{t('service.field.type')}</label>
              <select id={ids.type} className="input select" value={c.type} onChange={(e) => update.mutate({ type: e.target.value as CaseType })} data-testid="service-case-type">
                {CASE_TYPES.map((p) => <option key={p} value={p}>{t(`service.type.${p}`)}</option>)}
              </select>
            </div>
          </div>
          <fieldset className="route-box">
            <legend>{t('service.case.route')}</legend>
            <div className="field">
              <label htmlFor={ids.dept} className="field__label">{t('service.field.department')}</label>
              <select id={ids.dept} className="input select" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)} data-testid="service-case-department">
                <option value="">{t('service.noDepartment')}</option>
                {desk.departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.assignee} className="field__label">{t('service.field.assignee')}</label>
              <select id={ids.assignee} className="input select" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} data-testid="service-case-assignee">
                <option value="">{t('service.unassigned')}</option>
                {others.length ? (
                  <>
                    <optgroup label={t('service.case.departmentAgents')}>{inDepartment.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</optgroup>
                    <optgroup label={t('service.case.otherAgents')}>{others.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</optgroup>
                  </>
                ) : inDepartment.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
                {assigneeId && !known.some((a) => a.id === assigneeId) ? <option value={assigneeId}>{c.assignee?.id === assigneeId ? c.assignee.name : me.user.name}</option> : null}
              </select>
            </div>
            <div className="form-actions">
              {c.assignee?.id !== me.user.id ? (
                <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAssigneeId(me.user.id)} data-testid="service-case-take">{t('service.case.assignMe')}</button>
              ) : null}
              <button type="button" className="btn btn--primary btn--sm" onClick={route} disabled={!routeChanged || assign.isPending} data-testid="service-case-route">{t('service.case.routeSave')}</button>
            </div>
            {assign.isError ? <ServiceError error={assign.error} /> : null}
          </fieldset>
          <div className="field">
            <label htmlFor={ids.category} className="field__label">{t('service.field.category')}</label>
            <input id={ids.category} className="input" value={category} onChange={(e) => setCategory(e.target.value)} maxLength={100} data-testid="service-case-category" />
          </div>
          <div className="field">
            <label htmlFor={ids.tags} className="field__label">{t('service.field.tags')}</label>
            <input id={ids.tags} className="input" value={tags} onChange={(e) => setTags(e.target.value)} data-testid="service-case-tags" />
            <p className="field__hint">{t('service.case.tagsHint')}</p>
          </div>
          {fieldsChanged ? <button type="button" className="btn btn--ghost btn--sm" onClick={saveFields} disabled={update.isPending} data-testid="service-case-save">{t('common.save')}</button> : null}
          {update.isError ? <ServiceError error={update.error} /> : null}
        </div>
      ) : (
        <dl className="dl">
          <Row label={t('service.field.status')}><StatusBadge status={c.status} /></Row>
          <Row label={t('service.field.department')}>{c.department?.name ?? '—'}</Row>
          <Row label={t('service.field.assignee')}>{c.assignee?.name ?? t('service.unassigned')}</Row>
          <Row label={t('service.field.category')}>{c.category ?? '—'}</Row>
          <Row label={t('service.field.tags')}>{c.tags.join(', ') || '—'}</Row>
        </dl>
      )}
      {c.rootCause || c.actionTaken ? (
        <dl className="dl" data-testid="service-case-resolution">
          {c.rootCause ? <Row label={t('service.field.rootCause')}>{c.rootCause}</Row> : null}
          {c.actionTaken ? <Row label={t('service.field.actionTaken')}><span className="prewrap">{c.actionTaken}</span></Row> : null}
        </dl>
      ) : null}
    </section>
  );
}

function ClockRow({ label, clock }: { label: string; clock: SlaClockView | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!clock) return <Row label={label}><span className="muted">{t('service.sla.none')}</span></Row>;
  const tone = clock.state === 'breached' ? 'danger' : clock.state === 'met' ? 'success' : clock.state === 'paused' ? 'neutral' : clock.remainingMinutes <= 60 ? 'warning' : 'info';
  return (
    <Row label={label}>
      <div className="cell-stack" data-testid="service-sla-clock" data-state={clock.state}>
        <span><Badge tone={tone}>{t(`service.slaState.${clock.state}`)}</Badge></span>
        {clock.state === 'running' || clock.state === 'paused' ? <span>{t('service.sla.left', { time: durationText(t, clock.remainingMinutes) })}</span> : null}
        {clock.state === 'breached' ? <span>{t('service.sla.overdue', { time: durationText(t, clock.remainingMinutes) })}</span> : null}
        {clock.dueAt ? <span className="muted small">{t('service.sla.due', { date: fmt.dateTime(clock.dueAt) })}</span> : null}
        {clock.fulfilledAt ? <span className="muted small">{t('service.sla.fulfilled', { date: fmt.dateTime(clock.fulfilledAt) })}</span> : null}
        <span className="muted small">{t('service.sla.target', { time: durationText(t, clock.targetMinutes) })}</span>
      </div>
    </Row>
  );
}

export function CaseSlaCard({ c }: { c: Case }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="case-sla">
      <h2 id="case-sla" className="card__title">{t('service.sla.title')}</h2>
      <dl className="dl">
        <Row label={t('service.sla.policy')}>{c.sla.policyName ?? <span className="muted">{t('service.sla.noPolicy')}</span>}</Row>
        <ClockRow label={t('service.sla.metric.firstResponse')} clock={c.sla.firstResponse} />
        <ClockRow label={t('service.sla.metric.resolution')} clock={c.sla.resolution} />
      </dl>
    </section>
  );
}

/** The classifier's guess with its confidence; one click applies the category and department. */
export function SuggestionCard({ c }: { c: Case }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const toast = useToast();
  const open = c.status !== 'resolved' && c.status !== 'closed';
  const s = useSuggestion(c.id, open);
  const desk = useDesk();
  const update = useUpdateCase(c.id);
  if (!open || !s.data || (!s.data.category && !s.data.departmentId)) return null;
  const dept = desk.departments.find((d) => d.id === s.data.departmentId);
  const same = s.data.category === c.category && (s.data.departmentId ?? null) === (c.department?.id ?? null);
  const apply = () => update.mutate(
    { ...(s.data.category ? { category: s.data.category } : {}), ...(s.data.departmentId ? { departmentId: s.data.departmentId } : {}) },
    { onSuccess: () => toast(t('service.suggestion.applied')) },
  );
  return (
    <section className="card" aria-labelledby="case-suggestion" data-testid="service-suggestion">
      <h2 id="case-suggestion" className="card__title">{t('service.suggestion.title')}</h2>
      <dl className="dl">
        {s.data.category ? <Row label={t('service.field.category')}>{s.data.category}</Row> : null}
        {dept ? <Row label={t('service.field.department')}>{dept.name}</Row> : null}
        <Row label={t('service.suggestion.confidence')}>{fmt.percent(s.data.confidence)}</Row>
      </dl>
      {s.data.ranking.length > 1 ? (
        <p className="muted small">{t('service.suggestion.others', { list: s.data.ranking.slice(1, 3).map((r) => `${r.label} ${fmt.percent(r.probability)}`).join(', ') })}</p>
      ) : null}
      {can('service:work') && !same ? (
        <button type="button" className="btn btn--ghost btn--sm" onClick={apply} disabled={update.isPending} data-testid="service-suggestion-apply">{t('service.suggestion.apply')}</button>
      ) : null}
      {update.isError ? <ServiceError error={update.error} /> : null}
    </section>
  );
}

export function CsatCard({ c }: { c: Case }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!c.csat && c.status !== 'resolved' && c.status !== 'closed') return null;
  return (
    <section className="card" aria-labelledby="case-csat" data-testid="service-csat">
      <h2 id="case-csat" className="card__title">{t('service.csat.title')}</h2>
      {c.csat ? (
        <>
          <p className="csat-score" data-testid="service-csat-score" data-score={c.csat.score}>
            <span aria-hidden="true">{'★'.repeat(c.csat.score)}{'☆'.repeat(5 - c.csat.score)}</span>{' '}
            {t('service.csat.score', { score: c.csat.score })}
          </p>
          {c.csat.comment ? <blockquote className="prewrap">{c.csat.comment}</blockquote> : null}
          <p className="muted small">{fmt.dateTime(c.csat.at)}</p>
        </>
      ) : <p className="muted">{t('service.csat.waiting')}</p>}
    </section>
  );
}

export function OnboardingCard({ c }: { c: Case }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const fmt = useFormat();
  const step = useOnboardingStep(c.id);
  if (!c.onboarding) return null;
  const done = c.onboarding.steps.filter((s) => s.done).length;
  return (
    <section className="card" aria-labelledby="case-onboarding" data-testid="service-onboarding-steps">
      <h2 id="case-onboarding" className="card__title">{t('service.onboarding.checklist')} <span className="count">{done}/{c.onboarding.steps.length}</span></h2>
      <ul className="plain-list stack-sm">
        {c.onboarding.steps.map((s) => (
          <li key={s.key}>
            <label className="check">
              <input type="checkbox" checked={s.done} disabled={!can('service:work') || step.isPending} onChange={(e) => step.mutate({ key: s.key, done: e.target.checked })} />
              <span>{s.title}</span>
            </label>
            {s.doneAt ? <span className="muted small"> {t('service.onboarding.doneBy', { name: s.doneBy?.name ?? '—', date: fmt.dateTime(s.doneAt) })}</span> : null}
          </li>
        ))}
      </ul>
      {step.isError ? <ServiceError error={step.error} /> : null}
    </section>
  );
}

export function LinksCard({ c }: { c: Case }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const link = useLinkCase(c.id);
  const merge = useMergeCase(c.id);
  const [kind, setKind] = useState<CaseLinkKind>('related');
  const kindId = useId();
  return (
    <section className="card" aria-labelledby="case-links" data-testid="service-links">
      <h2 id="case-links" className="card__title">{t('service.links.title')} <span className="count">{c.links.length}</span></h2>
      {c.links.length ? (
        <ul className="plain-list stack-sm">
          {c.links.map((l) => (
            <li key={l.caseId} data-testid="service-link">
              <Link to={`/service/cases/${l.caseId}`}>{l.number}</Link> <span>{l.subject}</span>{' '}
              <StatusBadge status={l.status} /> <span className="muted small">{t(`service.linkKind.${l.kind}`)}</span>
              {can('service:work') && l.kind === 'duplicate' && !c.mergedInto ? (
                <button
                  type="button" className="btn btn--link btn--sm" data-testid="service-merge"
                  onClick={async () => {
                    const ok = await confirm({ title: t('service.links.mergeTitle', { dup: l.number, into: c.number }), body: t('service.links.mergeBody'), confirmLabel: t('service.links.merge') });
                    if (ok) merge.mutate(l.caseId, { onSuccess: () => toast(t('service.links.merged', { dup: l.number })) });
                  }}
                >
                  {t('service.links.merge')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('service.links.none')}</p>}
      {can('service:work') ? (
        <div className="stack-sm">
          <div className="field field--inline">
            <label htmlFor={kindId} className="field__label">{t('service.links.kind')}</label>
            <select id={kindId} className="input select select--compact" value={kind} onChange={(e) => setKind(e.target.value as CaseLinkKind)} data-testid="service-link-kind">
              {CASE_LINK_KINDS.map((k) => <option key={k} value={k}>{t(`service.linkKind.${k}`)}</option>)}
            </select>
          </div>
          <CasePicker label={t('service.links.find')} excludeId={c.id} onPick={(other) => link.mutate({ otherCaseId: other.id, kind }, { onSuccess: () => toast(t('service.links.linked', { number: other.number })) })} />
        </div>
      ) : null}
      {link.isError ? <ServiceError error={link.error} /> : null}
      {merge.isError ? <ServiceError error={merge.error} /> : null}
    </section>
  );
}
