// Tiers: ordered levels with what qualifies (points, spend, purchases over the programme's window),
// their benefits (earning multiplier, rewards reserved to them) and how many members hold each.
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { currencyDigits } from '../../app/format';
import { useFormat, useMe } from '../../app/session';
import { EmptyState, ErrorNotice, Loading, TextField, useToast } from '../../app/ui';
import { EChart } from '../analytics/EChart';
import { COLORS, type ChartOption } from '../analytics/echarts';
import { useRewards, useSaveTier, useSummary, useTiers } from './api';
import { useProgramme } from './programme';
import { serverFieldErrors } from './parts';
import { formatAmount, parseAmount } from './ruleForm';
import type { Programme, Tier, TierCreate } from './types';

export function TiersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const { programme } = useProgramme();
  const tiers = useTiers(programme?.id ?? '');
  const summary = useSummary(programme?.id ?? '');
  const rewards = useRewards();
  const [editing, setEditing] = useState<Tier | 'new' | null>(null);
  if (!programme) return null;
  if (tiers.isPending) return <Loading />;
  if (tiers.isError) return <ErrorNotice error={tiers.error} />;
  const items = tiers.data.items;
  const w = programme.tierSettings.window;
  const counts = new Map((summary.data?.tiers ?? []).map((x) => [x.tierId, x.members]));
  const manage = can('loyalty:manage');
  return (
    <div className="stack">
      <div className="analytics-grid">
        <section className="card card--flush" aria-labelledby="tiers-title">
          <div className="card__head card__pad">
            <div>
              <h2 id="tiers-title" className="card__title">{t('loyalty.tier.listTitle')}</h2>
              <p className="muted small">
                {w.kind === 'rolling' ? t('loyalty.tier.windowRolling', { days: w.days }) : t('loyalty.tier.windowCalendar')}{' '}
                {t('loyalty.tier.review', { day: programme.tierSettings.review.day, month: t(`loyalty.month.${programme.tierSettings.review.month}`), grace: programme.tierSettings.graceDays })}{' '}
                {manage ? <Link to="/loyalty/programmes">{t('loyalty.tier.changeWindow')}</Link> : null}
              </p>
            </div>
            {manage && editing === null ? <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="loyalty-tier-new">{t('loyalty.tier.new')}</button> : null}
          </div>
          {items.length ? (
            <div className="table-wrap">
              <table className="table table--compact" data-testid="loyalty-tiers">
                <thead>
                  <tr>
                    <th scope="col" className="num">{t('loyalty.tier.rank')}</th>
                    <th scope="col">{t('loyalty.tier.name')}</th>
                    <th scope="col">{t('loyalty.tier.requires')}</th>
                    <th scope="col">{t('loyalty.tier.benefits')}</th>
                    <th scope="col" className="num">{t('loyalty.tier.members')}</th>
                    <th scope="col"><span className="visually-hidden">{t('loyalty.col.actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((tier) => {
                    const reserved = (rewards.data?.items ?? []).filter((r) => r.tierIds.includes(tier.id));
                    return (
                      <tr key={tier.id}>
                        <td className="num">{tier.rank}</td>
                        <th scope="row">{tier.name}</th>
                        <td>{requiresText(t, fmt, tier, programme.currency)}</td>
                        <td>
                          {tier.earningMultiplierPercent > 100 ? t('loyalty.tier.multiplier', { percent: tier.earningMultiplierPercent - 100 }) : <span className="muted">{t('loyalty.tier.noMultiplier')}</span>}
                          {reserved.length ? <span className="cell-sub">{t('loyalty.tier.rewards', { names: reserved.map((r) => r.name).join(', ') })}</span> : null}
                        </td>
                        <td className="num">{fmt.number(counts.get(tier.id) ?? 0)}</td>
                        <td className="actions-cell">{manage ? <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(tier)}>{t('common.edit')}</button> : null}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : <EmptyState title={t('loyalty.tier.none')}>{t('loyalty.tier.noneBody')}</EmptyState>}
        </section>
        <TierChart tiers={items} counts={counts} />
      </div>
      {editing !== null && manage ? (
        <TierForm key={editing === 'new' ? 'new' : editing.id} programme={programme} tier={editing === 'new' ? null : editing} nextRank={items.length ? Math.max(...items.map((x) => x.rank)) + 1 : 0} onDone={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

function requiresText(t: ReturnType<typeof useTranslation>['t'], fmt: ReturnType<typeof useFormat>, tier: Tier, currency: string): string {
  const parts: string[] = [];
  if (tier.requires.points !== undefined) parts.push(t('loyalty.tier.needPoints', { n: fmt.number(tier.requires.points) }));
  if (tier.requires.spendMinor !== undefined) parts.push(t('loyalty.tier.needSpend', { amount: fmt.money(tier.requires.spendMinor, currency) }));
  if (tier.requires.purchases !== undefined) parts.push(t('loyalty.tier.needPurchases', { n: fmt.number(tier.requires.purchases) }));
  return parts.length ? parts.join(t('loyalty.tier.or')) : t('loyalty.tier.entry');
}

/** Members per tier: a bar per tier, lowest first. */
export function TierChart({ tiers, counts }: { tiers: { id: string; name: string }[]; counts: Map<string | null, number> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt.number(Number(v)) },
    xAxis: { type: 'category', data: tiers.map((x) => x.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('loyalty.tier.members'), data: tiers.map((x) => counts.get(x.id) ?? 0), itemStyle: { color: COLORS.primary, borderRadius: [4, 4, 0, 0] }, label: { show: true, position: 'top' } }],
  }), [tiers, counts, t, fmt]);
  return (
    <section className="card" aria-labelledby="tier-chart-title">
      <h2 id="tier-chart-title" className="card__title">{t('loyalty.tier.distribution')}</h2>
      {tiers.length ? <EChart option={option} height={260} label={t('loyalty.tier.distribution')} testId="loyalty-tier-chart" /> : <p className="muted">{t('loyalty.tier.none')}</p>}
    </section>
  );
}

function TierForm({ programme, tier, nextRank, onDone }: { programme: Programme; tier: Tier | null; nextRank: number; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveTier(programme.id, tier?.id ?? null);
  const digits = currencyDigits(programme.currency);
  const [d, setD] = useState({
    name: tier?.name ?? '', rank: String(tier?.rank ?? nextRank),
    points: tier?.requires.points !== undefined ? String(tier.requires.points) : '',
    spend: tier?.requires.spendMinor !== undefined ? formatAmount(tier.requires.spendMinor, digits) : '',
    purchases: tier?.requires.purchases !== undefined ? String(tier.requires.purchases) : '',
    multiplier: String(tier?.earningMultiplierPercent ?? 100),
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = serverFieldErrors(t, save.error);
  const err = (k: string) => local[k] ?? server[k];
  const set = (k: keyof typeof d) => (v: string) => setD((x) => ({ ...x, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    const int = (key: string, v: string, optional: boolean) => {
      if (optional && !v.trim()) return undefined;
      if (!/^\d+$/.test(v.trim())) { bad[key] = t('loyalty.formProblem.whole_number'); return undefined; }
      return Number(v);
    };
    const spend = d.spend.trim() ? parseAmount(d.spend, digits) : undefined;
    if (spend === null) bad['requires.spendMinor'] = t('loyalty.formProblem.amount');
    const points = int('requires.points', d.points, true);
    const purchases = int('requires.purchases', d.purchases, true);
    const body: TierCreate = {
      name: d.name.trim(), rank: int('rank', d.rank, false) ?? 0, earningMultiplierPercent: int('earningMultiplierPercent', d.multiplier, false) ?? 100,
      requires: { ...(points !== undefined ? { points } : {}), ...(spend !== undefined && spend !== null ? { spendMinor: spend } : {}), ...(purchases !== undefined ? { purchases } : {}) },
    };
    if (!body.name) bad.name = t('loyalty.formProblem.required');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    save.mutate(body, { onSuccess: () => { toast(t('loyalty.tier.saved')); onDone(); } });
  };
  return (
    <form className="card form stack" onSubmit={submit} noValidate data-testid="loyalty-tier-form" aria-labelledby="tier-form-title">
      <h2 id="tier-form-title" className="card__title">{tier ? t('loyalty.tier.editTitle', { name: tier.name }) : t('loyalty.tier.newTitle')}</h2>
      <div className="form-row">
        <TextField label={t('loyalty.tier.name')} value={d.name} onChange={set('name')} error={err('name')} required testId="loyalty-tier-name" />
        <TextField label={t('loyalty.tier.rank')} value={d.rank} onChange={set('rank')} error={err('rank')} hint={t('loyalty.tier.rankHint')} inputMode="numeric" />
        <TextField label={t('loyalty.tier.multiplierField')} value={d.multiplier} onChange={set('multiplier')} error={err('earningMultiplierPercent')} hint={t('loyalty.tier.multiplierHint')} inputMode="numeric" />
      </div>
      <p className="muted small">{t('loyalty.tier.requiresHelp')}</p>
      <div className="form-row">
        <TextField label={t('loyalty.tier.points')} value={d.points} onChange={set('points')} error={err('requires.points')} inputMode="numeric" testId="loyalty-tier-points" />
        <TextField label={t('loyalty.tier.spend', { currency: programme.currency })} value={d.spend} onChange={set('spend')} error={err('requires.spendMinor')} inputMode="decimal" />
        <TextField label={t('loyalty.tier.purchases')} value={d.purchases} onChange={set('purchases')} error={err('requires.purchases')} inputMode="numeric" />
      </div>
      {save.isError && !Object.keys(server).length ? <ErrorNotice error={save.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="loyalty-tier-save">{save.isPending ? t('common.saving') : t('common.save')}</button>
      </div>
    </form>
  );
}
