// Coupons: one fixed code or a bulk batch of unguessable codes (shown once, downloadable as CSV),
// a check whether a code may be used now (and every reason it may not), and the codes issued.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyDigits } from '../../app/format';
import { useFormat, useMe } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading, Notice, SelectField, TextField, useToast } from '../../app/ui';
import { Icon } from '../../app/icons';
import { downloadCsv, toCsv } from '../analytics/csv';
import { Segmented } from '../analytics/parts';
import { useCheckCoupon, useCoupons, useGenerateCoupons } from './api';
import { useProgramme } from './programme';
import { serverFieldErrors } from './parts';
import { localToIso, parseAmount } from './ruleForm';
import { COUPON_BENEFITS, type Coupon, type CouponBatchResult, type CouponGenerate, type Programme } from './types';

export function CouponsPage() {
  const { can } = useMe();
  const { programme } = useProgramme();
  const [generated, setGenerated] = useState<{ name: string; result: CouponBatchResult } | null>(null);
  if (!programme) return null;
  return (
    <div className="stack">
      {can('loyalty:manage') ? (
        <div className="analytics-grid">
          <GenerateForm programme={programme} onDone={(name, result) => setGenerated({ name, result })} />
          <CheckForm programme={programme} />
        </div>
      ) : null}
      {generated ? <GeneratedCodes name={generated.name} result={generated.result} onClose={() => setGenerated(null)} /> : null}
      <CouponList programme={programme} />
    </div>
  );
}

function benefitText(t: ReturnType<typeof useTranslation>['t'], fmt: ReturnType<typeof useFormat>, b: Coupon['benefit'], currency: string) {
  if (b.kind === 'percentOff') return t('loyalty.coupon.benefitText.percentOff', { n: b.value });
  if (b.kind === 'amountOff') return t('loyalty.coupon.benefitText.amountOff', { amount: fmt.money(b.value, currency) });
  return t('loyalty.coupon.benefitText.bonusPoints', { n: fmt.number(b.value) });
}

function GenerateForm({ programme, onDone }: { programme: Programme; onDone: (name: string, r: CouponBatchResult) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const gen = useGenerateCoupons();
  const digits = currencyDigits(programme.currency);
  const [mode, setMode] = useState<'single' | 'bulk'>('bulk');
  const [d, setD] = useState({
    name: '', code: '', count: '100', prefix: '', kind: 'percentOff' as Coupon['benefit']['kind'], value: '10',
    maxUses: '1', maxUsesPerMember: '', validFrom: '', validUntil: '', minAmount: '',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = serverFieldErrors(t, gen.error);
  const err = (k: string) => local[k] ?? server[k];
  const set = (k: keyof typeof d) => (v: string) => setD((x) => ({ ...x, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    const int = (key: string, v: string, optional: boolean): number | null => {
      if (optional && !v.trim()) return null;
      if (!/^\d+$/.test(v.trim())) { bad[key] = t(v.trim() ? 'loyalty.formProblem.whole_number' : 'loyalty.formProblem.required'); return null; }
      return Number(v);
    };
    const value = d.kind === 'amountOff' ? parseAmount(d.value, digits) : int('benefit.value', d.value, false);
    if (value === null) bad['benefit.value'] = t('loyalty.formProblem.amount');
    const min = d.minAmount.trim() ? parseAmount(d.minAmount, digits) : undefined;
    if (min === null) bad['conditions.minAmountMinor'] = t('loyalty.formProblem.amount');
    const body: CouponGenerate = {
      programmeId: programme.id, name: d.name.trim(), benefit: { kind: d.kind, value: value ?? 0 },
      maxUses: int('maxUses', d.maxUses, true), maxUsesPerMember: int('maxUsesPerMember', d.maxUsesPerMember, true),
      conditions: min !== undefined && min !== null ? { minAmountMinor: min } : {},
      ...(mode === 'single' ? { count: 1, code: d.code.trim() } : { count: int('count', d.count, false) ?? 1, ...(d.prefix.trim() ? { prefix: d.prefix.trim() } : {}) }),
      ...(d.validFrom ? { validFrom: localToIso(d.validFrom) ?? '' } : {}),
      ...(d.validUntil ? { validUntil: localToIso(d.validUntil) ?? '' } : {}),
    };
    if (!body.name) bad.name = t('loyalty.formProblem.required');
    if (mode === 'single' && !d.code.trim()) bad.code = t('loyalty.formProblem.required');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    gen.mutate(body, { onSuccess: (r) => { toast(t('loyalty.coupon.generated', { n: r.count })); onDone(body.name, r); } });
  };
  return (
    <form className="card form stack" onSubmit={submit} noValidate data-testid="loyalty-coupon-form" aria-labelledby="coupon-form-title">
      <h2 id="coupon-form-title" className="card__title">{t('loyalty.coupon.generateTitle')}</h2>
      <Segmented value={mode} onChange={setMode} label={t('loyalty.coupon.mode')} options={[{ value: 'bulk', label: t('loyalty.coupon.bulk') }, { value: 'single', label: t('loyalty.coupon.single') }]} testId="loyalty-coupon-mode" />
      <div className="form-row">
        <TextField label={t('loyalty.coupon.name')} value={d.name} onChange={set('name')} error={err('name')} required testId="loyalty-coupon-name" />
        {mode === 'single' ? (
          <TextField label={t('loyalty.coupon.code')} value={d.code} onChange={set('code')} error={err('code')} hint={t('loyalty.coupon.codeHint')} required />
        ) : (
          <>
            <TextField label={t('loyalty.coupon.count')} value={d.count} onChange={set('count')} error={err('count')} inputMode="numeric" testId="loyalty-coupon-count" />
            <TextField label={t('loyalty.coupon.prefix')} value={d.prefix} onChange={set('prefix')} error={err('prefix')} maxLength={10} />
          </>
        )}
      </div>
      <div className="form-row">
        <SelectField label={t('loyalty.coupon.benefit')} value={d.kind} onChange={(v) => setD((x) => ({ ...x, kind: COUPON_BENEFITS.find((k) => k === v) ?? 'percentOff' }))} options={COUPON_BENEFITS.map((k) => ({ value: k, label: t(`loyalty.coupon.benefitName.${k}`) }))} />
        <TextField label={d.kind === 'amountOff' ? t('loyalty.coupon.valueAmount', { currency: programme.currency }) : d.kind === 'percentOff' ? t('loyalty.coupon.valuePercent') : t('loyalty.coupon.valuePoints')} value={d.value} onChange={set('value')} error={err('benefit.value')} inputMode="decimal" />
        <TextField label={t('loyalty.coupon.minAmount', { currency: programme.currency })} value={d.minAmount} onChange={set('minAmount')} error={err('conditions.minAmountMinor')} inputMode="decimal" />
      </div>
      <div className="form-row">
        <TextField label={t('loyalty.coupon.maxUses')} value={d.maxUses} onChange={set('maxUses')} error={err('maxUses')} hint={t('loyalty.reward.blankUnlimited')} inputMode="numeric" />
        <TextField label={t('loyalty.coupon.maxUsesPerMember')} value={d.maxUsesPerMember} onChange={set('maxUsesPerMember')} error={err('maxUsesPerMember')} hint={t('loyalty.reward.blankUnlimited')} inputMode="numeric" />
        <TextField label={t('loyalty.coupon.validFrom')} type="datetime-local" value={d.validFrom} onChange={set('validFrom')} error={err('validFrom')} />
        <TextField label={t('loyalty.coupon.validUntil')} type="datetime-local" value={d.validUntil} onChange={set('validUntil')} error={err('validUntil')} />
      </div>
      {gen.isError && !Object.keys(server).length ? <ErrorNotice error={gen.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={gen.isPending} data-testid="loyalty-coupon-generate">{gen.isPending ? t('loyalty.coupon.generating') : t('loyalty.coupon.generate')}</button>
      </div>
    </form>
  );
}

function GeneratedCodes({ name, result, onClose }: { name: string; result: CouponBatchResult; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const download = () => downloadCsv(`vefa-coupons-${result.batchId.slice(0, 8)}.csv`, toCsv([['code', 'name', 'batch_id'], ...result.codes.map((c) => [c, name, result.batchId])]));
  return (
    <section className="card secret" aria-labelledby="codes-title" data-testid="loyalty-coupon-codes">
      <div className="card__head">
        <div>
          <h2 id="codes-title" className="card__title">{t('loyalty.coupon.codesTitle', { n: fmt.number(result.count) })}</h2>
          <Notice kind="warning">{t('loyalty.coupon.codesOnce')}</Notice>
        </div>
        <div className="analytics-actions">
          <button type="button" className="btn btn--primary btn--sm" onClick={download} data-testid="loyalty-coupon-download"><Icon name="download" size={16} /> {t('loyalty.coupon.download')}</button>
          <button type="button" className="icon-btn" onClick={onClose} aria-label={t('loyalty.coupon.closeCodes')}><Icon name="close" /></button>
        </div>
      </div>
      <ul className="code-grid mono">{result.codes.slice(0, 200).map((c) => <li key={c}>{c}</li>)}</ul>
      {result.codes.length > 200 ? <p className="muted small">{t('loyalty.coupon.moreInCsv', { n: fmt.number(result.codes.length - 200) })}</p> : null}
    </section>
  );
}

function CheckForm({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const check = useCheckCoupon();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const [bad, setBad] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minor = amount.trim() ? parseAmount(amount, currencyDigits(programme.currency)) : undefined;
    if (minor === null) { setBad(t('loyalty.formProblem.amount')); return; }
    setBad(undefined);
    check.mutate({ code: code.trim(), ...(minor !== undefined ? { purchase: { lines: [{ id: '1', sku: 'CHECK', quantity: 1, unitPriceMinor: minor }] } } : {}) });
  };
  const r = check.data;
  const server = serverFieldErrors(t, check.error);
  return (
    <form className="card form stack" onSubmit={submit} noValidate aria-labelledby="check-title" data-testid="loyalty-coupon-check">
      <div>
        <h2 id="check-title" className="card__title">{t('loyalty.coupon.checkTitle')}</h2>
        <p className="muted small">{t('loyalty.coupon.checkHelp')}</p>
      </div>
      <div className="form-row">
        <TextField label={t('loyalty.coupon.code')} value={code} onChange={setCode} error={server.code} required testId="loyalty-coupon-check-code" />
        <TextField label={t('loyalty.coupon.basket', { currency: programme.currency })} value={amount} onChange={setAmount} error={bad} inputMode="decimal" />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn--ghost" disabled={check.isPending || code.trim().length < 4} data-testid="loyalty-coupon-check-run">{t('loyalty.coupon.check')}</button>
      </div>
      {check.isError && !Object.keys(server).length ? <ErrorNotice error={check.error} /> : null}
      {r ? (
        r.ok ? (
          <Notice kind="success"><span data-testid="loyalty-coupon-check-ok">{t('loyalty.coupon.validResult', { benefit: r.benefit ? benefitText(t, fmt, r.benefit, programme.currency) : '' })}</span></Notice>
        ) : (
          <div className="notice notice--error" role="alert" data-testid="loyalty-coupon-check-refused">
            <strong>{t('loyalty.coupon.invalid')}</strong>
            <ul className="plain-list">{r.refusals.map((x) => <li key={x.code}>{t(`loyalty.coupon.refusal.${x.code}`, { defaultValue: x.message })}</li>)}</ul>
          </div>
        )
      ) : null}
    </form>
  );
}

function CouponList({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useCoupons();
  const items = q.data?.items ?? [];
  return (
    <section className="card card--flush" aria-labelledby="coupons-title">
      <div className="card__head card__pad">
        <div>
          <h2 id="coupons-title" className="card__title">{t('loyalty.coupon.listTitle')} <span className="count">{fmt.number(items.length)}</span></h2>
          <p className="muted small">{t('loyalty.coupon.listHelp')}</p>
        </div>
      </div>
      {q.isPending ? <Loading /> : q.isError ? <ErrorNotice error={q.error} /> : items.length ? (
        <div className="table-wrap table-wrap--scroll">
          <table className="table table--compact" data-testid="loyalty-coupons">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.coupon.code')}</th>
                <th scope="col">{t('loyalty.coupon.name')}</th>
                <th scope="col">{t('loyalty.coupon.benefit')}</th>
                <th scope="col" className="num">{t('loyalty.coupon.uses')}</th>
                <th scope="col">{t('loyalty.coupon.valid')}</th>
                <th scope="col">{t('loyalty.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td className="mono">{c.code}</td>
                  <td>{c.name}</td>
                  <td>{benefitText(t, fmt, c.benefit, programme.currency)}</td>
                  <td className="num">{c.maxUses === null ? fmt.number(c.uses) : t('loyalty.coupon.usesOf', { n: fmt.number(c.uses), max: fmt.number(c.maxUses) })}</td>
                  <td className="nowrap small">{c.validFrom || c.validUntil ? `${fmt.date(c.validFrom) || '…'} – ${fmt.date(c.validUntil) || '…'}` : <span className="muted">{t('loyalty.rule.noLimit')}</span>}</td>
                  <td><Badge tone={c.status === 'active' ? 'success' : 'neutral'}>{t(`loyalty.coupon.status.${c.status}`, { defaultValue: c.status })}</Badge></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <EmptyState title={t('loyalty.coupon.none')} />}
    </section>
  );
}
