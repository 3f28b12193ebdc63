// Rewards catalogue (cost, stock, per-member limit, tiers it is reserved to) and the redemptions made.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading, SelectField, TextField, useToast } from '../../app/ui';
import { useMemberNames, useRedemptions, useRewards, useSaveReward, useTiers } from './api';
import { useProgramme } from './programme';
import { serverFieldErrors } from './parts';
import { REWARD_KINDS, type Programme, type Reward, type RewardCreate, type Tier } from './types';

export function RewardsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const { programme } = useProgramme();
  const rewards = useRewards();
  const tiers = useTiers(programme?.id ?? '');
  const [editing, setEditing] = useState<Reward | 'new' | null>(null);
  if (!programme) return null;
  if (rewards.isPending) return <Loading />;
  if (rewards.isError) return <ErrorNotice error={rewards.error} />;
  const items = rewards.data.items.filter((r) => r.programmeId === programme.id);
  const tierName = new Map((tiers.data?.items ?? []).map((x) => [x.id, x.name]));
  const manage = can('loyalty:manage');
  return (
    <div className="stack">
      <section className="card card--flush" aria-labelledby="rewards-title">
        <div className="card__head card__pad">
          <div>
            <h2 id="rewards-title" className="card__title">{t('loyalty.reward.listTitle')}</h2>
            <p className="muted small">{t('loyalty.reward.listHelp')}</p>
          </div>
          {manage && editing === null ? <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="loyalty-reward-new">{t('loyalty.reward.new')}</button> : null}
        </div>
        {items.length ? (
          <div className="table-wrap">
            <table className="table table--compact" data-testid="loyalty-rewards">
              <thead>
                <tr>
                  <th scope="col">{t('loyalty.reward.name')}</th>
                  <th scope="col">{t('loyalty.reward.kind')}</th>
                  <th scope="col" className="num">{t('loyalty.reward.cost')}</th>
                  <th scope="col" className="num">{t('loyalty.reward.stock')}</th>
                  <th scope="col" className="num">{t('loyalty.reward.perMember')}</th>
                  <th scope="col">{t('loyalty.reward.tiers')}</th>
                  <th scope="col">{t('loyalty.col.status')}</th>
                  <th scope="col"><span className="visually-hidden">{t('loyalty.col.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} className={r.active ? undefined : 'row--muted'}>
                    <th scope="row">{r.name}</th>
                    <td>{t(`loyalty.reward.kindName.${r.kind}`)}</td>
                    <td className="num">{fmt.number(r.pointsCost)}</td>
                    <td className="num">{r.stock === null ? t('loyalty.reward.unlimited') : r.stock === 0 ? <Badge tone="danger">{t('loyalty.reward.outOfStock')}</Badge> : fmt.number(r.stock)}</td>
                    <td className="num">{r.perMemberLimit === null ? t('loyalty.reward.unlimited') : fmt.number(r.perMemberLimit)}</td>
                    <td>{r.tierIds.length ? r.tierIds.map((id) => tierName.get(id) ?? id).join(', ') : <span className="muted">{t('loyalty.reward.everyone')}</span>}</td>
                    <td><Badge tone={r.active ? 'success' : 'neutral'}>{r.active ? t('loyalty.reward.active') : t('loyalty.reward.withdrawn')}</Badge></td>
                    <td className="actions-cell">{manage ? <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(r)}>{t('common.edit')}</button> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <EmptyState title={t('loyalty.reward.none')}>{t('loyalty.reward.noneBody')}</EmptyState>}
      </section>
      {editing !== null && manage ? (
        <RewardForm key={editing === 'new' ? 'new' : editing.id} programme={programme} reward={editing === 'new' ? null : editing} tiers={tiers.data?.items ?? []} onDone={() => setEditing(null)} />
      ) : null}
      <RedemptionsList rewards={rewards.data.items} />
    </div>
  );
}

function RewardForm({ programme, reward, tiers, onDone }: { programme: Programme; reward: Reward | null; tiers: Tier[]; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveReward(reward?.id ?? null);
  const [d, setD] = useState({
    name: reward?.name ?? '', kind: reward?.kind ?? 'product', cost: String(reward?.pointsCost ?? ''),
    stock: reward?.stock === null || reward?.stock === undefined ? '' : String(reward.stock),
    perMember: reward?.perMemberLimit === null || reward?.perMemberLimit === undefined ? '' : String(reward.perMemberLimit),
    tierIds: reward?.tierIds ?? [], active: reward?.active ?? true,
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = serverFieldErrors(t, save.error);
  const err = (k: string) => local[k] ?? server[k];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    const int = (key: string, v: string, optional: boolean): number | null => {
      if (optional && !v.trim()) return null;
      if (!/^\d+$/.test(v.trim())) { bad[key] = t(v.trim() ? 'loyalty.formProblem.whole_number' : 'loyalty.formProblem.required'); return null; }
      return Number(v);
    };
    const body: RewardCreate = {
      programmeId: programme.id, name: d.name.trim(), kind: REWARD_KINDS.find((k) => k === d.kind) ?? 'product',
      pointsCost: int('pointsCost', d.cost, false) ?? 0, stock: int('stock', d.stock, true), perMemberLimit: int('perMemberLimit', d.perMember, true),
      tierIds: d.tierIds, active: d.active,
    };
    if (!body.name) bad.name = t('loyalty.formProblem.required');
    setLocal(bad);
    if (Object.keys(bad).length) return;
    save.mutate(body, { onSuccess: () => { toast(t('loyalty.reward.saved')); onDone(); } });
  };
  return (
    <form className="card form stack" onSubmit={submit} noValidate data-testid="loyalty-reward-form" aria-labelledby="reward-form-title">
      <h2 id="reward-form-title" className="card__title">{reward ? t('loyalty.reward.editTitle', { name: reward.name }) : t('loyalty.reward.newTitle')}</h2>
      <div className="form-row">
        <TextField label={t('loyalty.reward.name')} value={d.name} onChange={(v) => setD({ ...d, name: v })} error={err('name')} required testId="loyalty-reward-name" />
        <SelectField label={t('loyalty.reward.kind')} value={d.kind} onChange={(v) => setD({ ...d, kind: REWARD_KINDS.find((k) => k === v) ?? 'product' })} disabled={Boolean(reward)} options={REWARD_KINDS.map((k) => ({ value: k, label: t(`loyalty.reward.kindName.${k}`) }))} />
        <TextField label={t('loyalty.reward.cost')} value={d.cost} onChange={(v) => setD({ ...d, cost: v })} error={err('pointsCost')} inputMode="numeric" required testId="loyalty-reward-cost" />
        <TextField label={t('loyalty.reward.stock')} value={d.stock} onChange={(v) => setD({ ...d, stock: v })} error={err('stock')} hint={t('loyalty.reward.blankUnlimited')} inputMode="numeric" />
        <TextField label={t('loyalty.reward.perMember')} value={d.perMember} onChange={(v) => setD({ ...d, perMember: v })} error={err('perMemberLimit')} hint={t('loyalty.reward.blankUnlimited')} inputMode="numeric" />
      </div>
      {tiers.length ? (
        <fieldset className="form-section">
          <legend className="section-title">{t('loyalty.reward.tiers')}</legend>
          <p className="muted small">{t('loyalty.reward.tiersHelp')}</p>
          <div className="weekday-row">
            {tiers.map((tier) => (
              <label key={tier.id} className="check">
                <input type="checkbox" checked={d.tierIds.includes(tier.id)} onChange={(e) => setD({ ...d, tierIds: e.target.checked ? [...d.tierIds, tier.id] : d.tierIds.filter((x) => x !== tier.id) })} />
                {tier.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <label className="check"><input type="checkbox" checked={d.active} onChange={(e) => setD({ ...d, active: e.target.checked })} /> {t('loyalty.reward.activeField')}</label>
      {save.isError && !Object.keys(server).length ? <ErrorNotice error={save.error} /> : null}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="loyalty-reward-save">{save.isPending ? t('common.saving') : t('common.save')}</button>
      </div>
    </form>
  );
}

function RedemptionsList({ rewards }: { rewards: Reward[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useRedemptions();
  const items = q.data?.items ?? [];
  const names = useMemberNames(items.slice(0, 200).map((r) => r.memberId));
  const rewardName = new Map(rewards.map((r) => [r.id, r.name]));
  return (
    <section className="card card--flush" aria-labelledby="redemptions-title">
      <div className="card__head card__pad">
        <h2 id="redemptions-title" className="card__title">{t('loyalty.redemption.listTitle')} <span className="count">{fmt.number(items.length)}</span></h2>
      </div>
      {q.isPending ? <Loading /> : q.isError ? <ErrorNotice error={q.error} /> : items.length ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="loyalty-redemptions">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.redemption.when')}</th>
                <th scope="col">{t('loyalty.redemption.member')}</th>
                <th scope="col">{t('loyalty.redemption.reward')}</th>
                <th scope="col" className="num">{t('loyalty.redemption.points')}</th>
                <th scope="col">{t('loyalty.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const m = names.data?.get(r.memberId);
                return (
                  <tr key={r.id}>
                    <td className="nowrap">{fmt.dateTime(r.createdAt)}</td>
                    <td><Link to={`/loyalty/members/${r.memberId}`}>{m?.displayName ?? r.memberId.slice(0, 8)}</Link>{m ? <span className="cell-sub mono">{m.cardNumber}</span> : null}</td>
                    <td>{r.rewardId ? rewardName.get(r.rewardId) ?? '—' : t('loyalty.redemption.paidWithPoints')}</td>
                    <td className="num">{fmt.number(r.points)}</td>
                    <td><Badge tone={r.status === 'committed' ? 'success' : r.status === 'reserved' ? 'warning' : 'neutral'}>{t(`loyalty.redemption.status.${r.status}`)}</Badge></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : <EmptyState title={t('loyalty.redemption.none')} />}
    </section>
  );
}
