import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { PERMISSIONS, type ApiKey, type ApiKeyCreated, type PermissionName } from '../../app/types';
import { Badge, EmptyState, ErrorNotice, fieldErrorText, Loading, Notice, PageHeader, TextField, useConfirm, useToast } from '../../app/ui';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './api';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const q = useApiKeys();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [showForm, setShowForm] = useState(false);
  const items = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('apiKeys.title')} subtitle={t('apiKeys.subtitle')}
        actions={!showForm && !created ? (
          <button type="button" className="btn btn--primary" onClick={() => setShowForm(true)} data-testid="apikey-new"><Icon name="plus" /> {t('apiKeys.new')}</button>
        ) : null}
      />
      {created ? <SecretOnce created={created} onDone={() => setCreated(null)} /> : null}
      {showForm ? <CreateKeyForm onCreated={(k) => { setCreated(k); setShowForm(false); }} onCancel={() => setShowForm(false)} /> : null}
      <section className="card card--flush">
        {q.isPending ? <Loading /> : q.isError ? <div className="card__pad"><ErrorNotice error={q.error} /></div> : items.length === 0 ? (
          <EmptyState title={t('apiKeys.empty')}>{t('apiKeys.emptyBody')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="apikeys-table">
              <thead>
                <tr>
                  <th scope="col">{t('apiKeys.colName')}</th>
                  <th scope="col">{t('apiKeys.colPrefix')}</th>
                  <th scope="col" className="hide-sm">{t('apiKeys.colScopes')}</th>
                  <th scope="col" className="hide-md">{t('apiKeys.colCreated')}</th>
                  <th scope="col" className="hide-md">{t('apiKeys.colLastUsed')}</th>
                  <th scope="col">{t('apiKeys.colStatus')}</th>
                  <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
                </tr>
              </thead>
              <tbody>{items.map((k) => <KeyRow key={k.id} k={k} />)}</tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card help-card">
        <h2 className="card__title">{t('apiKeys.howTitle')}</h2>
        <p>{t('apiKeys.howBody')}</p>
        <pre className="code">{`curl -H "Authorization: Bearer <key>" ${window.location.origin}/api/v1/customers?q=…`}</pre>
      </section>
    </>
  );
}

function KeyRow({ k }: { k: ApiKey }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const confirm = useConfirm();
  const toast = useToast();
  const revoke = useRevokeApiKey();
  const doRevoke = async () => {
    const ok = await confirm({ title: t('apiKeys.revokeTitle'), body: t('apiKeys.revokeBody', { name: k.name }), confirmLabel: t('apiKeys.revoke'), danger: true });
    if (ok) revoke.mutate(k.id, { onSuccess: () => toast(t('apiKeys.revoked')) });
  };
  return (
    <tr data-testid="apikey-row" className={k.revokedAt ? 'row--muted' : undefined}>
      <td>
        <div className="cell-name__text">{k.name}</div>
        <div className="cell-sub">{t(`role.${k.role}`)}</div>
        {revoke.isError ? <ErrorNotice error={revoke.error} /> : null}
      </td>
      <td className="mono">{k.prefix}…</td>
      <td className="hide-sm">
        {k.scopes === null ? <span className="muted">{t('apiKeys.allScopes')}</span> : (
          <div className="tags">{k.scopes.map((s) => <span key={s} className="tag" title={t(`permission.${s}`)}>{s}</span>)}</div>
        )}
      </td>
      <td className="hide-md nowrap">{fmt.date(k.createdAt)}</td>
      <td className="hide-md nowrap">{k.lastUsedAt ? fmt.dateTime(k.lastUsedAt) : <span className="muted">{t('apiKeys.never')}</span>}</td>
      <td>{k.revokedAt ? <Badge tone="danger">{t('apiKeys.statusRevoked')}</Badge> : <Badge tone="success">{t('apiKeys.statusActive')}</Badge>}</td>
      <td className="actions-cell">
        {!k.revokedAt ? (
          <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => void doRevoke()} disabled={revoke.isPending} data-testid="apikey-revoke">
            {t('apiKeys.revoke')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function CreateKeyForm({ onCreated, onCancel }: { onCreated: (k: ApiKeyCreated) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [limited, setLimited] = useState(false);
  const [scopes, setScopes] = useState<PermissionName[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const server = isApiError(create.error) ? create.error.fieldErrors() : {};
  const available = PERMISSIONS.filter((p) => me.permissions.includes(p));
  const nameErr = submitted && !name.trim() ? t('fieldError.required') : fieldErrorText(t, server.name);
  const scopeErr = submitted && limited && !scopes.length ? t('apiKeys.chooseScope') : fieldErrorText(t, server.scopes);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!name.trim() || (limited && !scopes.length)) return;
    create.mutate({ name: name.trim(), scopes: limited ? scopes : null }, { onSuccess: onCreated });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-key-title">
      <h2 id="new-key-title" className="card__title">{t('apiKeys.new')}</h2>
      {create.isError && !Object.keys(server).length ? <ErrorNotice error={create.error} /> : null}
      <TextField label={t('apiKeys.name')} value={name} onChange={setName} error={nameErr} hint={t('apiKeys.nameHint')} required autoFocus maxLength={120} testId="apikey-name" />
      <fieldset className="form-section">
        <legend>{t('apiKeys.scopes')}</legend>
        <label className="check"><input type="radio" name="scope-mode" checked={!limited} onChange={() => setLimited(false)} /> <span>{t('apiKeys.scopeAll', { role: t(`role.${me.workspace.role}`) })}</span></label>
        <label className="check"><input type="radio" name="scope-mode" checked={limited} onChange={() => setLimited(true)} /> <span>{t('apiKeys.scopeLimited')}</span></label>
        {limited ? (
          <div className="check-grid">
            {available.map((p) => (
              <label key={p} className="check">
                <input type="checkbox" checked={scopes.includes(p)} onChange={(e) => setScopes(e.target.checked ? [...scopes, p] : scopes.filter((x) => x !== p))} />
                <span>{t(`permission.${p}`)} <code className="muted">{p}</code></span>
              </label>
            ))}
          </div>
        ) : null}
        {scopeErr ? <p className="field__error" role="alert">{scopeErr}</p> : null}
      </fieldset>
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="apikey-submit">{t('apiKeys.create')}</button>
      </div>
    </form>
  );
}

function SecretOnce({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      const el = document.getElementById('apikey-secret') as HTMLInputElement | null;
      el?.select();
    }
  };
  return (
    <section className="card secret" aria-labelledby="secret-title" data-testid="apikey-created">
      <h2 id="secret-title" className="card__title">{t('apiKeys.createdTitle', { name: created.name })}</h2>
      <Notice kind="warning">{t('apiKeys.shownOnce')}</Notice>
      <div className="secret__row">
        <label htmlFor="apikey-secret" className="visually-hidden">{t('apiKeys.secret')}</label>
        <input id="apikey-secret" className="input mono" readOnly value={created.secret} onFocus={(e) => e.target.select()} data-testid="apikey-secret" />
        <button type="button" className="btn btn--primary" onClick={() => void copy()} data-testid="apikey-copy">
          <Icon name={copied ? 'check' : 'copy'} /> {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
        </button>
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('apiKeys.stored')}</button>
      </div>
    </section>
  );
}
