// Words for a rule's parts, for the rules list and the simulation: effect, conditions, server error codes.
import type { TFunction } from 'i18next';
import type { Formatter } from '../../app/format';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "2 points per 1,00 ₼, per line" / "×2 (multiplier)" / "+50 points per basket". */
export function effectText(t: TFunction, fmt: Formatter, effect: unknown, currency: string): string {
  if (!isObj(effect)) return '—';
  const scope = effect.scope === 'basket' ? t('loyalty.rule.scope.basket') : t('loyalty.rule.scope.line');
  if (effect.type === 'pointsPerAmount' && typeof effect.points === 'number' && typeof effect.perMinor === 'number') {
    return t('loyalty.rule.effectText.pointsPerAmount', { points: fmt.number(effect.points), amount: fmt.money(effect.perMinor, currency), scope });
  }
  if (effect.type === 'multiplier' && typeof effect.percent === 'number') {
    return t('loyalty.rule.effectText.multiplier', { factor: fmt.number(effect.percent / 100) });
  }
  if (effect.type === 'fixedBonus' && typeof effect.points === 'number') {
    return t('loyalty.rule.effectText.fixedBonus', { points: fmt.number(effect.points), scope });
  }
  return '—';
}

/** The condition types a rule uses, in order, for a compact list. */
export function conditionTypes(rule: Obj): string[] {
  const out: string[] = [];
  const walk = (c: unknown) => {
    if (!isObj(c) || typeof c.type !== 'string') return;
    if ((c.type === 'all' || c.type === 'any') && Array.isArray(c.of)) c.of.forEach(walk);
    else if (c.type === 'not') walk(c.of);
    else out.push(c.type);
  };
  walk(rule.when);
  walk(rule.lines);
  return [...new Set(out)];
}

/** "not met: when.of[1] (weekday), when.of[3] (tier)" → ['weekday', 'tier']. */
export function failedTypes(message: string): string[] {
  return [...message.matchAll(/\((\w+)\)/g)].map((m) => m[1] ?? '').filter(Boolean);
}

/** A rule validation error in the UI language; "must be between 1 and 10" keeps its numbers. */
export function ruleErrorText(t: TFunction, e: { code: string; message: string }): string {
  const range = /between (-?\d+) and (-?\d+)/.exec(e.message);
  if (e.code === 'range' && range) return t('loyalty.ruleError.between', { min: range[1], max: range[2] });
  return t(`loyalty.ruleError.${e.code}`, { defaultValue: t(`fieldError.${e.code}`, { defaultValue: e.message }) });
}
