// Simulate: a sample purchase (lines, time, store, channel) and member (tier, tags, birth month, join date)
// run through the rule before it is saved; shows the points per line and why each rule did or did not apply.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/session';
import { Badge, ErrorNotice, SelectField, TextField } from '../../app/ui';
import { Icon } from '../../app/icons';
import { currencyDigits } from '../../app/format';
import { parseAmount } from './ruleForm';
import type { Sample, SampleLine } from './sample';
import { failedTypes } from './ruleText';
import type { SimulateResult, Tier } from './types';

export function SimulatePanel({ sample, onChange, onRun, running, result, error, badLine, tiers, currency, ruleNames }: {
  sample: Sample;
  onChange: (s: Sample) => void;
  onRun: () => void;
  running: boolean;
  result: SimulateResult | null;
  error: unknown;
  badLine: number | null;
  tiers: Tier[];
  currency: string;
  /** Rule id → name, for the explanation ("simulated" is the rule being edited). */
  ruleNames: Map<string, string>;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<Sample>) => onChange({ ...sample, ...patch });
  const setLine = (i: number, patch: Partial<SampleLine>) => set({ lines: sample.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const cell = (i: number, key: keyof SampleLine, label: string, mode?: 'numeric' | 'decimal') => (
    <td>
      <input
        className="input input--cell" aria-label={`${label} ${i + 1}`} value={sample.lines[i]?.[key] ?? ''} inputMode={mode}
        onChange={(e) => setLine(i, { [key]: e.target.value })} data-testid={`loyalty-sim-${key}-${i}`}
      />
    </td>
  );
  return (
    <section className="card stack" aria-labelledby="simulate-title" data-testid="loyalty-simulate-panel">
      <div>
        <h2 id="simulate-title" className="card__title">{t('loyalty.sim.title')}</h2>
        <p className="muted small">{t('loyalty.sim.help')}</p>
      </div>
      <div className="table-wrap">
        <table className="table table--compact sim-lines">
          <thead>
            <tr>
              <th scope="col">{t('loyalty.sim.sku')}</th>
              <th scope="col">{t('loyalty.sim.category')}</th>
              <th scope="col">{t('loyalty.sim.brand')}</th>
              <th scope="col" className="num">{t('loyalty.sim.quantity')}</th>
              <th scope="col" className="num">{t('loyalty.sim.price', { currency })}</th>
              <th scope="col"><span className="visually-hidden">{t('loyalty.col.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {sample.lines.map((_, i) => (
              <tr key={i} className={badLine === i ? 'row--invalid' : undefined}>
                {cell(i, 'sku', t('loyalty.sim.sku'))}
                {cell(i, 'category', t('loyalty.sim.category'))}
                {cell(i, 'brand', t('loyalty.sim.brand'))}
                {cell(i, 'quantity', t('loyalty.sim.quantity'), 'numeric')}
                {cell(i, 'price', t('loyalty.sim.price', { currency }), 'decimal')}
                <td>
                  <button type="button" className="icon-btn" disabled={sample.lines.length < 2} onClick={() => set({ lines: sample.lines.filter((__, j) => j !== i) })} aria-label={t('loyalty.sim.removeLine', { n: i + 1 })}>
                    <Icon name="trash" size={16} />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {badLine !== null ? <p className="field__error" role="alert">{t('loyalty.sim.badLine', { n: badLine + 1 })}</p> : null}
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => set({ lines: [...sample.lines, { sku: `SKU-${sample.lines.length + 1}`, category: '', brand: '', quantity: '1', price: '1' }] })} data-testid="loyalty-sim-add-line">
        <Icon name="plus" size={16} /> {t('loyalty.sim.addLine')}
      </button>
      <details className="help">
        <summary>{t('loyalty.sim.context')}</summary>
        <div className="form-row">
          <TextField label={t('loyalty.sim.occurredAt')} type="datetime-local" value={sample.occurredAt} onChange={(v) => set({ occurredAt: v })} />
          <TextField label={t('loyalty.sim.store')} value={sample.storeId} onChange={(v) => set({ storeId: v })} />
          <TextField label={t('loyalty.sim.channel')} value={sample.channel} onChange={(v) => set({ channel: v })} />
          <SelectField
            label={t('loyalty.sim.tier')} value={sample.tierId} onChange={(v) => set({ tierId: v })}
            options={[{ value: '', label: t('loyalty.sim.noTier') }, ...tiers.map((x) => ({ value: x.id, label: x.name }))]}
          />
          <TextField label={t('loyalty.sim.tags')} value={sample.tags} onChange={(v) => set({ tags: v })} hint={t('loyalty.rule.listHint')} />
          <SelectField
            label={t('loyalty.sim.birthMonth')} value={sample.birthMonth} onChange={(v) => set({ birthMonth: v })}
            options={[{ value: '', label: t('common.notSet') }, ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t(`loyalty.month.${i + 1}`) }))]}
          />
          <TextField label={t('loyalty.sim.joinedOn')} type="date" value={sample.joinedOn} onChange={(v) => set({ joinedOn: v })} />
          <label className="check"><input type="checkbox" checked={sample.firstPurchase} onChange={(e) => set({ firstPurchase: e.target.checked })} /> {t('loyalty.sim.firstPurchase')}</label>
        </div>
      </details>
      <div className="form-actions form-actions--start">
        <label className="check"><input type="checkbox" checked={sample.together} onChange={(e) => set({ together: e.target.checked })} data-testid="loyalty-sim-together" /> {t('loyalty.sim.together')}</label>
        <button type="button" className="btn btn--primary" onClick={onRun} disabled={running} data-testid="loyalty-simulate">
          {running ? t('loyalty.sim.running') : t('loyalty.sim.run')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} title={t('loyalty.sim.failed')} /> : null}
      {result ? <SimulateOutcome result={result} sample={sample} currency={currency} ruleNames={ruleNames} /> : null}
    </section>
  );
}

function SimulateOutcome({ result, sample, currency, ruleNames }: { result: SimulateResult; sample: Sample; currency: string; ruleNames: Map<string, string> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const digits = currencyDigits(currency);
  const nameOf = (id: string) => (id.startsWith('tier:') ? t('loyalty.sim.tierBenefit') : ruleNames.get(id) ?? (id ? id : t('loyalty.sim.purchase')));
  return (
    <div className="stack-sm sim-result" data-testid="loyalty-sim-result" aria-live="polite">
      <p className="sim-total">
        {t('loyalty.sim.total')} <strong data-testid="loyalty-sim-total">{fmt.number(result.totalPoints)}</strong>
      </p>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">{t('loyalty.sim.line')}</th>
            <th scope="col" className="num">{t('loyalty.sim.amount')}</th>
            <th scope="col" className="num">{t('loyalty.sim.points')}</th>
          </tr>
        </thead>
        <tbody>
          {result.byLine.map((l, i) => {
            const s = sample.lines[i];
            const amount = s ? (parseAmount(s.price, digits) ?? 0) * (Number(s.quantity) || 0) : 0;
            return (
              <tr key={l.lineId}>
                <td>{s ? [s.sku, s.category, s.brand].filter(Boolean).join(' · ') : l.lineId}</td>
                <td className="num nowrap">{fmt.money(amount, currency)}</td>
                <td className="num" data-testid={`loyalty-sim-line-points-${i}`}>{fmt.number(l.points)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3 className="section-title">{t('loyalty.sim.why')}</h3>
      <ul className="plain-list stack-sm" data-testid="loyalty-sim-explanation">
        {result.explanation.map((e, i) => {
          const failed = e.code === 'conditions_not_met' ? failedTypes(e.message) : [];
          return (
            <li key={i} className="sim-why">
              <Badge tone={e.code === 'applied' || e.code === 'tier_bonus' ? 'success' : e.code === 'capped' ? 'warning' : 'neutral'}>
                {t(`loyalty.explain.${e.code}`, { defaultValue: e.code })}
              </Badge>{' '}
              <strong>{nameOf(e.ruleId)}</strong>
              {e.points !== undefined ? <> — {t('loyalty.sim.pointsN', { n: fmt.number(e.points) })}</> : null}
              {failed.length ? <span className="muted small"> ({failed.map((c) => t(`loyalty.condition.${c}`, { defaultValue: c })).join(', ')})</span> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
