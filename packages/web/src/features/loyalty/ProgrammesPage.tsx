// Programmes: the list, and a form to create or change one (currency, point value, earning and
// burning, pending days and return window, expiry, tier window, referral and enrolment bonuses).
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, SelectField, TextField, useConfirm, useToast } from '../../app/ui';
import { useSaveProgramme } from './api';
import { useProgramme } from './programme';
import { currencyDigits, serverFieldErrors } from './parts';
import { formatAmount, parseAmount } from './ruleForm';
import { NEGATIVE_BALANCE, type Programme, type ProgrammeCreate } from './types';

interface Draft {
  name: string; currency: string; pointValue: string; returnWindowDays: string; expiryMonths: string; expiryWarningDays: string;
  negativeBalance: Programme['negativeBalance']; earnOnDiscountedLines: boolean; minPoints: string; maxBillPercent: string;
  windowKind: 'rolling' | 'calendarYear'; windowDays: string; reviewMonth: string; reviewDay: string; graceDays: string;
  referrerPoints: string; refereePoints: string; minPurchase: string; maxRewardsPerReferrer: string;
}

function draftOf(p: Programme | null, defaultCurrency: string): Draft {
  const currency = p?.currency ?? defaultCurrency;
  const d = currencyDigits(currency);
  return {
    name: p?.name ?? '', currency, pointValue: formatAmount(p?.pointValueMinor ?? 1, d), returnWindowDays: String(p?.returnWindowDays ?? 0),
    expiryMonths: p?.expiryMonths ? String(p.expiryMonths) : '', expiryWarningDays: String(p?.expiryWarningDays ?? 30),
    negativeBalance: p?.negativeBalance ?? 'allow', earnOnDiscountedLines: p?.earning.earnOnDiscountedLines ?? true,
    minPoints: String(p?.burning.minPoints ?? 1), maxBillPercent: String(p?.burning.maxBillPercent ?? 100),
    windowKind: p?.tierSettings.window.kind ?? 'rolling',
    windowDays: String(p?.tierSettings.window.kind === 'rolling' ? p.tierSettings.window.days : 365),
    reviewMonth: String(p?.tierSettings.review.month ?? 1), reviewDay: String(p?.tierSettings.review.day ?? 1), graceDays: String(p?.tierSettings.graceDays ?? 0),
    referrerPoints: String(p?.referral.referrerPoints ?? 0), refereePoints: String(p?.referral.refereePoints ?? 0),
    minPurchase: formatAmount(p?.referral.minPurchaseMinor ?? 0, d),
    maxRewardsPerReferrer: p?.referral.maxRewardsPerReferrer ? String(p.referral.maxRewardsPerReferrer) : '',
  };
}

/** The request body, and the fields the browser could not read (then nothing is sent). */
function bodyOf(d: Draft): { body: ProgrammeCreate; bad: Record<string, string> } {
  const bad: Record<string, string> = {};
  const digits = currencyDigits(d.currency);
  const int = (key: string, v: string): number => {
    if (!/^\d+$/.test(v.trim())) bad[key] = 'whole_number';
    return Number(v.trim()) || 0;
  };
  const amount = (key: string, v: string): number => {
    const n = parseAmount(v, digits);
    if (n === null) bad[key] = 'amount';
    return n ?? 0;
  };
  const body: ProgrammeCreate = {
    name: d.name.trim(), currency: d.currency.trim().toUpperCase(), pointValueMinor: amount('pointValueMinor', d.pointValue),
    returnWindowDays: int('returnWindowDays', d.returnWindowDays), expiryMonths: d.expiryMonths.trim() ? int('expiryMonths', d.expiryMonths) : null,
    expiryWarningDays: int('expiryWarningDays', d.expiryWarningDays), negativeBalance: d.negativeBalance,
    earning: { earnOnDiscountedLines: d.earnOnDiscountedLines },
    burning: { minPoints: int('burning.minPoints', d.minPoints), maxBillPercent: int('burning.maxBillPercent', d.maxBillPercent) },
    tierSettings: {
      window: d.windowKind === 'rolling' ? { kind: 'rolling', days: int('tierSettings.window.days', d.windowDays) } : { kind: 'calendarYear' },
      review: { month: int('tierSettings.review.month', d.reviewMonth), day: int('tierSettings.review.day', d.reviewDay) },
      graceDays: int('tierSettings.graceDays', d.graceDays),
    },
    referral: {
      referrerPoints: int('referral.referrerPoints', d.referrerPoints), refereePoints: int('referral.refereePoints', d.refereePoints),
      minPurchaseMinor: amount('referral.minPurchaseMinor', d.minPurchase),
      maxRewardsPerReferrer: d.maxRewardsPerReferrer.trim() ? int('referral.maxRewardsPerReferrer', d.maxRewardsPerReferrer) : null,
    },
  };
  return { body, bad };
}

export function ProgrammesPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { programmes, programme: current, select } = useProgramme();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Programme | 'new' | null>(params.get('new') ? 'new' : null);
  const manage = can('loyalty:manage');
  const close = () => {
    setEditing(null);
    if (params.get('new')) setParams({}, { replace: true });
  };
  return (
    <div className="stack">
      <section className="card card--flush" aria-labelledby="programmes-title">
        <div className="card__head card__pad">
          <div>
            <h2 id="programmes-title" className="card__title">{t('loyalty.programme.listTitle')}</h2>
            <p className="muted small">{t('loyalty.programme.listHelp')}</p>
          </div>
          {manage && editing === null ? (
            <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="loyalty-programme-new">{t('loyalty.programme.new')}</button>
          ) : null}
        </div>
        {programmes.length ? <ProgrammeTable programmes={programmes} currentId={current?.id ?? ''} onEdit={manage ? setEditing : null} onSelect={select} /> : (
          <p className="card__pad muted">{t('loyalty.programme.none')}</p>
        )}
      </section>
      {editing !== null && manage ? (
        <ProgrammeForm key={editing === 'new' ? 'new' : editing.id} programme={editing === 'new' ? null : editing} onDone={(p) => { select(p.id); close(); }} onCancel={close} />
      ) : null}
    </div>
  );
}

function ProgrammeTable({ programmes, currentId, onEdit, onSelect }: {
  programmes: Programme[]; currentId: string; onEdit: ((p: Programme) => void) | null; onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="loyalty-programmes">
        <thead>
          <tr>
            <th scope="col">{t('loyalty.programme.name')}</th>
            <th scope="col">{t('loyalty.programme.currency')}</th>
            <th scope="col" className="num">{t('loyalty.programme.pointValue')}</th>
            <th scope="col" className="num">{t('loyalty.programme.returnWindowDays')}</th>
            <th scope="col">{t('loyalty.programme.expiry')}</th>
            <th scope="col">{t('loyalty.col.status')}</th>
            <th scope="col"><span className="visually-hidden">{t('loyalty.col.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {programmes.map((p) => (
            <tr key={p.id} className={p.id === currentId ? 'row--selected' : undefined}>
              <th scope="row"><button type="button" className="btn--link" onClick={() => onSelect(p.id)}>{p.name}</button></th>
              <td>{p.currency}</td>
              <td className="num nowrap">{fmt.money(p.pointValueMinor, p.currency)}</td>
              <td className="num">{fmt.number(p.returnWindowDays)}</td>
              <td>{p.expiryMonths ? t('loyalty.programme.expiresAfter', { months: p.expiryMonths }) : t('loyalty.programme.neverExpires')}</td>
              <td><Badge tone={p.status === 'active' ? 'success' : 'neutral'}>{t(`loyalty.programme.status.${p.status}`)}</Badge></td>
              <td className="actions-cell">
                {onEdit ? <button type="button" className="btn btn--ghost btn--sm" onClick={() => onEdit(p)} data-testid={`loyalty-programme-edit-${p.id}`}>{t('common.edit')}</button> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProgrammeForm({ programme, onDone, onCancel }: { programme: Programme | null; onDone: (p: Programme) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const save = useSaveProgramme(programme?.id ?? null);
  const [d, setD] = useState<Draft>(() => draftOf(programme, me.workspace.currency));
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const server = serverFieldErrors(t, save.error);
  const err = (key: string) => (local[key] ? t(`loyalty.formProblem.${local[key]}`) : server[key]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, bad } = bodyOf(d);
    setLocal(bad);
    if (Object.keys(bad).length) return;
    const payload = programme ? (({ currency: _c, ...rest }) => rest)(body) : body;
    save.mutate(payload, {
      onSuccess: (p) => {
        toast(programme ? t('loyalty.programme.saved') : t('loyalty.programme.created'));
        onDone(p);
      },
    });
  };
  const toggleStatus = async () => {
    if (!programme) return;
    const archive = programme.status === 'active';
    if (archive && !(await confirm({ title: t('loyalty.programme.archiveTitle'), body: t('loyalty.programme.archiveBody'), confirmLabel: t('loyalty.programme.archive'), danger: true }))) return;
    save.mutate({ status: archive ? 'archived' : 'active' }, { onSuccess: (p) => { toast(t('loyalty.programme.saved')); onDone(p); } });
  };
  const num = { inputMode: 'numeric' as const };
  return (
    <form className="card form stack" onSubmit={submit} noValidate data-testid="loyalty-programme-form" aria-labelledby="programme-form-title">
      <h2 id="programme-form-title" className="card__title">{programme ? t('loyalty.programme.editTitle', { name: programme.name }) : t('loyalty.programme.newTitle')}</h2>
      <div className="form-row">
        <TextField label={t('loyalty.programme.name')} value={d.name} onChange={set('name')} error={err('name')} required maxLength={200} testId="loyalty-programme-name" />
        <TextField label={t('loyalty.programme.currency')} value={d.currency} onChange={set('currency')} error={err('currency')} disabled={Boolean(programme)} maxLength={3} hint={t('loyalty.programme.currencyHint')} />
        <TextField label={t('loyalty.programme.pointValue')} value={d.pointValue} onChange={set('pointValue')} error={err('pointValueMinor')} hint={t('loyalty.programme.pointValueHint', { currency: d.currency })} inputMode="decimal" />
      </div>
      <fieldset className="form-section">
        <legend className="section-title">{t('loyalty.programme.earningBurning')}</legend>
        <div className="form-row">
          <label className="check"><input type="checkbox" checked={d.earnOnDiscountedLines} onChange={(e) => set('earnOnDiscountedLines')(e.target.checked)} /> {t('loyalty.programme.earnOnDiscountedLines')}</label>
          <TextField label={t('loyalty.programme.minPoints')} value={d.minPoints} onChange={set('minPoints')} error={err('burning.minPoints')} {...num} />
          <TextField label={t('loyalty.programme.maxBillPercent')} value={d.maxBillPercent} onChange={set('maxBillPercent')} error={err('burning.maxBillPercent')} hint={t('loyalty.programme.maxBillPercentHint')} {...num} />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend className="section-title">{t('loyalty.programme.pendingExpiry')}</legend>
        <div className="form-row">
          <TextField label={t('loyalty.programme.returnWindowDays')} value={d.returnWindowDays} onChange={set('returnWindowDays')} error={err('returnWindowDays')} hint={t('loyalty.programme.returnWindowHint')} {...num} />
          <TextField label={t('loyalty.programme.expiryMonths')} value={d.expiryMonths} onChange={set('expiryMonths')} error={err('expiryMonths')} hint={t('loyalty.programme.expiryMonthsHint')} {...num} />
          <TextField label={t('loyalty.programme.expiryWarningDays')} value={d.expiryWarningDays} onChange={set('expiryWarningDays')} error={err('expiryWarningDays')} {...num} />
          <SelectField
            label={t('loyalty.programme.negativeBalance')} value={d.negativeBalance} onChange={(v) => set('negativeBalance')(v === 'clawBackToZero' ? 'clawBackToZero' : 'allow')}
            options={NEGATIVE_BALANCE.map((v) => ({ value: v, label: t(`loyalty.programme.negative.${v}`) }))} error={err('negativeBalance')}
          />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend className="section-title">{t('loyalty.programme.tierWindow')}</legend>
        <div className="form-row">
          <SelectField
            label={t('loyalty.programme.windowKind')} value={d.windowKind} onChange={(v) => set('windowKind')(v === 'calendarYear' ? 'calendarYear' : 'rolling')}
            options={[{ value: 'rolling', label: t('loyalty.programme.window.rolling') }, { value: 'calendarYear', label: t('loyalty.programme.window.calendarYear') }]}
          />
          {d.windowKind === 'rolling' ? <TextField label={t('loyalty.programme.windowDays')} value={d.windowDays} onChange={set('windowDays')} error={err('tierSettings.window.days')} {...num} /> : null}
          <TextField label={t('loyalty.programme.reviewMonth')} value={d.reviewMonth} onChange={set('reviewMonth')} error={err('tierSettings.review.month')} {...num} />
          <TextField label={t('loyalty.programme.reviewDay')} value={d.reviewDay} onChange={set('reviewDay')} error={err('tierSettings.review.day')} {...num} />
          <TextField label={t('loyalty.programme.graceDays')} value={d.graceDays} onChange={set('graceDays')} error={err('tierSettings.graceDays')} {...num} />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend className="section-title">{t('loyalty.programme.enrolment')}</legend>
        <p className="muted small">{t('loyalty.programme.enrolmentHelp')}</p>
        <div className="form-row">
          <TextField label={t('loyalty.programme.referrerPoints')} value={d.referrerPoints} onChange={set('referrerPoints')} error={err('referral.referrerPoints')} {...num} />
          <TextField label={t('loyalty.programme.refereePoints')} value={d.refereePoints} onChange={set('refereePoints')} error={err('referral.refereePoints')} {...num} />
          <TextField label={t('loyalty.programme.minPurchase')} value={d.minPurchase} onChange={set('minPurchase')} error={err('referral.minPurchaseMinor')} inputMode="decimal" />
          <TextField label={t('loyalty.programme.maxRewardsPerReferrer')} value={d.maxRewardsPerReferrer} onChange={set('maxRewardsPerReferrer')} error={err('referral.maxRewardsPerReferrer')} {...num} />
        </div>
      </fieldset>
      {save.isError && !Object.keys(server).length ? <ErrorNotice error={save.error} /> : null}
      <div className="form-actions">
        {programme ? (
          <button type="button" className={`btn ${programme.status === 'active' ? 'btn--danger-text' : 'btn--ghost'}`} onClick={() => void toggleStatus()} disabled={save.isPending}>
            {programme.status === 'active' ? t('loyalty.programme.archive') : t('loyalty.programme.reactivate')}
          </button>
        ) : null}
        <button type="button" className="btn btn--ghost" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="loyalty-programme-save">{save.isPending ? t('common.saving') : t('common.save')}</button>
      </div>
    </form>
  );
}
