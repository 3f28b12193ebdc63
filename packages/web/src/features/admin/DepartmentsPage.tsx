import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useFormat } from '../../app/session';
import { EmptyState, ErrorNotice, fieldErrorText, Loading, PageHeader, TextField, useToast } from '../../app/ui';
import { useCreateDepartment, useDepartments, useMembers } from './api';

export function DepartmentsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const q = useDepartments();
  const members = useMembers();
  const create = useCreateDepartment();
  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const server = isApiError(create.error) ? create.error.fieldErrors() : {};
  const localErr = submitted && !name.trim() ? t('fieldError.required') : undefined;
  const items = q.data?.items ?? [];
  const countFor = (id: string) => (members.data?.items ?? []).filter((m) => m.departmentId === id).length;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!name.trim()) return;
    create.mutate(name.trim(), { onSuccess: () => { setName(''); setSubmitted(false); toast(t('departments.created')); } });
  };

  return (
    <>
      <PageHeader title={t('departments.title')} subtitle={t('departments.subtitle')} />
      <form className="card inline-create" onSubmit={submit} noValidate>
        <TextField label={t('departments.name')} value={name} onChange={setName} error={localErr ?? fieldErrorText(t, server.name)} maxLength={120} testId="department-name" />
        <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="department-submit">{t('departments.create')}</button>
      </form>
      {create.isError && !Object.keys(server).length ? <ErrorNotice error={create.error} /> : null}
      <section className="card card--flush">
        {q.isPending ? <Loading /> : q.isError ? <div className="card__pad"><ErrorNotice error={q.error} /></div> : items.length === 0 ? (
          <EmptyState title={t('departments.empty')}>{t('departments.emptyBody')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('departments.name')}</th>
                  <th scope="col" className="num">{t('departments.members')}</th>
                  <th scope="col" className="hide-sm">{t('departments.createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id} data-testid="department-row">
                    <td>{d.name}</td>
                    <td className="num">{fmt.number(countFor(d.id))}</td>
                    <td className="hide-sm">{fmt.date(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
