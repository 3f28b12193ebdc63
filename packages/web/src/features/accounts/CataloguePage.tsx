// Products and price lists: base prices, and the lists (general or one account's) with volume breaks, validity and
// currency that quotes are priced from, and their bonus on turnover. Products are kept by accounts:manage, price lists by accounts:write.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useMe } from '../../app/session';
import { Badge, EmptyState, ErrorNotice, Loading, SelectField, TextField } from '../../app/ui';
import { isApiError } from '../../app/api';
import { useAccounts, useCreatePriceList, useCreateProduct, usePriceLists, useProducts, useUpdatePriceList, useUpdateProduct } from './api';
import { fromMinor, Money, toMinor } from './parts';
import type { PriceList, Product } from './types';

const CURRENCIES = ['AZN', 'TRY', 'USD', 'EUR'] as const;
const currencyOptions = (current: string) =>
  [...new Set([...CURRENCIES, current])].map((c) => ({ value: c, label: c }));

export function CataloguePage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const products = useProducts();
  const lists = usePriceLists();
  const [editingProduct, setEditingProduct] = useState<string | null>(null);
  const [editingList, setEditingList] = useState<string | 'new' | null>(null);
  const manage = can('accounts:manage');
  const write = can('accounts:write');
  return (
    <div className="stack" data-testid="catalogue">
      <section className="card card--flush" aria-labelledby="products-title">
        <div className="card__head card__pad"><h2 id="products-title" className="card__title">{t('accounts.catalogue.products')}</h2></div>
        {products.isPending ? <Loading /> : products.isError ? <ErrorNotice error={products.error} /> : products.data.items.length === 0 ? (
          <EmptyState title={t('accounts.catalogue.noProducts')} />
        ) : (
          <div className="table-wrap">
            <table className="table table--compact" data-testid="products-table">
              <thead>
                <tr>
                  <th scope="col">{t('accounts.catalogue.sku')}</th><th scope="col">{t('accounts.catalogue.name')}</th><th scope="col">{t('accounts.catalogue.unit')}</th>
                  <th scope="col" className="num">{t('accounts.catalogue.basePrice')}</th><th scope="col">{t('accounts.catalogue.status')}</th>
                  {manage ? <th scope="col"><span className="visually-hidden">{t('accounts.catalogue.actions')}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {products.data.items.map((p) => editingProduct === p.id ? (
                  <tr key={p.id}><td colSpan={6}><ProductForm product={p} onDone={() => setEditingProduct(null)} /></td></tr>
                ) : (
                  <tr key={p.id} data-testid="product-row" data-sku={p.sku}>
                    <td>{p.sku}</td><td>{p.name}</td><td>{p.unit}</td><td className="num"><Money value={p.basePrice} /></td>
                    <td>{p.active ? <Badge tone="success">{t('accounts.catalogue.active')}</Badge> : <Badge tone="neutral">{t('accounts.catalogue.inactive')}</Badge>}</td>
                    {manage ? <td><button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditingProduct(p.id)} data-testid="product-edit">{t('accounts.catalogue.edit')}</button></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {manage ? <div className="card__pad"><ProductForm onDone={() => undefined} /></div> : null}
      </section>

      <section className="card card--flush" aria-labelledby="price-lists-title">
        <div className="card__head card__pad kam-row">
          <h2 id="price-lists-title" className="card__title">{t('accounts.catalogue.priceLists')}</h2>
          {write && editingList !== 'new' ? <button type="button" className="btn btn--primary btn--sm" onClick={() => setEditingList('new')} data-testid="price-list-new">{t('accounts.catalogue.newList')}</button> : null}
        </div>
        {editingList === 'new' && products.data ? (
          <div className="card__pad"><PriceListForm products={products.data.items} onDone={() => setEditingList(null)} /></div>
        ) : null}
        {lists.isPending ? <Loading /> : lists.isError ? <ErrorNotice error={lists.error} /> : lists.data.items.length === 0 ? (
          <EmptyState title={t('accounts.catalogue.noLists')} />
        ) : (
          <div className="table-wrap">
            <table className="table table--compact" data-testid="price-lists-table">
              <thead>
                <tr>
                  <th scope="col">{t('accounts.catalogue.listName')}</th><th scope="col">{t('accounts.catalogue.appliesTo')}</th><th scope="col">{t('accounts.catalogue.currency')}</th>
                  <th scope="col">{t('accounts.catalogue.valid')}</th><th scope="col" className="num">{t('accounts.catalogue.prices')}</th>
                  {write ? <th scope="col"><span className="visually-hidden">{t('accounts.catalogue.actions')}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {lists.data.items.map((l) => editingList === l.id && products.data ? (
                  <tr key={l.id}><td colSpan={6}><PriceListForm products={products.data.items} list={l} onDone={() => setEditingList(null)} /></td></tr>
                ) : (
                  <PriceListRow key={l.id} list={l} products={products.data?.items ?? []} onEdit={write ? () => setEditingList(l.id) : null} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function PriceListRow({ list, products, onEdit }: { list: PriceList; products: Product[]; onEdit: (() => void) | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const accounts = useAccounts('');
  const accountName = list.accountId ? accounts.data?.items.find((a) => a.id === list.accountId)?.name ?? '…' : null;
  const breaks = list.entries.reduce((n, e) => n + e.volumeBreaks.length, 0);
  const nameOf = (id: string) => products.find((p) => p.id === id)?.name ?? id;
  return (
    <tr data-testid="price-list-row" data-name={list.name}>
      <td>{list.name}</td>
      <td>{accountName ?? t('accounts.catalogue.general')}</td>
      <td>{list.currency}</td>
      <td>{list.validFrom || list.validTo ? `${fmt.plainDate(list.validFrom) || '…'} – ${fmt.plainDate(list.validTo) || '…'}` : t('accounts.catalogue.always')}</td>
      <td className="num" title={list.entries.map((e) => `${nameOf(e.productId)}: ${fmt.money(e.unitPriceMinor, list.currency)}`).join('\n')} data-testid="price-list-summary">
        {t('accounts.catalogue.summary', { prices: list.entries.length, breaks })}
        {list.bonusTerms ? <> · <span data-testid="price-list-bonus">{t(list.bonusTerms.period === 'year' ? 'accounts.catalogue.bonusYear' : 'accounts.catalogue.bonusQuarter')}: {list.bonusTerms.tiers.map((tier) => `${fmt.money(tier.fromMinor, list.currency)} → ${fromMinor(tier.bonusBp)}%`).join(', ')}</span></> : null}
      </td>
      {onEdit ? <td><button type="button" className="btn btn--ghost btn--sm" onClick={onEdit} data-testid="price-list-edit">{t('accounts.catalogue.edit')}</button></td> : null}
    </tr>
  );
}

function ProductForm({ product, onDone }: { product?: Product; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateProduct();
  const update = useUpdateProduct();
  const mutation = product ? update : create;
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [unit, setUnit] = useState(product?.unit ?? 'pcs');
  const [price, setPrice] = useState(product ? fromMinor(product.basePrice.amountMinor) : '');
  const [currency, setCurrency] = useState(product?.basePrice.currency ?? 'AZN');
  const [active, setActive] = useState(product?.active ?? true);
  const minor = toMinor(price);
  const fieldErrors = isApiError(mutation.error) ? mutation.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (minor === null) return;
    const body = { sku, name, unit, basePrice: { amountMinor: minor, currency } };
    if (product) update.mutate({ id: product.id, body: { ...body, active } }, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: () => { setSku(''); setName(''); setPrice(''); onDone(); } });
  };
  return (
    <form className="kam-inline-form" onSubmit={submit} data-testid={product ? 'product-edit-form' : 'product-form'}>
      {product ? null : <h3 className="card__title">{t('accounts.catalogue.newProduct')}</h3>}
      <div className="kam-row">
        <TextField label={t('accounts.catalogue.sku')} value={sku} onChange={setSku} required maxLength={60} error={fieldErrors.sku?.message} testId="product-sku" />
        <TextField label={t('accounts.catalogue.name')} value={name} onChange={setName} required maxLength={200} error={fieldErrors.name?.message} testId="product-name" />
        <TextField label={t('accounts.catalogue.unit')} value={unit} onChange={setUnit} required maxLength={20} error={fieldErrors.unit?.message} testId="product-unit" />
        <TextField label={t('accounts.catalogue.basePrice')} value={price} onChange={setPrice} required inputMode="decimal" testId="product-price"
          error={price && minor === null ? t('accounts.form.badAmount') : fieldErrors['basePrice.amountMinor']?.message} />
        <SelectField label={t('accounts.catalogue.currency')} value={currency} onChange={setCurrency} options={currencyOptions(currency)} testId="product-currency" />
        {product ? (
          <SelectField label={t('accounts.catalogue.status')} value={active ? 'active' : 'inactive'} onChange={(v) => setActive(v === 'active')}
            options={[{ value: 'active', label: t('accounts.catalogue.active') }, { value: 'inactive', label: t('accounts.catalogue.inactive') }]} />
        ) : null}
        <button type="submit" className="btn btn--primary" disabled={!sku || !name || minor === null || mutation.isPending} data-testid="product-submit">
          {product ? t('accounts.catalogue.save') : t('accounts.catalogue.addProduct')}
        </button>
        {product ? <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button> : null}
      </div>
      {mutation.isError && Object.keys(fieldErrors).length === 0 ? <ErrorNotice error={mutation.error} /> : null}
    </form>
  );
}

/** One volume break as typed: from a quantity, either a unit price or a percentage off. */
interface BreakDraft { minQuantity: string; kind: 'price' | 'discount'; value: string }
interface EntryDraft { productId: string; price: string; breaks: BreakDraft[] }

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/** The drafts as the API body, or the first thing a person must fix (its form key and message key). */
function entriesBody(entries: EntryDraft[]) {
  const out = [];
  for (const [i, e] of entries.entries()) {
    const unitPriceMinor = toMinor(e.price);
    if (unitPriceMinor === null) return { error: { field: `entries.${i}.unitPriceMinor`, key: 'accounts.form.badAmount' } };
    const volumeBreaks = [];
    for (const [j, b] of e.breaks.entries()) {
      const minQuantity = wholeNumber(b.minQuantity);
      if (minQuantity === null || minQuantity < 2) return { error: { field: `entries.${i}.volumeBreaks.${j}.minQuantity`, key: 'accounts.catalogue.badQuantity' } };
      // A percentage with up to two decimals is basis points: 12.5 % → 1250.
      const amount = toMinor(b.value);
      if (amount === null || (b.kind === 'discount' && amount > 10_000)) return { error: { field: `entries.${i}.volumeBreaks.${j}`, key: b.kind === 'discount' ? 'accounts.catalogue.badPercent' : 'accounts.form.badAmount' } };
      volumeBreaks.push(b.kind === 'price' ? { minQuantity, unitPriceMinor: amount } : { minQuantity, discountBp: amount });
    }
    out.push({ productId: e.productId, unitPriceMinor, volumeBreaks });
  }
  return { entries: out };
}

/** A turnover bonus tier as typed: from a turnover, a percentage of it paid back at the end of the period. */
interface BonusTierDraft { from: string; percent: string }

/** The bonus terms as the API body (null: none), or the first thing to fix. */
function bonusBody(period: '' | 'year' | 'quarter', tiers: BonusTierDraft[]) {
  if (period === '') return { bonusTerms: null };
  const out = [];
  for (const [i, tier] of tiers.entries()) {
    const fromMinor = toMinor(tier.from);
    if (fromMinor === null) return { error: { field: `bonusTerms.tiers.${i}.fromMinor`, key: 'accounts.form.badAmount' } };
    const bonusBp = toMinor(tier.percent);
    if (bonusBp === null || bonusBp > 10_000) return { error: { field: `bonusTerms.tiers.${i}.bonusBp`, key: 'accounts.catalogue.badPercent' } };
    out.push({ fromMinor, bonusBp });
  }
  if (out.length === 0) return { error: { field: 'bonusTerms.tiers', key: 'accounts.catalogue.bonusNeedsTier' } };
  return { bonusTerms: { basis: 'turnover' as const, period, tiers: out } };
}

function PriceListForm({ products, list, onDone }: { products: Product[]; list?: PriceList; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreatePriceList();
  const update = useUpdatePriceList();
  const mutation = list ? update : create;
  const accounts = useAccounts('');
  const [name, setName] = useState(list?.name ?? '');
  const [accountId, setAccountId] = useState(list?.accountId ?? '');
  const [currency, setCurrency] = useState(list?.currency ?? 'AZN');
  const [validFrom, setValidFrom] = useState(list?.validFrom ?? '');
  const [validTo, setValidTo] = useState(list?.validTo ?? '');
  const [entries, setEntries] = useState<EntryDraft[]>(() => (list?.entries ?? []).map((e) => ({
    productId: e.productId, price: fromMinor(e.unitPriceMinor),
    breaks: e.volumeBreaks.map((b) => (b.discountBp !== null && b.discountBp !== undefined
      ? { minQuantity: String(b.minQuantity), kind: 'discount' as const, value: fromMinor(b.discountBp) }
      : { minQuantity: String(b.minQuantity), kind: 'price' as const, value: fromMinor(b.unitPriceMinor ?? 0) })),
  })));
  const [adding, setAdding] = useState('');
  const [bonusPeriod, setBonusPeriod] = useState<'' | 'year' | 'quarter'>(list?.bonusTerms?.period ?? '');
  const [bonusTiers, setBonusTiers] = useState<BonusTierDraft[]>(() => (list?.bonusTerms?.tiers ?? []).map((tier) => ({ from: fromMinor(tier.fromMinor), percent: fromMinor(tier.bonusBp) })));
  const builtEntries = entriesBody(entries);
  const bonus = bonusBody(bonusPeriod, bonusTiers);
  const built = builtEntries.error ? builtEntries : bonus.error ? { error: bonus.error } : builtEntries;
  const serverErrors = isApiError(mutation.error) ? mutation.error.fieldErrors() : {};
  const datesReversed = validFrom !== '' && validTo !== '' && validTo < validFrom;
  const errorAt = (field: string) => (built.error?.field === field ? t(built.error.key) : serverErrors[field]?.message);
  const setEntry = (i: number, change: (e: EntryDraft) => EntryDraft) => setEntries((all) => all.map((e, k) => (k === i ? change(e) : e)));
  const available = products.filter((p) => !entries.some((e) => e.productId === p.id));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!built.entries || bonus.error || datesReversed) return;
    const common = { name, currency, validFrom: validFrom || null, validTo: validTo || null, entries: built.entries, bonusTerms: bonus.bonusTerms ?? null };
    if (list) update.mutate({ id: list.id, body: common }, { onSuccess: onDone });
    else create.mutate({ ...common, accountId: accountId || null }, { onSuccess: onDone });
  };
  return (
    <form className="kam-inline-form stack" onSubmit={submit} data-testid="price-list-form">
      <h3 className="card__title">{list ? t('accounts.catalogue.editList', { name: list.name }) : t('accounts.catalogue.newList')}</h3>
      <div className="kam-row">
        <TextField label={t('accounts.catalogue.listName')} value={name} onChange={setName} required maxLength={200} error={serverErrors.name?.message} testId="price-list-name" />
        {list ? null : (
          <SelectField label={t('accounts.catalogue.appliesTo')} value={accountId} onChange={setAccountId} testId="price-list-account" error={serverErrors.accountId?.message}
            options={[{ value: '', label: t('accounts.catalogue.general') }, ...(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))]} />
        )}
        <SelectField label={t('accounts.catalogue.currency')} value={currency} onChange={setCurrency} options={currencyOptions(currency)} testId="price-list-currency" error={serverErrors.currency?.message} />
        <TextField type="date" label={t('accounts.catalogue.validFrom')} value={validFrom} onChange={setValidFrom} testId="price-list-from" error={serverErrors.validFrom?.message} />
        <TextField type="date" label={t('accounts.catalogue.validTo')} value={validTo} onChange={setValidTo} testId="price-list-to"
          error={datesReversed ? t('accounts.catalogue.datesReversed') : serverErrors.validTo?.message} />
      </div>
      <table className="table table--compact" data-testid="price-list-entries">
        <thead>
          <tr>
            <th scope="col">{t('accounts.catalogue.product')}</th><th scope="col">{t('accounts.catalogue.unitPrice', { currency })}</th>
            <th scope="col">{t('accounts.catalogue.breaks')}</th><th scope="col"><span className="visually-hidden">{t('accounts.catalogue.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => {
            const product = products.find((p) => p.id === entry.productId);
            return (
              <tr key={entry.productId} data-testid="price-entry" data-sku={product?.sku ?? ''}>
                <td>{product ? `${product.sku} · ${product.name}` : entry.productId}</td>
                <td>
                  <TextField label={t('accounts.catalogue.unitPrice', { currency })} value={entry.price} inputMode="decimal" testId="entry-price"
                    onChange={(v) => setEntry(i, (e) => ({ ...e, price: v }))} error={errorAt(`entries.${i}.unitPriceMinor`) ?? errorAt(`entries.${i}.productId`)} />
                </td>
                <td>
                  <ul className="kam-list">
                    {entry.breaks.map((b, j) => (
                      <li key={j} className="kam-row" data-testid="volume-break">
                        <TextField label={t('accounts.catalogue.fromQuantity')} value={b.minQuantity} inputMode="numeric" testId="break-quantity"
                          onChange={(v) => setEntry(i, (e) => ({ ...e, breaks: e.breaks.map((x, k) => (k === j ? { ...x, minQuantity: v } : x)) }))}
                          error={errorAt(`entries.${i}.volumeBreaks.${j}.minQuantity`)} />
                        <SelectField label={t('accounts.catalogue.breakKind')} value={b.kind} testId="break-kind"
                          onChange={(v) => setEntry(i, (e) => ({ ...e, breaks: e.breaks.map((x, k) => (k === j ? { ...x, kind: v === 'discount' ? 'discount' : 'price' } : x)) }))}
                          options={[{ value: 'price', label: t('accounts.catalogue.breakPrice', { currency }) }, { value: 'discount', label: t('accounts.catalogue.breakDiscount') }]} />
                        <TextField label={b.kind === 'price' ? t('accounts.catalogue.unitPrice', { currency }) : t('accounts.catalogue.percentOff')} value={b.value} inputMode="decimal" testId="break-value"
                          onChange={(v) => setEntry(i, (e) => ({ ...e, breaks: e.breaks.map((x, k) => (k === j ? { ...x, value: v } : x)) }))}
                          error={errorAt(`entries.${i}.volumeBreaks.${j}`)} />
                        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEntry(i, (e) => ({ ...e, breaks: e.breaks.filter((_, k) => k !== j) }))}>
                          {t('accounts.catalogue.removeBreak')}
                        </button>
                      </li>
                    ))}
                  </ul>
                  <button type="button" className="btn btn--ghost btn--sm" data-testid="break-add"
                    onClick={() => setEntry(i, (e) => ({ ...e, breaks: [...e.breaks, { minQuantity: '', kind: 'price', value: '' }] }))}>
                    {t('accounts.catalogue.addBreak')}
                  </button>
                </td>
                <td><button type="button" className="btn btn--ghost btn--sm" onClick={() => setEntries((all) => all.filter((_, k) => k !== i))}>{t('accounts.catalogue.removeProduct')}</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {available.length > 0 ? (
        <div className="kam-row">
          <SelectField label={t('accounts.catalogue.addProductToList')} value={adding} onChange={setAdding} testId="entry-product"
            options={[{ value: '', label: '—' }, ...available.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }))]} />
          <button type="button" className="btn btn--ghost" disabled={!adding} data-testid="entry-add" onClick={() => {
            const product = products.find((p) => p.id === adding);
            if (!product) return;
            setEntries((all) => [...all, { productId: product.id, price: product.basePrice.currency === currency ? fromMinor(product.basePrice.amountMinor) : '', breaks: [] }]);
            setAdding('');
          }}>{t('accounts.catalogue.addEntry')}</button>
        </div>
      ) : null}
      <fieldset className="stack" data-testid="bonus-terms">
        <legend>{t('accounts.catalogue.bonus')}</legend>
        <SelectField label={t('accounts.catalogue.bonusPeriod')} value={bonusPeriod} testId="bonus-period"
          onChange={(v) => {
            setBonusPeriod(v === 'year' || v === 'quarter' ? v : '');
            if ((v === 'year' || v === 'quarter') && bonusTiers.length === 0) setBonusTiers([{ from: '', percent: '' }]);
          }}
          options={[{ value: '', label: t('accounts.catalogue.bonusNone') }, { value: 'year', label: t('accounts.catalogue.bonusYear') }, { value: 'quarter', label: t('accounts.catalogue.bonusQuarter') }]} />
        {bonusPeriod !== '' ? (
          <>
            <ul className="kam-list">
              {bonusTiers.map((tier, i) => (
                <li key={i} className="kam-row" data-testid="bonus-tier">
                  <TextField label={t('accounts.catalogue.bonusFrom', { currency })} value={tier.from} inputMode="decimal" testId="bonus-from"
                    onChange={(v) => setBonusTiers((all) => all.map((x, k) => (k === i ? { ...x, from: v } : x)))} error={errorAt(`bonusTerms.tiers.${i}.fromMinor`)} />
                  <TextField label={t('accounts.catalogue.bonusPercent')} value={tier.percent} inputMode="decimal" testId="bonus-percent"
                    onChange={(v) => setBonusTiers((all) => all.map((x, k) => (k === i ? { ...x, percent: v } : x)))} error={errorAt(`bonusTerms.tiers.${i}.bonusBp`)} />
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setBonusTiers((all) => all.filter((_, k) => k !== i))}>{t('accounts.catalogue.removeBonusTier')}</button>
                </li>
              ))}
            </ul>
            {errorAt('bonusTerms.tiers') ? <p className="field__error" role="alert">{errorAt('bonusTerms.tiers')}</p> : null}
            <button type="button" className="btn btn--ghost btn--sm" data-testid="bonus-add" onClick={() => setBonusTiers((all) => [...all, { from: '', percent: '' }])}>
              {t('accounts.catalogue.addBonusTier')}
            </button>
          </>
        ) : null}
      </fieldset>
      {mutation.isError && Object.keys(serverErrors).length === 0 ? <ErrorNotice error={mutation.error} /> : null}
      <div className="kam-row">
        <button type="submit" className="btn btn--primary" disabled={!name || !built.entries || datesReversed || mutation.isPending} data-testid="price-list-submit">{t('accounts.catalogue.save')}</button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('accounts.catalogue.cancel')}</button>
      </div>
    </form>
  );
}
