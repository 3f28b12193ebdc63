// Campaign wizard: segment → offer → message per language → control share with
// the sample-size / MDE calculator → budget and schedule → launch.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/session';
import { ErrorNotice, SelectField, TextAreaField, TextField, useDebounced } from '../../app/ui';
import { countSegment, planning, useCreateCampaign, useSegments } from './api';
import { useProgrammes } from './programmes';

const STEPS = ['segment', 'offer', 'message', 'control', 'budget'] as const;
const LANGS = ['az', 'tr', 'en'] as const;
const localInput = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const toMinor = (v: string) => Math.round(Number(v.replace(',', '.')) * 100);

export function CampaignWizard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const segments = useSegments();
  const programmes = useProgrammes();
  const create = useCreateCampaign();
  const [step, setStep] = useState(0);
  const [f, setF] = useState({
    name: '', segmentId: '', offerKind: 'points', programmeId: '', points: '100', couponKind: 'amountOff', couponValue: '500', couponCost: '5',
    channel: 'email', templates: { az: { subject: '', body: '' }, tr: { subject: '', body: '' }, en: { subject: '', body: '' } },
    controlShare: '20', stratifyBy: 'none', baseline: '10', effect: '2',
    startsAt: localInput(0), endsAt: localInput(14), postWindowDays: '14', budget: '', messageCost: '0', margin: '30', capMax: '', capDays: '30',
  });
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const segmentId = f.segmentId || segments.data?.items[0]?.id || '';
  const programmeId = f.programmeId || programmes.data?.items[0]?.id || '';
  const segment = segments.data?.items.find((s) => s.id === segmentId);
  const [audience, setAudience] = useState<number | null>(null);
  useEffect(() => {
    if (!segment) return;
    const controller = new AbortController();
    countSegment(segment.definition as never, controller.signal).then((c) => setAudience(c.count), () => setAudience(null));
    return () => controller.abort();
  }, [segment]);
  const plan = useDebounced({ baselineRate: Number(f.baseline) / 100, controlShare: Number(f.controlShare) / 100, effect: Number(f.effect) / 100, customers: audience ?? undefined }, 300);
  const [planned, setPlanned] = useState<{ customersNeeded: number | null; minimumDetectableEffect: number | null } | null>(null);
  useEffect(() => {
    if (!(plan.baselineRate > 0 && plan.baselineRate < 1 && plan.controlShare >= 0.01 && plan.controlShare <= 0.5 && plan.effect > 0)) { setPlanned(null); return; }
    const controller = new AbortController();
    planning({ ...plan, ...(plan.customers ? { customers: plan.customers } : {}) } as never, controller.signal).then(setPlanned, () => setPlanned(null));
    return () => controller.abort();
  }, [plan]);

  const fieldError = (field: string) => {
    if (!create.error || !isApiError(create.error)) return undefined;
    return create.error.problem.errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  };
  const submit = () => {
    const templates = Object.fromEntries(LANGS.filter((l) => f.templates[l].subject.trim() && f.templates[l].body.trim()).map((l) => [l, f.templates[l]]));
    const offer = f.offerKind === 'points' ? { kind: 'points', programmeId, points: Number(f.points) }
      : f.offerKind === 'coupon' ? { kind: 'coupon', programmeId, benefit: { kind: f.couponKind, value: f.couponKind === 'amountOff' ? toMinor(f.couponValue) / 100 : Number(f.couponValue) }, costPerCouponMinor: toMinor(f.couponCost) }
        : { kind: 'message' };
    create.mutate({
      name: f.name.trim(), segmentId, offer, channel: f.channel, templates, controlShare: Number(f.controlShare) / 100, stratifyBy: f.stratifyBy,
      startsAt: new Date(f.startsAt).toISOString(), endsAt: new Date(f.endsAt).toISOString(), postWindowDays: Number(f.postWindowDays),
      budgetMinor: f.budget.trim() ? toMinor(f.budget) : null, messageCostMinor: toMinor(f.messageCost || '0'), grossMarginPercent: Number(f.margin),
      frequencyCap: f.capMax.trim() ? { maxCampaigns: Number(f.capMax), days: Number(f.capDays) } : null,
      plannedCustomers: planned?.customersNeeded ?? null,
    }, { onSuccess: (c) => navigate(`/campaigns/${c.id}`) });
  };

  const current = STEPS[step] ?? 'segment';
  return (
    <section className="card" data-testid="campaign-wizard">
      <ol className="wizard-steps">
        {STEPS.map((s, i) => <li key={s} className={i === step ? 'wizard-steps__step--current' : ''}>{t(`campaigns.wizard.step.${s}`)}</li>)}
      </ol>
      {current === 'segment' ? (
        <div className="campaigns__stack">
          <TextField label={t('campaigns.name')} value={f.name} onChange={(name) => set({ name })} testId="campaign-name" error={fieldError('body.name')} required />
          <SelectField label={t('campaigns.segment')} value={segmentId} onChange={(v) => set({ segmentId: v })} testId="campaign-segment"
            options={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
          <p data-testid="campaign-audience">{audience === null ? '' : t('campaigns.wizard.audience', { formatted: fmt.number(audience) })}</p>
        </div>
      ) : current === 'offer' ? (
        <div className="campaigns__stack">
          <SelectField label={t('campaigns.wizard.offer')} value={f.offerKind} onChange={(offerKind) => set({ offerKind })} testId="campaign-offer"
            options={['points', 'coupon', 'message'].map((k) => ({ value: k, label: t(`campaigns.offer.${k}`) }))} />
          {f.offerKind !== 'message' ? (
            <SelectField label={t('campaigns.wizard.programme')} value={programmeId} onChange={(v) => set({ programmeId: v })}
              options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} error={fieldError('body.offer.programmeId')} />
          ) : null}
          {f.offerKind === 'points' ? <TextField label={t('campaigns.wizard.points')} type="number" min={1} value={f.points} onChange={(points) => set({ points })} testId="campaign-points" /> : null}
          {f.offerKind === 'coupon' ? (
            <div className="campaigns__row">
              <SelectField label={t('campaigns.wizard.couponKind')} value={f.couponKind} onChange={(couponKind) => set({ couponKind })}
                options={['amountOff', 'percentOff', 'bonusPoints'].map((k) => ({ value: k, label: t(`campaigns.coupon.${k}`) }))} />
              <TextField label={t('campaigns.wizard.couponValue')} type="number" value={f.couponValue} onChange={(couponValue) => set({ couponValue })} />
              <TextField label={t('campaigns.wizard.couponCost')} type="number" value={f.couponCost} onChange={(couponCost) => set({ couponCost })} />
            </div>
          ) : null}
          <SelectField label={t('campaigns.wizard.channel')} value={f.channel} onChange={(channel) => set({ channel })} testId="campaign-channel"
            options={['email', 'export'].map((k) => ({ value: k, label: t(`campaigns.channel.${k}`) }))} />
        </div>
      ) : current === 'message' ? (
        <div className="campaigns__stack">
          <p className="field__hint">{t('campaigns.wizard.placeholders', { list: '{{firstName}}, {{points}}, {{couponCode}}' })}</p>
          {LANGS.map((l) => (
            <fieldset key={l} className="campaigns__lang">
              <legend>{t(`language.${l}`)}</legend>
              <TextField label={t('campaigns.wizard.subject')} value={f.templates[l].subject} testId={`campaign-subject-${l}`}
                onChange={(subject) => set({ templates: { ...f.templates, [l]: { ...f.templates[l], subject } } })} />
              <TextAreaField label={t('campaigns.wizard.body')} value={f.templates[l].body} rows={4} testId={`campaign-body-${l}`}
                onChange={(body) => set({ templates: { ...f.templates, [l]: { ...f.templates[l], body } } })} />
            </fieldset>
          ))}
          {fieldError('body.templates') ? <p className="field__error" role="alert">{fieldError('body.templates')}</p> : null}
        </div>
      ) : current === 'control' ? (
        <div className="campaigns__stack">
          <div className="campaigns__row">
            <TextField label={t('campaigns.wizard.controlShare')} type="number" min={1} max={50} value={f.controlShare} onChange={(controlShare) => set({ controlShare })} testId="campaign-control" />
            <SelectField label={t('campaigns.wizard.stratify')} value={f.stratifyBy} onChange={(stratifyBy) => set({ stratifyBy })}
              options={['none', 'rfmSegment', 'tier'].map((k) => ({ value: k, label: t(`campaigns.stratify.${k}`) }))} />
          </div>
          <h3>{t('campaigns.wizard.calculator')}</h3>
          <div className="campaigns__row">
            <TextField label={t('campaigns.wizard.baseline')} type="number" value={f.baseline} onChange={(baseline) => set({ baseline })} testId="calc-baseline" />
            <TextField label={t('campaigns.wizard.effect')} type="number" value={f.effect} onChange={(effect) => set({ effect })} testId="calc-effect" />
          </div>
          <p data-testid="calc-result">
            {planned?.customersNeeded ? t('campaigns.wizard.needed', { customers: fmt.number(planned.customersNeeded) }) : ''}
            {' '}
            {planned?.minimumDetectableEffect ? t('campaigns.wizard.mde', { effect: (planned.minimumDetectableEffect * 100).toFixed(2) }) : ''}
          </p>
        </div>
      ) : (
        <div className="campaigns__stack">
          <div className="campaigns__row">
            <TextField label={t('campaigns.wizard.startsAt')} type="datetime-local" value={f.startsAt} onChange={(startsAt) => set({ startsAt })} error={fieldError('body.startsAt')} />
            <TextField label={t('campaigns.wizard.endsAt')} type="datetime-local" value={f.endsAt} onChange={(endsAt) => set({ endsAt })} error={fieldError('body.endsAt')} />
            <TextField label={t('campaigns.wizard.postWindow')} type="number" value={f.postWindowDays} onChange={(postWindowDays) => set({ postWindowDays })} />
          </div>
          <div className="campaigns__row">
            <TextField label={t('campaigns.wizard.budget')} type="number" value={f.budget} onChange={(budget) => set({ budget })} testId="campaign-budget" error={fieldError('body.budgetMinor')} />
            <TextField label={t('campaigns.wizard.messageCost')} type="number" value={f.messageCost} onChange={(messageCost) => set({ messageCost })} />
            <TextField label={t('campaigns.wizard.margin')} type="number" value={f.margin} onChange={(margin) => set({ margin })} />
          </div>
          <div className="campaigns__row">
            <TextField label={t('campaigns.wizard.capMax')} type="number" value={f.capMax} onChange={(capMax) => set({ capMax })} />
            <TextField label={t('campaigns.wizard.capDays')} type="number" value={f.capDays} onChange={(capDays) => set({ capDays })} />
          </div>
        </div>
      )}
      {create.error ? <ErrorNotice error={create.error} /> : null}
      <div className="campaigns__row campaigns__row--between">
        <button type="button" className="btn" disabled={step === 0} onClick={() => setStep(step - 1)}>{t('campaigns.wizard.back')}</button>
        {step < STEPS.length - 1
          ? <button type="button" className="btn btn--primary" onClick={() => setStep(step + 1)} data-testid="wizard-next">{t('campaigns.wizard.next')}</button>
          : <button type="button" className="btn btn--primary" disabled={create.isPending || !f.name.trim() || !segmentId} onClick={submit} data-testid="campaign-launch">{t('campaigns.wizard.launch')}</button>}
      </div>
    </section>
  );
}
