import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { Icon } from '../../app/icons';
import { useFormat, useMe } from '../../app/session';
import { LOCALES, ROLES, type Locale, type Member, type RoleName } from '../../app/types';
import {
  Avatar, Badge, EmptyState, ErrorNotice, fieldErrorText, Loading, PageHeader, SelectField, TextField, useConfirm, useToast,
} from '../../app/ui';
import { useCreateMember, useDepartments, useMembers, useRemoveMember, useUpdateMember } from './api';

const NATIVE: Record<Locale, string> = { az: 'Azərbaycanca', tr: 'Türkçe', en: 'English' };

export function UsersPage() {
  const { t } = useTranslation();
  const [showForm, setShowForm] = useState(false);
  const members = useMembers();
  const departments = useDepartments();
  const items = members.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('users.title')} subtitle={t('users.subtitle')}
        actions={!showForm ? (
          <button type="button" className="btn btn--primary" onClick={() => setShowForm(true)} data-testid="user-new"><Icon name="plus" /> {t('users.new')}</button>
        ) : null}
      />
      {showForm ? <CreateMemberForm onClose={() => setShowForm(false)} /> : null}
      <section className="card card--flush">
        {members.isPending ? <Loading /> : members.isError ? <div className="card__pad"><ErrorNotice error={members.error} /></div> : items.length === 0 ? (
          <EmptyState title={t('users.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="members-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.colName')}</th>
                  <th scope="col">{t('users.colRole')}</th>
                  <th scope="col" className="hide-sm">{t('users.colDepartment')}</th>
                  <th scope="col" className="hide-md">{t('users.colJoined')}</th>
                  <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => <MemberRow key={m.userId} m={m} departments={departments.data?.items ?? []} />)}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RolesHelp />
    </>
  );
}

function MemberRow({ m, departments }: { m: Member; departments: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const fmt = useFormat();
  const confirm = useConfirm();
  const toast = useToast();
  const update = useUpdateMember();
  const remove = useRemoveMember();
  const self = m.userId === me.user.id;

  const changeRole = async (role: RoleName) => {
    const ok = await confirm({ title: t('users.changeRoleTitle'), body: t('users.changeRoleBody', { name: m.name, role: t(`role.${role}`) }), confirmLabel: t('users.changeRole') });
    if (ok) update.mutate({ userId: m.userId, body: { role } }, { onSuccess: () => toast(t('users.updated')) });
  };
  const changeDept = (departmentId: string) =>
    update.mutate({ userId: m.userId, body: { departmentId: departmentId || null } }, { onSuccess: () => toast(t('users.updated')) });
  const doRemove = async () => {
    const ok = await confirm({ title: t('users.removeTitle'), body: t('users.removeBody', { name: m.name }), confirmLabel: t('users.remove'), danger: true });
    if (ok) remove.mutate(m.userId, { onSuccess: () => toast(t('users.removed')) });
  };

  return (
    <tr data-testid="member-row">
      <td>
        <div className="cell-name">
          <Avatar name={m.name} size="sm" />
          <div>
            <div className="cell-name__text">{m.name} {self ? <Badge tone="accent">{t('users.you')}</Badge> : null}</div>
            <div className="cell-sub">{m.email}</div>
          </div>
        </div>
        {update.isError ? <ErrorNotice error={update.error} /> : null}
        {remove.isError ? <ErrorNotice error={remove.error} /> : null}
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${m.userId}`}>{t('users.roleFor', { name: m.name })}</label>
        <select id={`role-${m.userId}`} className="input select select--compact" value={m.role} disabled={self || update.isPending}
          onChange={(e) => void changeRole(e.target.value as RoleName)} data-testid="member-role">
          {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
      </td>
      <td className="hide-sm">
        <label className="visually-hidden" htmlFor={`dept-${m.userId}`}>{t('users.departmentFor', { name: m.name })}</label>
        <select id={`dept-${m.userId}`} className="input select select--compact" value={m.departmentId ?? ''} disabled={update.isPending}
          onChange={(e) => changeDept(e.target.value)}>
          <option value="">{t('users.noDepartment')}</option>
          {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
      </td>
      <td className="hide-md nowrap">{fmt.date(m.joinedAt)}</td>
      <td className="actions-cell">
        {!self ? (
          <button type="button" className="icon-btn icon-btn--danger" onClick={() => void doRemove()} aria-label={t('users.removeNamed', { name: m.name })} title={t('users.remove')}>
            <Icon name="trash" />
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function CreateMemberForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const departments = useDepartments();
  const create = useCreateMember();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<RoleName>('viewer');
  const [departmentId, setDepartmentId] = useState('');
  const [locale, setLocale] = useState<Locale>('az');
  const [submitted, setSubmitted] = useState(false);
  const server = isApiError(create.error) ? create.error.fieldErrors() : {};

  const local: Record<string, string> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = email ? 'invalidEmail' : 'required';
  if (!name.trim()) local.name = 'required';
  if (password.length < 10) local.password = 'passwordTooShort';
  const err = (k: string) => (submitted && local[k] ? t(`fieldError.${local[k]}`) : fieldErrorText(t, server[k]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length) return;
    create.mutate(
      { email: email.trim(), name: name.trim(), password, role, departmentId: departmentId || null, locale },
      { onSuccess: () => { toast(t('users.created')); onClose(); } },
    );
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-user-title">
      <h2 id="new-user-title" className="card__title">{t('users.new')}</h2>
      {create.isError && !Object.keys(server).length ? <ErrorNotice error={create.error} /> : null}
      <div className="form-row">
        <TextField label={t('users.name')} value={name} onChange={setName} error={err('name')} required autoFocus testId="user-name" />
        <TextField label={t('users.email')} type="email" value={email} onChange={setEmail} error={err('email')} required testId="user-email" autoComplete="off" />
      </div>
      <div className="form-row">
        <TextField label={t('users.password')} type="password" value={password} onChange={setPassword} error={err('password')} hint={t('users.passwordHint')} required testId="user-password" autoComplete="new-password" />
        <SelectField label={t('users.role')} value={role} onChange={(v) => setRole(v as RoleName)} error={err('role')} hint={t(`roleHelp.${role}`)}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} testId="user-role" />
      </div>
      <div className="form-row">
        <SelectField label={t('users.department')} value={departmentId} onChange={setDepartmentId} error={err('departmentId')}
          options={[{ value: '', label: t('users.noDepartment') }, ...(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
        <SelectField label={t('users.locale')} value={locale} onChange={(v) => setLocale(v as Locale)}
          options={LOCALES.map((l) => ({ value: l, label: NATIVE[l] }))} />
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="user-submit">
          {create.isPending ? t('common.saving') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

function RolesHelp() {
  const { t } = useTranslation();
  return (
    <details className="card help">
      <summary>{t('users.rolesHelp')}</summary>
      <dl className="dl">
        {ROLES.map((r) => <div key={r} className="dl__row"><dt>{t(`role.${r}`)}</dt><dd>{t(`roleHelp.${r}`)}</dd></div>)}
      </dl>
    </details>
  );
}
