// The account's own details beside its name: tier, industry, market segment and annual potential, editable by
// those who may write accounts. A change leaves out nothing it did not mean to change (the PATCH keeps the rest).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, SelectField, TextField } from '../../app/ui';
import { isApiError } from '../../app/api';
import { useSegments, useUpdateAccount } from './api';
import { fromMinor, toMinor } from './parts';
import type { Account360 } from './types';

const TIERS = ['strategic', 'key', 'growth', 'standard'] as const;
const CURRENCIES = ['AZN', 'TRY', 'USD', 'EUR'] as const;

export function AccountDetails({ account, editable }: { account: Account360['account']; editable: boolean }) {
  const { t } = useTranslation();
  const segments = useSegments();
  const [open, setOpen] = useState(false);
  const segmentName = segments.data?.items.find((s) => s.id === account.segmentId)?.name ?? null;
  return (
    <div className="stack" data-testid="account-details">
      <p className="muted">
        {t(`accounts.tier.${account.tier}`)} · {account.industry ?? '—'} · {t('accounts.details.segment')}: <span data-testid="account-segment">{segmentName ?? '—'}</span>
        {' · '}{t('accounts.account.owner', { name: account.ownerName ?? '—' })}
        {editable && !open ? <> · <button type="button" className="btn btn--link" onClick={() => setOpen(true)} data-testid="account-details-edit">{t('accounts.details.edit')}</button></> : null}
      </p>
      {open ? <DetailsForm account={account} onDone={() => setOpen(false)} /> : null}
    </div>
  );
}

function DetailsForm({ account, onDone }: { account: Account360['account']; onDone: () => void }) {
  const { t } = useTranslation();
  const segments = useSegments();
  const update = useUpdateAccount(account.id);
  const [tier, setTier] = useState<string>(account.tier);
  const [industry, setIndustry] = useState(account.industry ?? '');
  const [segmentId, setSegmentId] = useState(account.segmentId ?? '');
  const [potential, setPotential] = useState(fromMinor(account.annualPotential.amountMinor));
  const [currency, setCurrency] = useState<string>(account.annualPotential.currency);
  const potentialMinor = toMinor(potential);
  const serverErrors = isApiError(update.error) ? update.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (potentialMinor === null) return;
    update.mutate({
      tier: TIERS.find((x) => x === tier) ?? 'key', industry: industry.trim() || null, segmentId: segmentId || null,
      annualPotential: { amountMinor: potentialMinor, currency },
    }, { onSuccess: onDone });
  };
  return (
    <form className="kam-inline-form kam-row" onSubmit={submit} data-testid="account-details-form">
      <SelectField label={t('accounts.details.tier')} value={tier} onChange={setTier} testId="account-tier"
        options={TIERS.map((x) => ({ value: x, label: t(`accounts.tier.${x}`) }))} error={serverErrors.tier?.message} />
      <TextField label={t('accounts.details.industry')} value={industry} onChange={setIndustry} maxLength={120} testId="account-industry" error={serverErrors.industry?.message} />
      <SelectField label={t('accounts.details.segment')} value={segmentId} onChange={setSegmentId} testId="account-segment-select" error={serverErrors.segmentId?.message}
        options={[{ value: '', label: '—' }, ...(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]} />
      <TextField label={t('accounts.account.potential')} value={potential} onChange={setPotential} inputMode="decimal" testId="account-potential"
        error={potentialMinor === null ? t('accounts.form.badAmount') : serverErrors['annualPotential.amountMinor']?.message} />
      <SelectField label={t('accounts.catalogue.currency')} value={currency} onChange={setCurrency} testId="account-currency"
        options={[...new Set([...CURRENCIES, currency])].map((c) => ({ value: c, label: c }))} />
      <button type="submit" className="btn btn--primary" disabled={potentialMinor === null || update.isPending} data-testid="account-details-save">{t('accounts.details.save')}</button>
      <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      {update.isError && Object.keys(serverErrors).length === 0 ? <ErrorNotice error={update.error} /> : null}
    </form>
  );
}
