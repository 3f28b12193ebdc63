import { fieldSpec, type SegmentField, type ValueKind } from './definition.ts';
import { inRange, type NumberRange, type PlanPredicate, type SegmentPlan, type TextTest } from './plan.ts';

export interface SegmentError { path: string; code: string; message: string }

export type CompileResult =
  | { ok: true; plan: SegmentPlan; conditions: number }
  | { ok: false; errors: SegmentError[] };

const MAX_DEPTH = 6;
const MAX_CONDITIONS = 60;
const DAY_MS = 86_400_000;

/**
 * A behaviour period as instants [from, to) for raw purchase lines, and as the
 * inclusive UTC calendar days [fromDay, toDay] the per-customer purchase
 * history is kept in: "the last 90 days" counts whole days, today included.
 */
interface Period { from: string; to: string; fromDay: string; toDay: string }
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a segment definition (JSON as received) and compiles it. Every error
 * names the path of the condition at fault, e.g. `conditions[1].conditions[0].value`,
 * so the builder can mark the row. `now` fixes relative periods ("last 30 days").
 */
export function compileSegment(definition: unknown, now: number): CompileResult {
  const errors: SegmentError[] = [];
  let count = 0;
  const fail = (path: string, code: string, message: string) => { errors.push({ path, code, message }); return null; };

  const node = (value: unknown, path: string, depth: number): SegmentPlan | null => {
    const at = (suffix: string) => (path ? `${path}.${suffix}` : suffix);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path || '(root)', 'not_object', 'expected a group or a condition');
    const v = value as Record<string, unknown>;
    if (v.type === 'group') {
      if (depth >= MAX_DEPTH) return fail(path || '(root)', 'too_deep', `groups nest at most ${MAX_DEPTH} deep`);
      if (v.combinator !== 'and' && v.combinator !== 'or') return fail(at('combinator'), 'invalid_combinator', 'use "and" or "or"');
      if (!Array.isArray(v.conditions)) return fail(at('conditions'), 'not_array', 'a group holds a list of conditions');
      const children: SegmentPlan[] = [];
      v.conditions.forEach((c, i) => {
        const child = node(c, at(`conditions[${i}]`), depth + 1);
        if (child) children.push(child);
      });
      return { kind: v.combinator, children };
    }
    if (v.type !== 'condition') return fail(at('type'), 'invalid_type', 'use "group" or "condition"');
    count++;
    const predicate = condition(v, at);
    return predicate ? { kind: 'predicate', predicate } : null;
  };

  const condition = (v: Record<string, unknown>, at: (s: string) => string): PlanPredicate | null => {
    const field = typeof v.field === 'string' ? v.field : '';
    const spec = fieldSpec(field);
    if (!spec) return fail(at('field'), 'unknown_field', `no field "${field}"`);
    const op = typeof v.op === 'string' ? v.op : '';
    const kind: ValueKind | undefined = (spec.ops as Record<string, ValueKind>)[op];
    if (!kind) return fail(at('op'), 'invalid_operator', `${field} takes ${Object.keys(spec.ops).join(', ')}`);
    const value = readValue(v.value, kind, spec, at('value'));
    if (value === undefined) return null;
    let key = '';
    if (spec.needsKey) {
      key = typeof v.key === 'string' ? v.key.trim() : '';
      const channels = ['email', 'sms', 'phone', 'push', 'post'];
      if (spec.needsKey === 'consent' ? !channels.includes(key) : !/^[a-z][a-z0-9_]{0,62}$/.test(key)) {
        return fail(at('key'), 'invalid_key', spec.needsKey === 'consent' ? `a channel: ${channels.join(', ')}` : 'a custom field key');
      }
    }
    let period: Period | null = null;
    if (spec.needsPeriod) {
      period = readPeriod(v.period, at('period'));
      if (!period) return null;
    }
    let withinDays = 0;
    if (spec.needsWithinDays) {
      if (typeof v.withinDays !== 'number' || !Number.isInteger(v.withinDays) || v.withinDays < 0 || v.withinDays > 3660) {
        return fail(at('withinDays'), 'invalid_days', 'a whole number of days, 0–3660');
      }
      withinDays = v.withinDays;
    }
    return predicateOf(field as SegmentField, op, value, key, period, withinDays);
  };

  const readValue = (raw: unknown, kind: ValueKind, spec: { values?: readonly string[]; min?: number; max?: number }, path: string): Value | undefined => {
    const checkNumber = (n: unknown, p: string): number | undefined => {
      if (typeof n !== 'number' || !Number.isFinite(n)) { fail(p, 'not_number', 'a number'); return undefined; }
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        fail(p, 'out_of_range', `between ${spec.min ?? '−∞'} and ${spec.max ?? '∞'}`);
        return undefined;
      }
      return n;
    };
    const checkText = (t: unknown, p: string): string | undefined => {
      if (typeof t === 'number' && spec.min !== undefined) return String(t);
      if (typeof t !== 'string' || t.trim() === '' || t.length > 200) { fail(p, 'not_text', 'a non-empty text up to 200 characters'); return undefined; }
      if (spec.values && !spec.values.includes(t)) { fail(p, 'invalid_value', `one of ${spec.values.join(', ')}`); return undefined; }
      return t;
    };
    switch (kind) {
      case 'none': return null;
      case 'text': return checkText(raw, path);
      case 'number': return checkNumber(raw, path);
      case 'date':
        if (typeof raw !== 'string' || !DATE.test(raw) || Number.isNaN(Date.parse(raw))) { fail(path, 'invalid_date', 'a date YYYY-MM-DD'); return undefined; }
        return raw;
      case 'texts': {
        if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) { fail(path, 'not_list', 'a list of 1–100 values'); return undefined; }
        const out: string[] = [];
        for (let i = 0; i < raw.length; i++) {
          const t = checkText(raw[i], `${path}[${i}]`);
          if (t === undefined) return undefined;
          out.push(t);
        }
        return out;
      }
      case 'range': {
        if (!Array.isArray(raw) || raw.length !== 2) { fail(path, 'not_range', 'two numbers [from, to]'); return undefined; }
        const lo = checkNumber(raw[0], `${path}[0]`);
        const hi = lo === undefined ? undefined : checkNumber(raw[1], `${path}[1]`);
        if (lo === undefined || hi === undefined) return undefined;
        if (lo > hi) { fail(path, 'empty_range', 'the first number must not exceed the second'); return undefined; }
        return [lo, hi] as [number, number];
      }
    }
  };

  const readPeriod = (raw: unknown, path: string): Period | null => {
    if (typeof raw !== 'object' || raw === null) return fail(path, 'period_required', 'a period: {"lastDays": N} or {"from", "to"}');
    const p = raw as Record<string, unknown>;
    if ('lastDays' in p) {
      if (typeof p.lastDays !== 'number' || !Number.isInteger(p.lastDays) || p.lastDays < 1 || p.lastDays > 3660) return fail(`${path}.lastDays`, 'invalid_days', 'a whole number of days, 1–3660');
      const from = new Date(now - p.lastDays * DAY_MS).toISOString();
      return { from, to: new Date(now + 1000).toISOString(), fromDay: from.slice(0, 10), toDay: new Date(now).toISOString().slice(0, 10) };
    }
    if (typeof p.from !== 'string' || !DATE.test(p.from) || Number.isNaN(Date.parse(p.from))) return fail(`${path}.from`, 'invalid_date', 'a date YYYY-MM-DD');
    if (typeof p.to !== 'string' || !DATE.test(p.to) || Number.isNaN(Date.parse(p.to))) return fail(`${path}.to`, 'invalid_date', 'a date YYYY-MM-DD');
    if (p.from > p.to) return fail(`${path}.to`, 'empty_range', 'must not be before from');
    return { from: `${p.from}T00:00:00.000Z`, to: new Date(Date.parse(`${p.to}T00:00:00.000Z`) + DAY_MS).toISOString(), fromDay: p.from, toDay: p.to };
  };

  const predicateOf = (field: SegmentField, op: string, value: Value, key: string, period: Period | null, withinDays: number): PlanPredicate | null => {
    const range = (): NumberRange => rangeOf(op, value);
    const texts = () => (Array.isArray(value) ? value.map(String) : [String(value)]);
    switch (field) {
      case 'profile.kind': case 'profile.language': case 'profile.email': case 'profile.phone':
        return { kind: 'profileText', column: field.slice(8) as 'kind', test: textTest(op, value) };
      case 'profile.birthMonth': {
        const months = op === 'between' && Array.isArray(value) ? monthsBetween(Number(value[0]), Number(value[1])) : texts().map(Number);
        if (months.some((m) => !Number.isInteger(m) || m < 1 || m > 12)) return null;
        return { kind: 'birthMonth', months };
      }
      case 'profile.createdAt':
        return op === 'gte' ? { kind: 'createdAt', from: `${String(value)}T00:00:00.000Z`, to: null }
          : { kind: 'createdAt', from: null, to: new Date(Date.parse(`${String(value)}T00:00:00.000Z`) + DAY_MS).toISOString() };
      case 'customField': return { kind: 'customField', key, test: textTest(op, value) };
      case 'tag': return { kind: 'tag', tag: String(value), negate: op === 'hasNot' };
      case 'consent': return { kind: 'consent', channel: key, negate: op === 'notGranted' };
      case 'loyalty.member': return { kind: 'loyaltyMember', negate: op === 'notExists' };
      case 'loyalty.tier': return { kind: 'loyaltyTier', names: texts(), negate: op === 'notIn' };
      case 'loyalty.balance': { const r = range(); return { kind: 'loyaltyBalance', range: r, zeroMatches: inRange(0, r) }; }
      case 'loyalty.pointsExpiring': {
        const r = range();
        return { kind: 'pointsExpiring', untilDate: new Date(now + withinDays * DAY_MS).toISOString().slice(0, 10), range: r, zeroMatches: inRange(0, r) };
      }
      case 'behaviour.purchases': case 'behaviour.spend': {
        const r = range();
        if (!period) return null;
        return { kind: 'purchases', measure: field === 'behaviour.purchases' ? 'count' : 'spend', fromDay: period.fromDay, toDay: period.toDay, range: r, zeroMatches: inRange(0, r) };
      }
      case 'behaviour.category':
        if (!period) return null;
        return { kind: 'category', categories: texts(), from: period.from, to: period.to, negate: op === 'notIn' };
      case 'behaviour.daysSinceLastPurchase': {
        const r = range();
        const day = (days: number | null) => (days === null ? null : new Date(now - days * DAY_MS).toISOString().slice(0, 10));
        // More days since the last purchase = an earlier last purchase; never bought = infinitely many days.
        return { kind: 'lastPurchase', fromDay: day(r.max), toDay: day(r.min), neverMatches: r.max === null };
      }
      case 'score.rfmSegment': return { kind: 'scoreText', column: 'rfm_segment', values: texts(), negate: op === 'notIn' };
      case 'score.churnBand': return { kind: 'scoreText', column: 'churn_band', values: texts(), negate: op === 'notIn' };
      case 'score.clv': return { kind: 'scoreNumber', column: 'clv_minor', range: range() };
      case 'score.pAlive': return { kind: 'scoreNumber', column: 'p_alive', range: range() };
    }
  };

  const plan = node(definition, '', 0);
  if (errors.length === 0 && count > MAX_CONDITIONS) errors.push({ path: '(root)', code: 'too_many_conditions', message: `at most ${MAX_CONDITIONS} conditions` });
  if (errors.length > 0 || !plan) return { ok: false, errors: errors.length > 0 ? errors : [{ path: '(root)', code: 'invalid', message: 'not a segment' }] };
  return { ok: true, plan, conditions: count };
}

type Value = null | string | number | string[] | [number, number];

function rangeOf(op: string, value: Value): NumberRange {
  if (op === 'between' && Array.isArray(value)) return { min: Number(value[0]), max: Number(value[1]) };
  const n = Number(value);
  return op === 'gte' ? { min: n, max: null } : op === 'lte' ? { min: null, max: n } : { min: n, max: n };
}

function textTest(op: string, value: Value): TextTest {
  if (op === 'in' || op === 'notIn') return { op, values: (value as string[]).map(String) };
  if (op === 'exists' || op === 'notExists') return { op };
  return { op: op as 'eq' | 'neq' | 'contains', value: String(value) };
}

function monthsBetween(a: number, b: number): number[] {
  const out: number[] = [];
  for (let m = a; m <= b; m++) out.push(m);
  return out;
}
