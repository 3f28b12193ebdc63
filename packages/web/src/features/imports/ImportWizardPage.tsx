import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { useFormat } from '../../app/session';
import { LineErrorTable } from '../../app/LineErrorTable';
import type { ImportFile, ImportLineError, ImportRun } from '../../app/types';
import { Badge, EmptyState, ErrorNotice, Loading, Notice, PageHeader, SelectField, TextField } from '../../app/ui';
import { fieldLabel, useCustomFields } from '../customers/api';
import { IMPORT_FIELDS } from './fields';
import { fileFormat, useImportRun, useImportRuns, useSavedMappings, useStartImport, useUploadFile } from './api';

type Step = 'upload' | 'map' | 'check' | 'run';
const STEPS: Step[] = ['upload', 'map', 'check', 'run'];

export function ImportWizardPage() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<ImportFile | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [matchBy, setMatchBy] = useState<'external_id' | 'email'>('external_id');
  const [saveAs, setSaveAs] = useState('');
  const [dryRunId, setDryRunId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);

  const reset = () => {
    setStep('upload'); setFile(null); setMapping({}); setSaveAs(''); setDryRunId(null); setRunId(null);
  };

  return (
    <>
      <PageHeader title={t('imports.title')} subtitle={t('imports.subtitle')} />
      <ol className="stepper" aria-label={t('imports.steps')}>
        {STEPS.map((s, i) => {
          const idx = STEPS.indexOf(step);
          const state = i < idx ? 'done' : i === idx ? 'current' : 'todo';
          return (
            <li key={s} className={`stepper__step stepper__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="stepper__num" aria-hidden="true">{state === 'done' ? <Icon name="check" size={14} /> : i + 1}</span>
              <span>{t(`imports.step.${s}`)}</span>
            </li>
          );
        })}
      </ol>

      {step === 'upload' ? (
        <UploadStep
          onUploaded={(f) => {
            const targets = Object.values(f.suggestedMapping);
            setFile(f);
            setMapping({ ...f.suggestedMapping });
            setMatchBy(!targets.includes('external_id') && targets.includes('email') ? 'email' : 'external_id');
            setStep('map');
          }}
        />
      ) : null}
      {step === 'map' && file ? (
        <MapStep
          file={file} mapping={mapping} setMapping={setMapping} matchBy={matchBy} setMatchBy={setMatchBy}
          saveAs={saveAs} setSaveAs={setSaveAs} onBack={reset}
          onDryRun={(id) => { setDryRunId(id); setStep('check'); }}
        />
      ) : null}
      {step === 'check' && file && dryRunId ? (
        <CheckStep
          runId={dryRunId} file={file} mapping={mapping} matchBy={matchBy} saveAs={saveAs}
          onBack={() => setStep('map')} onRun={(id) => { setRunId(id); setStep('run'); }}
        />
      ) : null}
      {step === 'run' && runId ? <RunStep runId={runId} onAgain={reset} /> : null}

      <RecentImports />
    </>
  );
}

function UploadStep({ onUploaded }: { onUploaded: (f: ImportFile) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<File | null>(null);
  const [wrongType, setWrongType] = useState(false);
  const [dragging, setDragging] = useState(false);
  const upload = useUploadFile();

  const choose = (f: File | null) => {
    setPicked(f);
    setWrongType(Boolean(f && !fileFormat(f)));
    upload.reset();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0] ?? null);
  };
  const next = (e: FormEvent) => {
    e.preventDefault();
    if (!picked || wrongType) return;
    upload.mutate(picked, { onSuccess: onUploaded });
  };

  return (
    <form className="card" onSubmit={next}>
      <h2 className="card__title">{t('imports.uploadTitle')}</h2>
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}
      >
        <Icon name="imports" size={28} />
        <label htmlFor={inputId} className="dropzone__label">{t('imports.dropHere')}</label>
        <input
          ref={input} id={inputId} type="file" className="dropzone__input" data-testid="import-file-input"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => choose(e.target.files?.[0] ?? null)}
        />
        <button type="button" className="btn btn--ghost" onClick={() => input.current?.click()}>{t('imports.chooseFile')}</button>
        <p className="field__hint">{t('imports.formats')}</p>
      </div>
      {picked ? (
        <p className="picked-file" data-testid="import-picked">
          <strong>{picked.name}</strong> <span className="muted">({fmt.number(Math.ceil(picked.size / 1024))} KB)</span>
        </p>
      ) : null}
      {wrongType ? <p className="field__error" role="alert">{t('imports.wrongType')}</p> : null}
      <ErrorNotice error={upload.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={!picked || wrongType || upload.isPending} data-testid="import-next">
          {upload.isPending ? t('imports.uploading') : t('common.next')}
        </button>
      </div>
    </form>
  );
}

function MapStep({ file, mapping, setMapping, matchBy, setMatchBy, saveAs, setSaveAs, onBack, onDryRun }: {
  file: ImportFile; mapping: Record<string, string>; setMapping: (m: Record<string, string>) => void;
  matchBy: 'external_id' | 'email'; setMatchBy: (v: 'external_id' | 'email') => void;
  saveAs: string; setSaveAs: (v: string) => void; onBack: () => void; onDryRun: (runId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const saved = useSavedMappings();
  const defs = useCustomFields();
  const start = useStartImport();
  const savedId = useId();

  const fields: { value: string; label: string }[] = [
    ...IMPORT_FIELDS.map((f) => ({ value: f, label: t(`importField.${f}`) })),
    ...(defs.data?.items ?? []).map((d) => ({ value: `custom:${d.key}`, label: `${fieldLabel(d, i18n.language)} (${t('imports.customField')})` })),
  ];
  for (const v of Object.values(file.suggestedMapping)) {
    if (!fields.some((f) => f.value === v)) fields.push({ value: v, label: v });
  }
  const used = Object.values(mapping);
  const dupTargets = new Set(used.filter((v, i) => used.indexOf(v) !== i));
  const mappedCount = Object.keys(mapping).length;
  const matchField = matchBy;
  const matchMapped = used.includes(matchField);

  const applySaved = (id: string) => {
    const m = saved.data?.items.find((x) => x.id === id);
    if (!m) return;
    const next: Record<string, string> = {};
    for (const col of file.columns) if (m.mapping[col]) next[col] = m.mapping[col];
    setMapping(next);
  };

  const dryRun = () => {
    start.mutate({ fileId: file.id, mapping, dryRun: true, matchBy }, { onSuccess: (r) => onDryRun(r.id) });
  };

  return (
    <section className="card" aria-labelledby="map-title">
      <div className="card__head">
        <div>
          <h2 id="map-title" className="card__title">{t('imports.mapTitle')}</h2>
          <p className="muted">{t('imports.fileSummary', { name: file.fileName, rows: fmt.number(file.rowCount), columns: fmt.number(file.columns.length) })}</p>
        </div>
        {saved.data?.items.length ? (
          <div className="field field--inline">
            <label htmlFor={savedId} className="field__label">{t('imports.savedMappings')}</label>
            <select id={savedId} className="input select select--compact" defaultValue="" onChange={(e) => applySaved(e.target.value)} data-testid="import-saved-mapping">
              <option value="" disabled>{t('imports.chooseSaved')}</option>
              {saved.data.items.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </select>
          </div>
        ) : null}
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('imports.colColumn')}</th>
              <th scope="col">{t('imports.colSample')}</th>
              <th scope="col">{t('imports.colField')}</th>
            </tr>
          </thead>
          <tbody>
            {file.columns.map((col) => {
              const target = mapping[col] ?? '';
              const samples = file.preview.slice(0, 3).map((r) => r[col] ?? '').filter(Boolean);
              return (
                <tr key={col} data-testid="import-mapping-row">
                  <th scope="row" className="mono">{col}</th>
                  <td className="muted truncate">{samples.join(' · ') || '—'}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`map-${col}`}>{t('imports.fieldFor', { column: col })}</label>
                    <select
                      id={`map-${col}`} className="input select" value={target} aria-invalid={dupTargets.has(target) || undefined}
                      onChange={(e) => {
                        const next = { ...mapping };
                        if (e.target.value) next[col] = e.target.value; else delete next[col];
                        setMapping(next);
                      }}
                    >
                      <option value="">{t('imports.ignore')}</option>
                      {fields.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
                    </select>
                    {dupTargets.has(target) ? <p className="field__error">{t('imports.duplicateTarget')}</p> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="form-row">
        <SelectField
          label={t('imports.matchBy')} value={matchBy} onChange={(v) => setMatchBy(v as 'external_id' | 'email')}
          hint={t('imports.matchByHint')}
          options={[{ value: 'external_id', label: t('importField.external_id') }, { value: 'email', label: t('importField.email') }]}
        />
        <TextField label={t('imports.saveAs')} value={saveAs} onChange={setSaveAs} hint={t('imports.saveAsHint')} maxLength={80} />
      </div>
      {!matchMapped ? <Notice kind="warning">{t('imports.matchNotMapped', { field: t(`importField.${matchField}`) })}</Notice> : null}
      <ErrorNotice error={start.error} />
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onBack}>{t('common.back')}</button>
        <button type="button" className="btn btn--primary" onClick={dryRun} disabled={!mappedCount || !matchMapped || dupTargets.size > 0 || start.isPending} data-testid="import-dryrun">
          {start.isPending ? t('common.loading') : t('imports.dryRun')}
        </button>
      </div>
    </section>
  );
}

function Progress({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pct = run.total > 0 ? Math.min(100, Math.round((run.processed / run.total) * 100)) : run.status === 'done' ? 100 : 0;
  return (
    <div className="progress-block">
      <div className="progress-block__label">
        <span>{t(`importStatus.${run.status}`)}</span>
        <span>{t('imports.processed', { processed: fmt.number(run.processed), total: fmt.number(run.total) })}</span>
      </div>
      <div
        className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}
        aria-label={t('imports.progress')} data-testid="import-progress" data-status={run.status}
      >
        <div className={`progress__bar${run.status === 'failed' ? ' progress__bar--failed' : ''}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function Counts({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <dl className="stats">
      <div className="stat"><dt>{run.dryRun ? t('imports.wouldInsert') : t('imports.inserted')}</dt><dd data-testid="import-inserted">{fmt.number(run.inserted)}</dd></div>
      <div className="stat"><dt>{run.dryRun ? t('imports.wouldUpdate') : t('imports.updated')}</dt><dd data-testid="import-updated">{fmt.number(run.updated)}</dd></div>
      <div className={`stat${run.failed ? ' stat--bad' : ''}`}><dt>{t('imports.failedRows')}</dt><dd data-testid="import-failed">{fmt.number(run.failed)}</dd></div>
    </dl>
  );
}

function ErrorTable({ errors }: { errors: ImportLineError[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = {
    title: t('imports.errorsTitle', { n: fmt.number(errors.length) }), line: t('imports.errLine'), column: t('imports.errColumn'),
    value: t('imports.errValue'), expected: t('imports.errExpected'), emptyValue: t('imports.emptyValue'),
  };
  return (
    <LineErrorTable errors={errors} labels={labels} testId="import-errors" rowTestId="import-error-row"
      describe={(e) => t(`importError.${e.code}`, { defaultValue: e.expected })} />
  );
}

function CheckStep({ runId, file, mapping, matchBy, saveAs, onBack, onRun }: {
  runId: string; file: ImportFile; mapping: Record<string, string>; matchBy: 'external_id' | 'email'; saveAs: string;
  onBack: () => void; onRun: (id: string) => void;
}) {
  const { t } = useTranslation();
  const q = useImportRun(runId);
  const start = useStartImport();
  const run = q.data;
  if (!run) return q.isError ? <ErrorNotice error={q.error} /> : <Loading />;
  const finished = run.status === 'done' || run.status === 'failed';
  const go = () => {
    start.mutate(
      { fileId: file.id, mapping, dryRun: false, matchBy, ...(saveAs.trim() ? { saveMappingAs: saveAs.trim() } : {}) },
      { onSuccess: (r) => onRun(r.id) },
    );
  };
  return (
    <section className="card stack" aria-labelledby="check-title" data-testid="import-dryrun-result">
      <h2 id="check-title" className="card__title">{t('imports.checkTitle')}</h2>
      {!finished ? <Progress run={run} /> : (
        <>
          {run.status === 'failed' ? <Notice kind="warning">{t('imports.runFailed')}</Notice> : run.failed ? (
            <Notice kind="warning">{t('imports.checkWithErrors')}</Notice>
          ) : <Notice kind="success">{t('imports.checkClean')}</Notice>}
          <Counts run={run} />
          <ErrorTable errors={run.errors} />
        </>
      )}
      <ErrorNotice error={start.error} />
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onBack}>{t('imports.backToMapping')}</button>
        <button type="button" className="btn btn--primary" onClick={go} disabled={!finished || run.status === 'failed' || start.isPending} data-testid="import-run">
          {run.failed ? t('imports.runValidOnly') : t('imports.run')}
        </button>
      </div>
    </section>
  );
}

function RunStep({ runId, onAgain }: { runId: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const q = useImportRun(runId);
  const run = q.data;
  if (!run) return q.isError ? <ErrorNotice error={q.error} /> : <Loading />;
  const finished = run.status === 'done' || run.status === 'failed';
  return (
    <section className="card stack" aria-labelledby="run-title">
      <h2 id="run-title" className="card__title">{t('imports.runTitle')}</h2>
      <Progress run={run} />
      {finished ? (
        <div className="stack" data-testid="import-done" data-status={run.status}>
          {run.status === 'done' ? <Notice kind="success">{t('imports.done')}</Notice> : <Notice kind="warning">{t('imports.runFailed')}</Notice>}
          <Counts run={run} />
          <ErrorTable errors={run.errors} />
          <div className="form-actions">
            <button type="button" className="btn btn--ghost" onClick={onAgain}>{t('imports.another')}</button>
            <Link to="/customers?sort=-updated" className="btn btn--primary">{t('imports.viewCustomers')}</Link>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function RecentImports() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useImportRuns();
  const items = q.data?.items ?? [];
  return (
    <section className="card card--flush" aria-labelledby="recent-title">
      <div className="card__head card__pad">
        <h2 id="recent-title" className="card__title">{t('imports.recent')}</h2>
      </div>
      {q.isPending ? <Loading /> : q.isError ? <div className="card__pad"><ErrorNotice error={q.error} /></div> : items.length === 0 ? (
        <EmptyState title={t('imports.noRecent')} />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('imports.colFile')}</th>
                <th scope="col">{t('imports.colStatus')}</th>
                <th scope="col" className="num">{t('imports.inserted')}</th>
                <th scope="col" className="num">{t('imports.updated')}</th>
                <th scope="col" className="num">{t('imports.failedRows')}</th>
                <th scope="col" className="hide-sm">{t('imports.colStarted')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>{r.fileName} {r.dryRun ? <Badge>{t('imports.dryRunBadge')}</Badge> : null}</td>
                  <td><Badge tone={r.status === 'done' ? 'success' : r.status === 'failed' ? 'danger' : 'info'}>{t(`importStatus.${r.status}`)}</Badge></td>
                  <td className="num">{fmt.number(r.inserted)}</td>
                  <td className="num">{fmt.number(r.updated)}</td>
                  <td className="num">{fmt.number(r.failed)}</td>
                  <td className="hide-sm nowrap">{fmt.dateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
