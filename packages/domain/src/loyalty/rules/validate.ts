import { isLocalDate } from '../time.ts';
import type { Condition, EarningCaps, EarningRule, Effect, LineCondition, LineFilter } from './types.ts';

export interface RuleError {
  /** Where the bad field is, e.g. `when.of[1].in` or `effect.perMinor`. */
  readonly path: string;
  readonly code: 'required' | 'type' | 'enum' | 'range' | 'format' | 'unknown_field' | 'empty' | 'too_deep';
  readonly message: string;
}

export type RuleValidation =
  | { readonly ok: true; readonly rule: EarningRule }
  | { readonly ok: false; readonly errors: readonly RuleError[] };

const MAX_DEPTH = 12;
const MAX_LIST = 10_000;
const MAX_POINTS = 1_000_000_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

type Obj = Record<string, unknown>;
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Collects errors while reading an untrusted JSON value into typed fields. */
class Reader {
  readonly errors: RuleError[] = [];
  fail(path: string, code: RuleError['code'], message: string): undefined {
    this.errors.push({ path, code, message });
    return undefined;
  }
  object(v: unknown, path: string, allowed: readonly string[]): Obj | undefined {
    if (!isObj(v)) return this.fail(path, 'type', 'must be an object');
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail(at(path, k), 'unknown_field', `unknown field "${k}"`);
    return v;
  }
  string(o: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined) return required ? this.fail(at(path, key), 'required', 'is required') : undefined;
    if (typeof v !== 'string') return this.fail(at(path, key), 'type', 'must be a string');
    if (required && v.trim() === '') return this.fail(at(path, key), 'empty', 'must not be empty');
    return v;
  }
  int(o: Obj, key: string, path: string, opts: { required?: boolean; min?: number; max?: number }): number | undefined {
    const v = o[key];
    const p = at(path, key);
    if (v === undefined) return opts.required ? this.fail(p, 'required', 'is required') : undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return this.fail(p, 'type', 'must be a whole number');
    const min = opts.min ?? 0;
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    if (v < min || v > max) return this.fail(p, 'range', `must be between ${min} and ${max}`);
    return v;
  }
  stringList(o: Obj, key: string, path: string): string[] | undefined {
    const v = o[key];
    const p = at(path, key);
    if (v === undefined) return this.fail(p, 'required', 'is required');
    if (!Array.isArray(v)) return this.fail(p, 'type', 'must be a list of strings');
    if (v.length === 0) return this.fail(p, 'empty', 'must name at least one value');
    if (v.length > MAX_LIST) return this.fail(p, 'range', `must have at most ${MAX_LIST} values`);
    const out: string[] = [];
    v.forEach((item: unknown, i) => {
      if (typeof item !== 'string' || item === '') this.fail(`${p}[${i}]`, 'type', 'must be a non-empty string');
      else out.push(item);
    });
    return out.length === v.length ? out : undefined;
  }
  enumOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T | undefined {
    const v = o[key];
    const p = at(path, key);
    if (v === undefined) return this.fail(p, 'required', 'is required');
    const found = values.find((x) => x === v);
    return found ?? this.fail(p, 'enum', `must be one of ${values.join(', ')}`);
  }
  /** Optional min/max pair where min ≤ max. */
  bounds(o: Obj, path: string, minKey: string, maxKey: string): { min?: number; max?: number } | undefined {
    const before = this.errors.length;
    const min = this.int(o, minKey, path, {});
    const max = this.int(o, maxKey, path, {});
    if (this.errors.length > before) return undefined;
    if (min === undefined && max === undefined) return this.fail(path, 'required', `needs ${minKey} or ${maxKey}`);
    if (min !== undefined && max !== undefined && min > max) return this.fail(at(path, maxKey), 'range', `must not be below ${minKey}`);
    return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
}

const LINE_TYPES = ['sku', 'category', 'brand', 'lineAmount', 'lineQuantity', 'all', 'any', 'not'] as const;
const CONDITION_TYPES = [
  'purchaseAmount', 'eligibleAmount', 'store', 'channel', 'weekday', 'timeWindow', 'firstPurchase', 'birthdayMonth',
  'tier', 'segment', 'tag', 'joinDate', 'memberDays', 'hasLine', 'all', 'any', 'not',
] as const;

function readLineFilter(r: Reader, v: unknown, path: string, depth: number): LineFilter | undefined {
  if (depth > MAX_DEPTH) return r.fail(path, 'too_deep', `conditions nest at most ${MAX_DEPTH} deep`);
  if (!isObj(v)) return r.fail(path, 'type', 'must be an object');
  const type = r.enumOf(v, 'type', path, LINE_TYPES);
  switch (type) {
    case undefined: return undefined;
    case 'all':
    case 'any': {
      const o = r.object(v, path, ['type', 'of']);
      const list = o?.of;
      if (!Array.isArray(list) || list.length === 0) return r.fail(at(path, 'of'), 'empty', 'must be a non-empty list');
      const of = list.map((c: unknown, i) => readLineFilter(r, c, `${path}.of[${i}]`, depth + 1));
      return of.every((c) => c !== undefined) ? { type, of: of.filter((c) => c !== undefined) } : undefined;
    }
    case 'not': {
      r.object(v, path, ['type', 'of']);
      const of = readLineFilter(r, v.of, at(path, 'of'), depth + 1);
      return of && { type, of };
    }
    default:
      return readLineCondition(r, v, path, type);
  }
}

function readLineCondition(r: Reader, v: Obj, path: string, type: LineCondition['type']): LineCondition | undefined {
  switch (type) {
    case 'sku':
    case 'category':
    case 'brand': {
      r.object(v, path, ['type', 'in']);
      const values = r.stringList(v, 'in', path);
      return values && { type, in: values };
    }
    case 'lineAmount': {
      r.object(v, path, ['type', 'minMinor', 'maxMinor']);
      const b = r.bounds(v, path, 'minMinor', 'maxMinor');
      return b && { type, ...(b.min !== undefined ? { minMinor: b.min } : {}), ...(b.max !== undefined ? { maxMinor: b.max } : {}) };
    }
    case 'lineQuantity': {
      r.object(v, path, ['type', 'min', 'max']);
      const b = r.bounds(v, path, 'min', 'max');
      return b && { type, ...b };
    }
  }
}

function readCondition(r: Reader, v: unknown, path: string, depth: number): Condition | undefined {
  if (depth > MAX_DEPTH) return r.fail(path, 'too_deep', `conditions nest at most ${MAX_DEPTH} deep`);
  if (!isObj(v)) return r.fail(path, 'type', 'must be an object');
  const type = r.enumOf(v, 'type', path, CONDITION_TYPES);
  const keys = (...k: string[]): Obj | undefined => r.object(v, path, ['type', ...k]);
  switch (type) {
    case undefined: return undefined;
    case 'all':
    case 'any': {
      keys('of');
      const list = v.of;
      if (!Array.isArray(list) || list.length === 0) return r.fail(at(path, 'of'), 'empty', 'must be a non-empty list');
      const of = list.map((c: unknown, i) => readCondition(r, c, `${path}.of[${i}]`, depth + 1));
      return of.every((c) => c !== undefined) ? { type, of: of.filter((c) => c !== undefined) } : undefined;
    }
    case 'not': {
      keys('of');
      const of = readCondition(r, v.of, at(path, 'of'), depth + 1);
      return of && { type, of };
    }
    case 'purchaseAmount':
    case 'eligibleAmount': {
      keys('minMinor', 'maxMinor');
      const b = r.bounds(v, path, 'minMinor', 'maxMinor');
      return b && { type, ...(b.min !== undefined ? { minMinor: b.min } : {}), ...(b.max !== undefined ? { maxMinor: b.max } : {}) };
    }
    case 'memberDays': {
      keys('min', 'max');
      const b = r.bounds(v, path, 'min', 'max');
      return b && { type, ...b };
    }
    case 'store':
    case 'channel':
    case 'tier':
    case 'segment':
    case 'tag': {
      keys('in');
      const values = r.stringList(v, 'in', path);
      return values && { type, in: values };
    }
    case 'weekday': {
      keys('in');
      const list = v.in;
      const p = at(path, 'in');
      if (!Array.isArray(list) || list.length === 0) return r.fail(p, 'empty', 'must list at least one weekday (1 = Monday … 7 = Sunday)');
      const days: number[] = [];
      list.forEach((d: unknown, i) => {
        if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 7) r.fail(`${p}[${i}]`, 'range', 'must be a weekday 1 (Monday) to 7 (Sunday)');
        else days.push(d);
      });
      return days.length === list.length ? { type, in: days } : undefined;
    }
    case 'timeWindow': {
      keys('from', 'to');
      const before = r.errors.length;
      const from = r.string(v, 'from', path, true);
      const to = r.string(v, 'to', path, true);
      if (from !== undefined && !TIME.test(from)) r.fail(at(path, 'from'), 'format', 'must be a time HH:MM');
      if (to !== undefined && !TIME.test(to)) r.fail(at(path, 'to'), 'format', 'must be a time HH:MM');
      if (from !== undefined && from === to) r.fail(at(path, 'to'), 'range', 'must differ from "from"');
      return r.errors.length === before && from !== undefined && to !== undefined ? { type, from, to } : undefined;
    }
    case 'firstPurchase':
    case 'birthdayMonth':
      keys();
      return { type };
    case 'joinDate': {
      keys('from', 'to');
      const before = r.errors.length;
      const from = r.string(v, 'from', path, false);
      const to = r.string(v, 'to', path, false);
      if (from !== undefined && !isLocalDate(from)) r.fail(at(path, 'from'), 'format', 'must be a date YYYY-MM-DD');
      if (to !== undefined && !isLocalDate(to)) r.fail(at(path, 'to'), 'format', 'must be a date YYYY-MM-DD');
      if (from === undefined && to === undefined) r.fail(path, 'required', 'needs from or to');
      if (from !== undefined && to !== undefined && from > to) r.fail(at(path, 'to'), 'range', 'must not be before "from"');
      if (r.errors.length > before) return undefined;
      return { type, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    }
    case 'hasLine': {
      keys('line');
      const line = readLineFilter(r, v.line, at(path, 'line'), depth + 1);
      return line && { type, line };
    }
  }
}

function readEffect(r: Reader, v: unknown, path: string): Effect | undefined {
  if (!isObj(v)) return r.fail(path, 'type', 'must be an object');
  const type = r.enumOf(v, 'type', path, ['pointsPerAmount', 'multiplier', 'fixedBonus'] as const);
  const before = r.errors.length;
  switch (type) {
    case undefined: return undefined;
    case 'pointsPerAmount': {
      r.object(v, path, ['type', 'points', 'perMinor', 'scope']);
      const points = r.int(v, 'points', path, { required: true, min: 1, max: MAX_POINTS });
      const perMinor = r.int(v, 'perMinor', path, { required: true, min: 1, max: 1_000_000_000 });
      const scope = r.enumOf(v, 'scope', path, ['line', 'basket'] as const);
      return r.errors.length === before && points !== undefined && perMinor !== undefined && scope ? { type, points, perMinor, scope } : undefined;
    }
    case 'multiplier': {
      r.object(v, path, ['type', 'percent']);
      // 100 % would add nothing; 10000 % (×100) is already absurd for a programme.
      const percent = r.int(v, 'percent', path, { required: true, min: 101, max: 10_000 });
      return r.errors.length === before && percent !== undefined ? { type, percent } : undefined;
    }
    case 'fixedBonus': {
      r.object(v, path, ['type', 'points', 'scope']);
      const points = r.int(v, 'points', path, { required: true, min: 1, max: MAX_POINTS });
      const scope = r.enumOf(v, 'scope', path, ['line', 'basket'] as const);
      return r.errors.length === before && points !== undefined && scope ? { type, points, scope } : undefined;
    }
  }
}

function readCaps(r: Reader, v: unknown, path: string): EarningCaps | undefined {
  const o = r.object(v, path, ['perTransaction', 'perDay', 'perMember']);
  if (!o) return undefined;
  const before = r.errors.length;
  const perTransaction = r.int(o, 'perTransaction', path, { min: 1, max: MAX_POINTS });
  const perDay = r.int(o, 'perDay', path, { min: 1, max: MAX_POINTS });
  let perMember: EarningCaps['perMember'];
  if (o.perMember !== undefined) {
    const mp = at(path, 'perMember');
    const m = r.object(o.perMember, mp, ['points', 'periodDays']);
    if (m) {
      const points = r.int(m, 'points', mp, { required: true, min: 1, max: MAX_POINTS });
      let periodDays: number | null | undefined = null;
      if (m.periodDays !== null) periodDays = r.int(m, 'periodDays', mp, { required: true, min: 1, max: 36_600 });
      if (points !== undefined && periodDays !== undefined) perMember = { points, periodDays };
    }
  }
  if (r.errors.length > before) return undefined;
  return {
    ...(perTransaction !== undefined ? { perTransaction } : {}),
    ...(perDay !== undefined ? { perDay } : {}),
    ...(perMember !== undefined ? { perMember } : {}),
  };
}

/**
 * Checks an untrusted JSON value against the rule language and returns either the
 * typed rule or every problem found, each naming the path of the bad field.
 */
export function validateEarningRule(json: unknown): RuleValidation {
  const r = new Reader();
  const o = r.object(json, '', ['id', 'name', 'priority', 'stacking', 'validFrom', 'validUntil', 'when', 'lines', 'effect', 'caps']);
  if (!o) return { ok: false, errors: r.errors };
  const id = r.string(o, 'id', '', true);
  const name = r.string(o, 'name', '', true);
  const priority = r.int(o, 'priority', '', { required: true, min: -1_000_000, max: 1_000_000 });
  const stacking = r.enumOf(o, 'stacking', '', ['exclusive', 'cumulative'] as const);
  const validFrom = r.string(o, 'validFrom', '', false);
  const validUntil = r.string(o, 'validUntil', '', false);
  for (const [key, value] of [['validFrom', validFrom], ['validUntil', validUntil]] as const) {
    if (value !== undefined && (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value)))) {
      r.fail(key, 'format', 'must be an ISO 8601 date-time with a time zone, e.g. 2025-03-01T00:00:00+04:00');
    }
  }
  if (validFrom !== undefined && validUntil !== undefined && Date.parse(validFrom) >= Date.parse(validUntil)) {
    r.fail('validUntil', 'range', 'must be after validFrom');
  }
  const when = o.when === undefined ? undefined : readCondition(r, o.when, 'when', 0);
  const lines = o.lines === undefined ? undefined : readLineFilter(r, o.lines, 'lines', 0);
  const effect = o.effect === undefined ? r.fail('effect', 'required', 'is required') : readEffect(r, o.effect, 'effect');
  const caps = o.caps === undefined ? undefined : readCaps(r, o.caps, 'caps');
  if (r.errors.length > 0 || id === undefined || name === undefined || priority === undefined || !stacking || !effect) {
    return { ok: false, errors: r.errors };
  }
  return {
    ok: true,
    rule: {
      id, name, priority, stacking, effect,
      ...(validFrom !== undefined ? { validFrom } : {}),
      ...(validUntil !== undefined ? { validUntil } : {}),
      ...(when !== undefined ? { when } : {}),
      ...(lines !== undefined ? { lines } : {}),
      ...(caps !== undefined ? { caps } : {}),
    },
  };
}
