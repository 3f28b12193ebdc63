// Market and competitors: segments with size and potential, competitors with SWOT and our win rate against each, referrals.
// Competitors are kept by account managers (accounts:write), segments by admins (accounts:manage), as the API allows.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, ErrorNotice, Loading, SelectField, TextAreaField, TextField, fieldErrorText } from '../../app/ui';
import { isApiError } from '../../app/api';
import { useCompetitors, useCreateCompetitor, useCreateSegment, useReferrals, useSegments, useUpdateCompetitor, useUpdateSegment } from './api';
import { errorUnder, fromMinor, linesOf, Money, toMinor } from './parts';
import { PRICE_POSITIONS, type Competitor, type MarketSegment } from './types';

const CURRENCIES = ['AZN', 'TRY', 'USD', 'EUR'] as const;
const SWOT = ['strengths', 'weaknesses', 'opportunities', 'threats'] as const;

export function MarketPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useMe();
  const competitors = useCompetitors();
  const segments = useSegments();
  const referrals = useReferrals();
  const [editingSegment, setEditingSegment] = useState<string | 'new' | null>(null);
  const [editingCompetitor, setEditingCompetitor] = useState<string | 'new' | null>(null);
  const manage = can('accounts:manage');
  const write = can('accounts:write');
  return (
    <div className="stack" data-testid="market">
      <section className="card card--flush" aria-labelledby="segments-title">
        <div className="card__head card__pad kam-row">
          <h2 id="segments-title" className="card__title">{t('accounts.market.segments')}</h2>
          {manage && editingSegment !== 'new' ? <button type="button" className="btn btn--primary btn--sm" onClick={() => setEditingSegment('new')} data-testid="segment-new">{t('accounts.market.newSegment')}</button> : null}
        </div>
        {editingSegment === 'new' ? <div className="card__pad"><SegmentForm onDone={() => setEditingSegment(null)} /></div> : null}
        {segments.isPending ? <Loading /> : segments.isError ? <ErrorNotice error={segments.error} /> : (
          <table className="table table--compact" data-testid="segments-table">
            <thead>
              <tr>
                <th scope="col">{t('accounts.market.segment')}</th><th scope="col" className="num">{t('accounts.market.size')}</th><th scope="col" className="num">{t('accounts.market.potential')}</th>
                <th scope="col" className="num">{t('accounts.market.accounts')}</th><th scope="col" className="num">{t('accounts.col.pipeline')}</th>
                {manage ? <th scope="col"><span className="visually-hidden">{t('accounts.catalogue.actions')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {segments.data.items.map((s) => editingSegment === s.id ? (
                <tr key={s.id}><td colSpan={6}><SegmentForm segment={s} onDone={() => setEditingSegment(null)} /></td></tr>
              ) : (
                <tr key={s.id} data-testid="segment-row" data-name={s.name}>
                  <td>{s.name}{s.description ? <div className="small muted">{s.description}</div> : null}</td>
                  <td className="num">{s.sizeCompanies === null ? '—' : fmt.number(s.sizeCompanies)}</td><td className="num"><Money value={s.potential} /></td>
                  <td className="num">{fmt.number(s.accounts)}</td><td className="num">{fmt.money(s.pipelineMinor, s.potential.currency)}</td>
                  {manage ? <td><button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditingSegment(s.id)} data-testid="segment-edit">{t('accounts.catalogue.edit')}</button></td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="competitors-title">
        <div className="kam-row">
          <h2 id="competitors-title" className="section-title">{t('accounts.market.competitors')}</h2>
          {write && editingCompetitor !== 'new' ? <button type="button" className="btn btn--primary btn--sm" onClick={() => setEditingCompetitor('new')} data-testid="competitor-new">{t('accounts.market.newCompetitor')}</button> : null}
        </div>
        {editingCompetitor === 'new' ? <div className="card kam-mt"><CompetitorForm onDone={() => setEditingCompetitor(null)} /></div> : null}
        {competitors.isPending ? <Loading /> : competitors.isError ? <ErrorNotice error={competitors.error} /> : (
          <div className="kam-cards">
            {competitors.data.items.map((c) => editingCompetitor === c.id ? (
              <article key={c.id} className="card" data-testid="competitor-editing"><CompetitorForm competitor={c} onDone={() => setEditingCompetitor(null)} /></article>
            ) : (
              <article key={c.id} className="card" data-testid="competitor" data-name={c.name}>
                <h3 className="card__title">{c.name} <Badge tone="neutral">{t(`accounts.pricePosition.${c.pricePosition}`)}</Badge></h3>
                {c.website ? <p className="small muted">{c.website}</p> : null}
                <p className="small">{t('accounts.market.record', { won: c.dealsWon, lost: c.dealsLost, lostTo: c.lostTo })} · {t('accounts.market.winRate')}: <strong>{c.winRate === null ? '—' : fmt.percent(c.winRate)}</strong></p>
                <dl className="kam-swot">
                  {SWOT.map((k) => <div key={k}><dt>{t(`accounts.swot.${k}`)}</dt><dd data-testid={`competitor-${k}`}>{c[k].join('; ') || '—'}</dd></div>)}
                </dl>
                {c.notes ? <p className="small kam-mt">{c.notes}</p> : null}
                {write ? <button type="button" className="btn btn--ghost btn--sm kam-mt" onClick={() => setEditingCompetitor(c.id)} data-testid="competitor-edit">{t('accounts.catalogue.edit')}</button> : null}
              </article>
            ))}
          </div>
        )}
      </section>
      <section className="card card--flush" aria-labelledby="referrals-title">
        <div className="card__head card__pad"><h2 id="referrals-title" className="card__title">{t('accounts.market.referrals')}</h2></div>
        {referrals.isPending ? <Loading /> : referrals.isError ? <ErrorNotice error={referrals.error} /> : (
          <table className="table table--compact">
            <thead><tr><th scope="col">{t('accounts.market.referrer')}</th><th scope="col">{t('accounts.market.prospect')}</th><th scope="col">{t('accounts.market.status')}</th><th scope="col" className="num">{t('accounts.market.reward')}</th></tr></thead>
            <tbody>
              {referrals.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{r.referrerName}</td><td>{r.prospectName}</td><td>{t(`accounts.referralStatus.${r.status}`)}</td>
                  <td className="num">{r.reward ? <><Money value={r.reward} /> · {t(`accounts.rewardStatus.${r.rewardStatus}`)}</> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

function SegmentForm({ segment, onDone }: { segment?: MarketSegment; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSegment();
  const update = useUpdateSegment();
  const mutation = segment ? update : create;
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [size, setSize] = useState(segment?.sizeCompanies === null || segment === undefined ? '' : String(segment.sizeCompanies));
  const [potential, setPotential] = useState(segment ? fromMinor(segment.potential.amountMinor) : '');
  const [currency, setCurrency] = useState(segment?.potential.currency ?? 'AZN');
  const minor = toMinor(potential);
  const sizeCompanies = size.trim() === '' ? null : wholeNumber(size);
  const sizeBad = size.trim() !== '' && sizeCompanies === null;
  const errors = isApiError(mutation.error) ? mutation.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (minor === null || sizeBad) return;
    const body = { name, description, sizeCompanies, potential: { amountMinor: minor, currency } };
    if (segment) update.mutate({ id: segment.id, body }, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: onDone });
  };
  return (
    <form className="kam-inline-form" onSubmit={submit} data-testid="segment-form">
      {segment ? null : <h3 className="card__title">{t('accounts.market.newSegment')}</h3>}
      <div className="kam-row">
        <TextField label={t('accounts.market.segment')} value={name} onChange={setName} required maxLength={200} error={fieldErrorText(t, errors.name)} testId="segment-name" />
        <TextField label={t('accounts.market.size')} value={size} onChange={setSize} inputMode="numeric" testId="segment-size"
          error={sizeBad ? t('accounts.market.badSize') : fieldErrorText(t, errors.sizeCompanies)} />
        <TextField label={t('accounts.market.potential')} value={potential} onChange={setPotential} required inputMode="decimal" testId="segment-potential"
          error={potential && minor === null ? t('accounts.form.badAmount') : fieldErrorText(t, errors['potential.amountMinor'])} />
        <SelectField label={t('accounts.catalogue.currency')} value={currency} onChange={setCurrency} testId="segment-currency" error={fieldErrorText(t, errors['potential.currency'])}
          options={[...new Set([...CURRENCIES, currency])].map((c) => ({ value: c, label: c }))} />
      </div>
      <TextAreaField label={t('accounts.market.description')} value={description} onChange={setDescription} maxLength={5000} rows={2} error={fieldErrorText(t, errors.description)} testId="segment-description" />
      <div className="kam-row kam-mt">
        <button type="submit" className="btn btn--primary" disabled={!name.trim() || minor === null || sizeBad || mutation.isPending} data-testid="segment-submit">
          {segment ? t('accounts.catalogue.save') : t('accounts.market.addSegment')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      </div>
      {mutation.isError && Object.keys(errors).length === 0 ? <ErrorNotice error={mutation.error} /> : null}
    </form>
  );
}

function CompetitorForm({ competitor, onDone }: { competitor?: Competitor; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateCompetitor();
  const update = useUpdateCompetitor();
  const mutation = competitor ? update : create;
  const [name, setName] = useState(competitor?.name ?? '');
  const [website, setWebsite] = useState(competitor?.website ?? '');
  const [pricePosition, setPricePosition] = useState<Competitor['pricePosition']>(competitor?.pricePosition ?? 'similar');
  const [swot, setSwot] = useState<Record<(typeof SWOT)[number], string>>({
    strengths: competitor?.strengths.join('\n') ?? '', weaknesses: competitor?.weaknesses.join('\n') ?? '',
    opportunities: competitor?.opportunities.join('\n') ?? '', threats: competitor?.threats.join('\n') ?? '',
  });
  const [notes, setNotes] = useState(competitor?.notes ?? '');
  const errors = isApiError(mutation.error) ? mutation.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name, website: website.trim() || null, pricePosition, notes,
      strengths: linesOf(swot.strengths), weaknesses: linesOf(swot.weaknesses), opportunities: linesOf(swot.opportunities), threats: linesOf(swot.threats),
    };
    if (competitor) update.mutate({ id: competitor.id, body }, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: onDone });
  };
  return (
    <form className="kam-inline-form" onSubmit={submit} data-testid="competitor-form">
      <h3 className="card__title">{competitor ? t('accounts.market.editCompetitor', { name: competitor.name }) : t('accounts.market.newCompetitor')}</h3>
      <div className="kam-row">
        <TextField label={t('accounts.market.competitorName')} value={name} onChange={setName} required maxLength={200} error={fieldErrorText(t, errors.name)} testId="competitor-name" />
        <TextField label={t('accounts.market.website')} value={website} onChange={setWebsite} maxLength={300} error={fieldErrorText(t, errors.website)} testId="competitor-website" />
        <SelectField label={t('accounts.market.pricePosition')} value={pricePosition} onChange={(v) => setPricePosition(v as Competitor['pricePosition'])} testId="competitor-price-position"
          error={fieldErrorText(t, errors.pricePosition)} options={PRICE_POSITIONS.map((p) => ({ value: p, label: t(`accounts.pricePosition.${p}`) }))} />
      </div>
      <div className="kam-swot">
        {SWOT.map((k) => (
          <TextAreaField key={k} label={t(`accounts.swot.${k}`)} hint={t('accounts.form.onePerLine')} value={swot[k]} rows={3}
            onChange={(v) => setSwot((all) => ({ ...all, [k]: v }))} error={fieldErrorText(t, errorUnder(errors, k))} testId={`competitor-${k}-input`} />
        ))}
      </div>
      <TextAreaField label={t('accounts.market.notes')} value={notes} onChange={setNotes} rows={2} maxLength={10_000} error={fieldErrorText(t, errors.notes)} testId="competitor-notes" />
      <div className="kam-row kam-mt">
        <button type="submit" className="btn btn--primary" disabled={!name.trim() || mutation.isPending} data-testid="competitor-submit">
          {competitor ? t('accounts.catalogue.save') : t('accounts.market.addCompetitor')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      </div>
      {mutation.isError && Object.keys(errors).length === 0 ? <ErrorNotice error={mutation.error} /> : null}
    </form>
  );
}
