// The fields of the earning-rule form: basics, conditions, which lines earn, the effect and its caps.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../app/ui';
import type { RuleField, RuleForm } from './ruleForm';
import { EFFECT_TYPES, type Tier } from './types';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function RuleFormFields({ form, onChange, errors, tiers, currency, disabled }: {
  form: RuleForm;
  onChange: (patch: Partial<RuleForm>) => void;
  errors: Partial<Record<RuleField, string>>;
  tiers: Tier[];
  currency: string;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const weekdayId = useId();
  const tierId = useId();
  const text = (field: RuleField & keyof RuleForm, extra: { hint?: string; type?: string; inputMode?: 'numeric' | 'decimal'; required?: boolean } = {}) => (
    <TextField
      label={t(`loyalty.ruleField.${field}`)} value={String(form[field])} onChange={(v) => onChange({ [field]: v })} error={errors[field]}
      disabled={disabled} testId={`loyalty-rule-${field}`} {...extra}
    />
  );
  const check = (field: 'firstPurchase' | 'birthdayMonth') => (
    <label className="check">
      <input type="checkbox" checked={form[field]} disabled={disabled} onChange={(e) => onChange({ [field]: e.target.checked })} data-testid={`loyalty-rule-${field}`} />
      {t(`loyalty.ruleField.${field}`)}
      {errors[field] ? <span className="field__error" role="alert">{errors[field]}</span> : null}
    </label>
  );
  return (
    <div className="stack">
      <fieldset className="form-section" disabled={disabled}>
        <legend className="section-title">{t('loyalty.rule.section.basics')}</legend>
        <div className="form-row">
          {text('name', { required: true })}
          {text('priority', { inputMode: 'numeric', hint: t('loyalty.rule.priorityHint') })}
          <SelectField
            label={t('loyalty.ruleField.stacking')} value={form.stacking} error={errors.stacking} testId="loyalty-rule-stacking"
            onChange={(v) => onChange({ stacking: v === 'exclusive' ? 'exclusive' : 'cumulative' })} hint={t('loyalty.rule.stackingHint')}
            options={[{ value: 'cumulative', label: t('loyalty.rule.stackingName.cumulative') }, { value: 'exclusive', label: t('loyalty.rule.stackingName.exclusive') }]}
          />
        </div>
        <div className="form-row">
          {text('validFrom', { type: 'datetime-local' })}
          {text('validUntil', { type: 'datetime-local' })}
        </div>
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <legend className="section-title">{t('loyalty.rule.section.when')}</legend>
        <p className="muted small">{t('loyalty.rule.whenHelp')}</p>
        <div className="form-row">
          {text('minAmount', { inputMode: 'decimal', hint: currency })}
          {text('maxAmount', { inputMode: 'decimal', hint: currency })}
          {text('stores', { hint: t('loyalty.rule.listHint') })}
          {text('channels', { hint: t('loyalty.rule.listHint') })}
        </div>
        <div className={`field${errors.weekdays ? ' field--invalid' : ''}`} role="group" aria-labelledby={weekdayId}>
          <span id={weekdayId} className="field__label">{t('loyalty.ruleField.weekdays')}</span>
          <div className="weekday-row">
            {WEEKDAYS.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox" checked={form.weekdays.includes(d)} data-testid={`loyalty-rule-weekday-${d}`}
                  onChange={(e) => onChange({ weekdays: e.target.checked ? [...form.weekdays, d] : form.weekdays.filter((x) => x !== d) })}
                />
                {t(`loyalty.weekday.${d}`)}
              </label>
            ))}
          </div>
          {errors.weekdays ? <p className="field__error" role="alert">{errors.weekdays}</p> : null}
        </div>
        <div className="form-row">
          {text('timeFrom', { type: 'time' })}
          {text('timeTo', { type: 'time' })}
          {text('joinedFrom', { type: 'date' })}
          {text('joinedTo', { type: 'date' })}
        </div>
        <div className="form-row">
          {check('firstPurchase')}
          {check('birthdayMonth')}
          {text('tags', { hint: t('loyalty.rule.listHint') })}
        </div>
        {tiers.length ? (
          <div className={`field${errors.tierIds ? ' field--invalid' : ''}`} role="group" aria-labelledby={tierId}>
            <span id={tierId} className="field__label">{t('loyalty.ruleField.tierIds')}</span>
            <div className="weekday-row">
              {tiers.map((tier) => (
                <label key={tier.id} className="check">
                  <input
                    type="checkbox" checked={form.tierIds.includes(tier.id)}
                    onChange={(e) => onChange({ tierIds: e.target.checked ? [...form.tierIds, tier.id] : form.tierIds.filter((x) => x !== tier.id) })}
                  />
                  {tier.name}
                </label>
              ))}
            </div>
            {errors.tierIds ? <p className="field__error" role="alert">{errors.tierIds}</p> : null}
          </div>
        ) : null}
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <legend className="section-title">{t('loyalty.rule.section.lines')}</legend>
        <p className="muted small">{t('loyalty.rule.linesHelp')}</p>
        <div className="form-row">
          {text('skus', { hint: t('loyalty.rule.listHint') })}
          {text('categories', { hint: t('loyalty.rule.listHint') })}
          {text('brands', { hint: t('loyalty.rule.listHint') })}
        </div>
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <legend className="section-title">{t('loyalty.rule.section.effect')}</legend>
        <div className="form-row">
          <SelectField
            label={t('loyalty.ruleField.effect')} value={form.effect} error={errors.effect} testId="loyalty-rule-effect"
            onChange={(v) => onChange({ effect: EFFECT_TYPES.find((x) => x === v) ?? 'pointsPerAmount' })}
            options={EFFECT_TYPES.map((e) => ({ value: e, label: t(`loyalty.rule.effectName.${e}`) }))}
          />
          {form.effect !== 'multiplier' ? text('points', { inputMode: 'numeric' }) : null}
          {form.effect === 'pointsPerAmount' ? text('perAmount', { inputMode: 'decimal', hint: t('loyalty.rule.perAmountHint', { currency }) }) : null}
          {form.effect === 'multiplier' ? text('percent', { inputMode: 'numeric', hint: t('loyalty.rule.percentHint') }) : null}
          {form.effect !== 'multiplier' ? (
            <SelectField
              label={t('loyalty.ruleField.scope')} value={form.scope} error={errors.scope} testId="loyalty-rule-scope"
              onChange={(v) => onChange({ scope: v === 'basket' ? 'basket' : 'line' })}
              options={[{ value: 'line', label: t('loyalty.rule.scope.line') }, { value: 'basket', label: t('loyalty.rule.scope.basket') }]}
            />
          ) : null}
        </div>
      </fieldset>

      <fieldset className="form-section" disabled={disabled}>
        <legend className="section-title">{t('loyalty.rule.section.caps')}</legend>
        <div className="form-row">
          {text('capTransaction', { inputMode: 'numeric' })}
          {text('capDay', { inputMode: 'numeric' })}
          {text('capMember', { inputMode: 'numeric' })}
          {text('capMemberDays', { inputMode: 'numeric', hint: t('loyalty.rule.capMemberDaysHint') })}
        </div>
      </fieldset>
    </div>
  );
}
