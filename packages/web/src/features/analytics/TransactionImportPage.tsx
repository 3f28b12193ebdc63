// Sales-history import: upload a CSV (or a space-separated log like CDNOW_master.txt), check the suggested
// columns, start, follow the progress, read the per-line errors; then refresh the models.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { useFormat } from '../../app/session';
import { LineErrorTable } from '../../app/LineErrorTable';
import { Badge, ErrorNotice, Loading } from '../../app/ui';
import type { ImportLineError } from '../../app/types';
import { isActive, useStartRun, useStartTransactionImport, useTransactionImport, useTransactionImports, useUploadTransactions } from './api';
import { ProgressBar } from './parts';
import { TRANSACTION_FIELDS, type TransactionColumns, type TransactionFile, type TransactionImport } from './types';

const REQUIRED = new Set(['customer', 'date', 'amount']);

export function TransactionImportPage() {
  const [file, setFile] = useState<TransactionFile | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const reset = () => { setFile(null); setRunId(null); };
  return (
    <div className="stack">
      {!file ? <UploadCard onUploaded={setFile} /> : null}
      {file && !runId ? <ColumnsCard file={file} onBack={reset} onStarted={setRunId} /> : null}
      {runId ? <RunCard id={runId} onAgain={reset} /> : null}
      <RecentImports />
    </div>
  );
}

function UploadCard({ onUploaded }: { onUploaded: (f: TransactionFile) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useUploadTransactions();
  const wrong = Boolean(picked && !/\.(csv|txt|tsv|dat)$/i.test(picked.name));
  const choose = (f: File | null) => { setPicked(f); upload.reset(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked && !wrong) upload.mutate(picked, { onSuccess: onUploaded });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2 className="card__title">{t('analytics.import.uploadTitle')}</h2>
      <p className="muted small analytics-intro">{t('analytics.import.intro')}</p>
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); choose(e.dataTransfer.files[0] ?? null); }}
      >
        <Icon name="imports" size={28} />
        <label htmlFor={inputId} className="dropzone__label">{t('analytics.import.dropHere')}</label>
        <input
          ref={input} id={inputId} type="file" className="dropzone__input" accept=".csv,.txt,.tsv,.dat,text/csv,text/plain"
          onChange={(e) => choose(e.target.files?.[0] ?? null)} data-testid="analytics-import-file"
        />
        <button type="button" className="btn btn--ghost" onClick={() => input.current?.click()}>{t('analytics.import.chooseFile')}</button>
        <p className="field__hint">{t('analytics.import.formats')}</p>
      </div>
      {picked ? (
        <p className="picked-file"><strong>{picked.name}</strong> <span className="muted">({fmt.number(Math.ceil(picked.size / 1024))} KB)</span></p>
      ) : null}
      {wrong ? <p className="field__error" role="alert">{t('analytics.import.wrongType')}</p> : null}
      <ErrorNotice error={upload.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={!picked || wrong || upload.isPending} data-testid="analytics-import-upload">
          {upload.isPending ? t('analytics.import.uploading') : t('analytics.import.upload')}
        </button>
      </div>
    </form>
  );
}

function ColumnsCard({ file, onBack, onStarted }: { file: TransactionFile; onBack: () => void; onStarted: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [columns, setColumns] = useState<TransactionColumns>({ ...file.suggestedColumns });
  const [createMissing, setCreateMissing] = useState(true);
  const start = useStartTransactionImport();
  const baseId = useId();
  const missing = [...REQUIRED].filter((k) => !columns[k as keyof TransactionColumns]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (missing.length) return;
    const chosen: TransactionColumns = {};
    for (const k of TRANSACTION_FIELDS) if (columns[k]) chosen[k] = columns[k];
    start.mutate({ fileId: file.id, columns: chosen, createMissingCustomers: createMissing }, { onSuccess: (r) => onStarted(r.id) });
  };
  const previewCols = file.columns.slice(0, 8);
  return (
    <form className="card stack" onSubmit={submit} data-testid="analytics-import-columns">
      <div className="card__head">
        <div>
          <h2 className="card__title">{t('analytics.import.columnsTitle')}</h2>
          <p className="muted small">
            {t('analytics.import.fileSummary', { name: file.fileName, rows: fmt.number(file.rowCount), format: t(`analytics.import.format.${file.format}`) })}
          </p>
        </div>
      </div>
      <div className="form-row form-row--3">
        {TRANSACTION_FIELDS.map((k) => (
          <div className="field" key={k}>
            <label className="field__label" htmlFor={`${baseId}-${k}`}>
              {t(`analytics.import.field.${k}`)}{REQUIRED.has(k) ? <span className="field__required" aria-hidden="true"> *</span> : null}
            </label>
            <select
              id={`${baseId}-${k}`} className="input select" value={columns[k] ?? ''} data-testid={`analytics-import-col-${k}`}
              onChange={(e) => setColumns((c) => ({ ...c, [k]: e.target.value || undefined }))}
              aria-invalid={REQUIRED.has(k) && !columns[k] ? true : undefined}
            >
              <option value="">{REQUIRED.has(k) ? t('analytics.import.pickColumn') : t('analytics.import.noColumn')}</option>
              {file.columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
            {file.suggestedColumns[k] && file.suggestedColumns[k] === columns[k] ? <p className="field__hint">{t('analytics.import.suggested')}</p> : null}
          </div>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)} data-testid="analytics-import-create" />
        <span>{t('analytics.import.createMissing')}</span>
      </label>
      <div>
        <h3 className="section-title">{t('analytics.import.preview')}</h3>
        <div className="table-wrap table-wrap--scroll">
          <table className="table table--compact">
            <thead><tr>{previewCols.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>
              {file.preview.slice(0, 5).map((row, i) => (
                <tr key={i}>{previewCols.map((c) => <td key={c} className="mono">{row[c] ?? ''}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {missing.length ? <p className="field__error" role="alert">{t('analytics.import.missingColumns')}</p> : null}
      <ErrorNotice error={start.error} />
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onBack}>{t('common.back')}</button>
        <button type="submit" className="btn btn--primary" disabled={Boolean(missing.length) || start.isPending} data-testid="analytics-import-start">
          {start.isPending ? t('common.loading') : t('analytics.import.start')}
        </button>
      </div>
    </form>
  );
}

function RunCard({ id, onAgain }: { id: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const q = useTransactionImport(id);
  const refresh = useStartRun();
  const run = q.data;
  if (!run) return q.isError ? <ErrorNotice error={q.error} /> : <Loading />;
  const finished = !isActive(run);
  return (
    <section className="card stack" aria-labelledby="tx-run-title">
      <h2 id="tx-run-title" className="card__title">{t('analytics.import.runTitle', { name: run.fileName })}</h2>
      <ProgressBar
        testId="analytics-import-progress" status={run.status} failed={run.status === 'failed'}
        value={run.total ? run.processed / run.total : run.status === 'done' ? 1 : 0}
        label={t(`analytics.runStatus.${run.status}`)}
        detail={t('analytics.import.processed', { processed: fmt.number(run.processed), total: fmt.number(run.total) })}
      />
      <ImportCounts run={run} />
      {finished && run.status === 'done' ? (
        <div className="notice notice--success" role="status" data-testid="analytics-import-done">
          <strong>{t('analytics.import.doneTitle')}</strong>
          <span>{t('analytics.import.doneBody', { inserted: fmt.number(run.inserted), customers: fmt.number(run.customersCreated) })}</span>
        </div>
      ) : null}
      <ErrorTable errors={run.errors} />
      <ErrorNotice error={refresh.error} />
      {finished ? (
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onAgain}>{t('analytics.import.again')}</button>
          {run.status === 'done' ? (
            <button
              type="button" className="btn btn--primary" disabled={refresh.isPending} data-testid="analytics-import-refresh"
              onClick={() => refresh.mutate({}, { onSuccess: (r) => navigate('/analytics/models', { state: { runId: r.id } }) })}
            >
              <Icon name="refresh" /> {t('analytics.import.refreshNow')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function ImportCounts({ run }: { run: TransactionImport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stats: [string, number, boolean][] = [
    ['inserted', run.inserted, false], ['alreadyImported', run.alreadyImported, false], ['returns', run.returns, false],
    ['customersCreated', run.customersCreated, false], ['failed', run.failed, run.failed > 0],
  ];
  return (
    <dl className="stats">
      {stats.map(([k, v, bad]) => (
        <div key={k} className={`stat${bad ? ' stat--bad' : ''}`}>
          <dt>{t(`analytics.import.count.${k}`)}</dt>
          <dd data-testid={`analytics-import-${k}`}>{fmt.number(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ErrorTable({ errors }: { errors: ImportLineError[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = {
    title: t('analytics.import.errorsTitle', { n: fmt.number(errors.length) }), line: t('analytics.import.errLine'),
    column: t('analytics.import.errColumn'), value: t('analytics.import.errValue'), expected: t('analytics.import.errExpected'),
    emptyValue: t('analytics.import.emptyValue'),
  };
  return (
    <LineErrorTable errors={errors} labels={labels} testId="analytics-import-errors" rowTestId="analytics-import-error-row"
      describe={(e) => t(`analytics.importError.${e.code}`, { defaultValue: e.expected })} />
  );
}

function RecentImports() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useTransactionImports();
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="card card--flush" aria-labelledby="tx-recent-title">
      <div className="card__head card__pad"><h2 id="tx-recent-title" className="card__title">{t('analytics.import.recent')}</h2></div>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="analytics-imports">
          <thead>
            <tr>
              <th scope="col">{t('analytics.import.file')}</th>
              <th scope="col">{t('analytics.models.status')}</th>
              <th scope="col" className="num">{t('analytics.import.count.inserted')}</th>
              <th scope="col" className="num">{t('analytics.import.count.customersCreated')}</th>
              <th scope="col" className="num">{t('analytics.import.count.failed')}</th>
              <th scope="col">{t('analytics.import.when')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.fileName}</td>
                <td><Badge tone={r.status === 'done' ? 'success' : r.status === 'failed' ? 'danger' : 'info'}>{t(`analytics.runStatus.${r.status}`)}</Badge></td>
                <td className="num">{fmt.number(r.inserted)}</td>
                <td className="num">{fmt.number(r.customersCreated)}</td>
                <td className="num">{fmt.number(r.failed)}</td>
                <td className="nowrap">{fmt.dateTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
