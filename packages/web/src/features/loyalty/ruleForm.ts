// The earning-rule form and the rule JSON (the domain's rule language) are two views of one rule.
// formToRule builds the JSON and remembers which form field made which JSON path, so a server error
// on "rule.when.of[2].in" lands beside the weekday boxes; ruleToForm reads JSON back when the form can
// show all of it, and says "advanced" when it cannot (nested any/not, segments…), leaving the JSON view.

export type Stacking = 'cumulative' | 'exclusive';
export type EffectType = 'pointsPerAmount' | 'multiplier' | 'fixedBonus';
export type Scope = 'line' | 'basket';

export interface RuleForm {
  name: string;
  priority: string;
  stacking: Stacking;
  /** `YYYY-MM-DDTHH:MM` in the browser's time zone, as a datetime-local input gives it; '' = open. */
  validFrom: string;
  validUntil: string;
  // conditions on the purchase and the member (all must hold)
  minAmount: string;
  maxAmount: string;
  stores: string;
  channels: string;
  weekdays: number[];
  timeFrom: string;
  timeTo: string;
  firstPurchase: boolean;
  birthdayMonth: boolean;
  tierIds: string[];
  tags: string;
  joinedFrom: string;
  joinedTo: string;
  // which lines earn (all given filters must hold)
  skus: string;
  categories: string;
  brands: string;
  // what it gives
  effect: EffectType;
  points: string;
  perAmount: string;
  percent: string;
  scope: Scope;
  // caps
  capTransaction: string;
  capDay: string;
  capMember: string;
  capMemberDays: string;
}

export type RuleField = keyof RuleForm;
export type RuleJson = Record<string, unknown>;

export const EMPTY_RULE_FORM: RuleForm = {
  name: '', priority: '0', stacking: 'cumulative', validFrom: '', validUntil: '',
  minAmount: '', maxAmount: '', stores: '', channels: '', weekdays: [], timeFrom: '', timeTo: '',
  firstPurchase: false, birthdayMonth: false, tierIds: [], tags: '', joinedFrom: '', joinedTo: '',
  skus: '', categories: '', brands: '',
  effect: 'pointsPerAmount', points: '1', perAmount: '1', percent: '200', scope: 'line',
  capTransaction: '', capDay: '', capMember: '', capMemberDays: '',
};

/** A client-side problem with one field, as a stable code the locales name. */
export type FormProblem = 'required' | 'whole_number' | 'amount';

export interface BuiltRule {
  rule: RuleJson;
  /** JSON path (without "rule.") → the form field that produced it. */
  paths: Record<string, RuleField>;
  problems: Partial<Record<RuleField, FormProblem>>;
}

/** Splits "a, b ,c" into ['a', 'b', 'c']. */
export function listOf(text: string): string[] {
  return text.split(/[,\n;]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * "12.5" with 2 decimals → 1250 minor units, by string arithmetic (no floating point).
 * Accepts a comma as the decimal mark (az, tr). null when it is not an amount.
 */
export function parseAmount(text: string, digits: number): number | null {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const n = Number(m[1] + frac.padEnd(digits, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

/** 1250 minor units with 2 decimals → "12.5" (trailing zeros dropped), for the form. */
export function formatAmount(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = s.slice(0, -digits);
  const frac = s.slice(-digits).replace(/0+$/, '');
  return `${minor < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

function parseWhole(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** datetime-local value (browser time) → ISO instant; ISO instant → datetime-local value. */
export function localToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formToRule(form: RuleForm, digits: number): BuiltRule {
  const problems: BuiltRule['problems'] = {};
  const paths: Record<string, RuleField> = {};
  const whole = (field: RuleField, text: string, required: boolean): number | undefined => {
    if (!text.trim()) {
      if (required) problems[field] = 'required';
      return undefined;
    }
    const n = parseWhole(text);
    if (n === null) problems[field] = 'whole_number';
    return n ?? undefined;
  };
  const amount = (field: RuleField, text: string, required = false): number | undefined => {
    if (!text.trim()) {
      if (required) problems[field] = 'required';
      return undefined;
    }
    const n = parseAmount(text, digits);
    if (n === null) problems[field] = 'amount';
    return n ?? undefined;
  };

  const rule: RuleJson = { name: form.name.trim() };
  paths.name = 'name';
  if (!form.name.trim()) problems.name = 'required';
  rule.priority = whole('priority', form.priority, true) ?? 0;
  paths.priority = 'priority';
  rule.stacking = form.stacking;
  paths.stacking = 'stacking';
  for (const key of ['validFrom', 'validUntil'] as const) {
    if (!form[key]) continue;
    const iso = localToIso(form[key]);
    if (iso) rule[key] = iso;
    else problems[key] = 'required';
    paths[key] = key;
  }

  // Purchase and member conditions: each one becomes an element of when.of (or when itself, alone).
  const conditions: { json: RuleJson; field: RuleField }[] = [];
  const min = amount('minAmount', form.minAmount);
  const max = amount('maxAmount', form.maxAmount);
  if (min !== undefined || max !== undefined) {
    conditions.push({ json: { type: 'purchaseAmount', ...(min !== undefined ? { minMinor: min } : {}), ...(max !== undefined ? { maxMinor: max } : {}) }, field: min !== undefined ? 'minAmount' : 'maxAmount' });
  }
  if (listOf(form.stores).length) conditions.push({ json: { type: 'store', in: listOf(form.stores) }, field: 'stores' });
  if (listOf(form.channels).length) conditions.push({ json: { type: 'channel', in: listOf(form.channels) }, field: 'channels' });
  if (form.weekdays.length) conditions.push({ json: { type: 'weekday', in: [...form.weekdays].sort((a, b) => a - b) }, field: 'weekdays' });
  if (form.timeFrom || form.timeTo) conditions.push({ json: { type: 'timeWindow', from: form.timeFrom, to: form.timeTo }, field: form.timeFrom ? 'timeTo' : 'timeFrom' });
  if (form.firstPurchase) conditions.push({ json: { type: 'firstPurchase' }, field: 'firstPurchase' });
  if (form.birthdayMonth) conditions.push({ json: { type: 'birthdayMonth' }, field: 'birthdayMonth' });
  if (form.tierIds.length) conditions.push({ json: { type: 'tier', in: [...form.tierIds] }, field: 'tierIds' });
  if (listOf(form.tags).length) conditions.push({ json: { type: 'tag', in: listOf(form.tags) }, field: 'tags' });
  if (form.joinedFrom || form.joinedTo) {
    conditions.push({ json: { type: 'joinDate', ...(form.joinedFrom ? { from: form.joinedFrom } : {}), ...(form.joinedTo ? { to: form.joinedTo } : {}) }, field: form.joinedTo ? 'joinedTo' : 'joinedFrom' });
  }
  if (conditions.length === 1) {
    rule.when = conditions[0]?.json;
    paths.when = conditions[0]?.field ?? 'name';
  } else if (conditions.length > 1) {
    rule.when = { type: 'all', of: conditions.map((c) => c.json) };
    conditions.forEach((c, i) => { paths[`when.of[${i}]`] = c.field; });
  }
  // Finer paths where one condition is fed by two fields.
  for (const [path, field] of Object.entries(paths)) {
    if (field === 'minAmount' || field === 'maxAmount') { paths[`${path}.minMinor`] = 'minAmount'; paths[`${path}.maxMinor`] = 'maxAmount'; }
    if (field === 'timeFrom' || field === 'timeTo') { paths[`${path}.from`] = 'timeFrom'; paths[`${path}.to`] = 'timeTo'; }
    if (field === 'joinedFrom' || field === 'joinedTo') { paths[`${path}.from`] = 'joinedFrom'; paths[`${path}.to`] = 'joinedTo'; }
  }

  const lineFilters: { json: RuleJson; field: RuleField }[] = [];
  for (const [type, field] of [['sku', 'skus'], ['category', 'categories'], ['brand', 'brands']] as const) {
    const values = listOf(form[field]);
    if (values.length) lineFilters.push({ json: { type, in: values }, field });
  }
  if (lineFilters.length === 1) {
    rule.lines = lineFilters[0]?.json;
    paths.lines = lineFilters[0]?.field ?? 'skus';
  } else if (lineFilters.length > 1) {
    rule.lines = { type: 'all', of: lineFilters.map((c) => c.json) };
    lineFilters.forEach((c, i) => { paths[`lines.of[${i}]`] = c.field; });
  }

  if (form.effect === 'pointsPerAmount') {
    rule.effect = { type: 'pointsPerAmount', points: whole('points', form.points, true) ?? 0, perMinor: amount('perAmount', form.perAmount, true) ?? 0, scope: form.scope };
    Object.assign(paths, { 'effect.points': 'points', 'effect.perMinor': 'perAmount', 'effect.scope': 'scope' });
  } else if (form.effect === 'multiplier') {
    rule.effect = { type: 'multiplier', percent: whole('percent', form.percent, true) ?? 0 };
    paths['effect.percent'] = 'percent';
  } else {
    rule.effect = { type: 'fixedBonus', points: whole('points', form.points, true) ?? 0, scope: form.scope };
    Object.assign(paths, { 'effect.points': 'points', 'effect.scope': 'scope' });
  }
  paths.effect = 'effect';

  const caps: RuleJson = {};
  const perTransaction = whole('capTransaction', form.capTransaction, false);
  const perDay = whole('capDay', form.capDay, false);
  const perMember = whole('capMember', form.capMember, false);
  const periodDays = whole('capMemberDays', form.capMemberDays, false);
  if (perTransaction !== undefined) caps.perTransaction = perTransaction;
  if (perDay !== undefined) caps.perDay = perDay;
  if (perMember !== undefined) caps.perMember = { points: perMember, periodDays: periodDays ?? null };
  if (Object.keys(caps).length) rule.caps = caps;
  Object.assign(paths, {
    'caps.perTransaction': 'capTransaction', 'caps.perDay': 'capDay', 'caps.perMember': 'capMember',
    'caps.perMember.points': 'capMember', 'caps.perMember.periodDays': 'capMemberDays',
  });
  return { rule, paths, problems };
}

/**
 * The form field a server error belongs to: "rule.when.of[2].in[0]" → the field that made
 * when.of[2]. Longest known path prefix wins; undefined when no field made it.
 */
export function fieldOfPath(path: string, paths: Record<string, RuleField>): RuleField | undefined {
  let p = path.replace(/^rule\.?/, '');
  while (p) {
    const hit = paths[p];
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
  return undefined;
}

// ---------------------------------------------------------------- JSON → form

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null);
const keysWithin = (o: Obj, allowed: string[]) => Object.keys(o).every((k) => allowed.includes(k));

/**
 * Reads rule JSON into the form. `advanced` lists what the form cannot show (the JSON view
 * still can); the form is only offered when the list is empty, so nothing is lost by editing.
 */
export function ruleToForm(json: RuleJson, digits: number): { form: RuleForm; advanced: string[] } {
  const form: RuleForm = { ...EMPTY_RULE_FORM, weekdays: [], tierIds: [] };
  const advanced: string[] = [];
  const known = ['id', 'name', 'priority', 'stacking', 'validFrom', 'validUntil', 'when', 'lines', 'effect', 'caps'];
  for (const k of Object.keys(json)) if (!known.includes(k)) advanced.push(k);
  form.name = typeof json.name === 'string' ? json.name : '';
  form.priority = typeof json.priority === 'number' ? String(json.priority) : '0';
  form.stacking = json.stacking === 'exclusive' ? 'exclusive' : 'cumulative';
  if (typeof json.validFrom === 'string') form.validFrom = isoToLocal(json.validFrom);
  if (typeof json.validUntil === 'string') form.validUntil = isoToLocal(json.validUntil);

  if (json.when !== undefined) {
    const list = isObj(json.when) && json.when.type === 'all' && Array.isArray(json.when.of) ? json.when.of : [json.when];
    const seen = new Set<string>();
    for (const c of list) {
      if (!isObj(c) || typeof c.type !== 'string' || seen.has(c.type)) { advanced.push('when'); continue; }
      seen.add(c.type);
      if (!readCondition(c, form, digits)) advanced.push(`when:${c.type}`);
    }
  }
  if (json.lines !== undefined) {
    const list = isObj(json.lines) && json.lines.type === 'all' && Array.isArray(json.lines.of) ? json.lines.of : [json.lines];
    const seen = new Set<string>();
    for (const c of list) {
      const values = isObj(c) ? strings(c.in) : null;
      const field = isObj(c) ? ({ sku: 'skus', category: 'categories', brand: 'brands' } as const)[String(c.type) as 'sku'] : undefined;
      if (!isObj(c) || !values || !field || seen.has(field) || !keysWithin(c, ['type', 'in'])) { advanced.push(`lines:${isObj(c) ? String(c.type) : '?'}`); continue; }
      seen.add(field);
      form[field] = values.join(', ');
    }
  }
  const e = json.effect;
  if (isObj(e) && e.type === 'pointsPerAmount' && typeof e.points === 'number' && typeof e.perMinor === 'number') {
    Object.assign(form, { effect: 'pointsPerAmount', points: String(e.points), perAmount: formatAmount(e.perMinor, digits), scope: e.scope === 'basket' ? 'basket' : 'line' });
  } else if (isObj(e) && e.type === 'multiplier' && typeof e.percent === 'number') {
    Object.assign(form, { effect: 'multiplier', percent: String(e.percent) });
  } else if (isObj(e) && e.type === 'fixedBonus' && typeof e.points === 'number') {
    Object.assign(form, { effect: 'fixedBonus', points: String(e.points), scope: e.scope === 'line' ? 'line' : 'basket' });
  } else {
    advanced.push('effect');
  }
  if (isObj(json.caps)) {
    const c = json.caps;
    if (typeof c.perTransaction === 'number') form.capTransaction = String(c.perTransaction);
    if (typeof c.perDay === 'number') form.capDay = String(c.perDay);
    if (isObj(c.perMember) && typeof c.perMember.points === 'number') {
      form.capMember = String(c.perMember.points);
      form.capMemberDays = typeof c.perMember.periodDays === 'number' ? String(c.perMember.periodDays) : '';
    }
  } else if (json.caps !== undefined) {
    advanced.push('caps');
  }
  return { form, advanced };
}

function readCondition(c: Obj, form: RuleForm, digits: number): boolean {
  switch (c.type) {
    case 'purchaseAmount':
      if (!keysWithin(c, ['type', 'minMinor', 'maxMinor'])) return false;
      if (typeof c.minMinor === 'number') form.minAmount = formatAmount(c.minMinor, digits);
      if (typeof c.maxMinor === 'number') form.maxAmount = formatAmount(c.maxMinor, digits);
      return true;
    case 'store':
    case 'channel':
    case 'tag': {
      const values = strings(c.in);
      if (!values || !keysWithin(c, ['type', 'in'])) return false;
      form[c.type === 'store' ? 'stores' : c.type === 'channel' ? 'channels' : 'tags'] = values.join(', ');
      return true;
    }
    case 'tier': {
      const values = strings(c.in);
      if (!values || !keysWithin(c, ['type', 'in'])) return false;
      form.tierIds = values;
      return true;
    }
    case 'weekday':
      if (!Array.isArray(c.in) || !c.in.every((d) => typeof d === 'number') || !keysWithin(c, ['type', 'in'])) return false;
      form.weekdays = c.in as number[];
      return true;
    case 'timeWindow':
      if (typeof c.from !== 'string' || typeof c.to !== 'string' || !keysWithin(c, ['type', 'from', 'to'])) return false;
      form.timeFrom = c.from;
      form.timeTo = c.to;
      return true;
    case 'firstPurchase':
      form.firstPurchase = true;
      return keysWithin(c, ['type']);
    case 'birthdayMonth':
      form.birthdayMonth = true;
      return keysWithin(c, ['type']);
    case 'joinDate':
      if (!keysWithin(c, ['type', 'from', 'to'])) return false;
      if (typeof c.from === 'string') form.joinedFrom = c.from;
      if (typeof c.to === 'string') form.joinedTo = c.to;
      return true;
    default:
      return false;
  }
}
