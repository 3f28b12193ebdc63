// The earning-rule editor: a form for the common conditions and effects, the same rule as JSON,
// and a simulation on a sample purchase before saving. Server errors land beside the named field.
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { currencyDigits } from '../../app/format';
import { Icon } from '../../app/icons';
import { useMe } from '../../app/session';
import { EmptyState, ErrorNotice, Loading, Notice, PageHeader, useToast } from '../../app/ui';
import { Segmented } from '../analytics/parts';
import { useRule, useRules, useSaveRule, useSimulate, useTiers } from './api';
import { useProgramme } from './programme';
import { EMPTY_RULE_FORM, fieldOfPath, formToRule, ruleToForm, type RuleField, type RuleForm, type RuleJson } from './ruleForm';
import { ruleErrorText } from './ruleText';
import { RuleFormFields } from './RuleFormFields';
import { SimulatePanel } from './SimulatePanel';
import { newSample, sampleRequest, type Sample } from './sample';
import type { EarningRuleView, Programme, SimulateResult, Tier } from './types';

export function RuleEditorPage() {
  const { id = 'new' } = useParams();
  const { t } = useTranslation();
  const { programme } = useProgramme();
  const existing = useRule(id === 'new' ? null : id);
  const tiers = useTiers(programme?.id ?? '');
  const back = <Link to="/loyalty/rules" className="back-link"><Icon name="back" size={16} /> {t('loyalty.rule.listTitle')}</Link>;
  if (!programme) return null;
  if (existing.isError) {
    if (isApiError(existing.error) && existing.error.status === 404) return <>{back}<EmptyState title={t('loyalty.rule.notFound')} /></>;
    return <ErrorNotice error={existing.error} />;
  }
  if ((id !== 'new' && existing.isPending) || tiers.isPending) return <Loading />;
  return <Editor key={id} rule={existing.data ?? null} programme={programme} tiers={tiers.data?.items ?? []} back={back} />;
}

type Mode = 'form' | 'json';

function Editor({ rule, programme, tiers, back }: { rule: EarningRuleView | null; programme: Programme; tiers: Tier[]; back: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const toast = useToast();
  const navigate = useNavigate();
  const digits = currencyDigits(programme.currency);
  const editable = can('loyalty:manage');
  const initial = useMemo(() => (rule ? ruleToForm(rule.rule, digits) : { form: { ...EMPTY_RULE_FORM, name: '' }, advanced: [] }), [rule, digits]);
  const [form, setForm] = useState<RuleForm>(initial.form);
  const [mode, setMode] = useState<Mode>(initial.advanced.length ? 'json' : 'form');
  const [advanced, setAdvanced] = useState<string[]>(initial.advanced);
  const [jsonText, setJsonText] = useState(() => JSON.stringify(rule ? rule.rule : formToRule(initial.form, digits).rule, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [localProblems, setLocalProblems] = useState<Partial<Record<RuleField, string>>>({});
  const [sample, setSample] = useState<Sample>(newSample);
  const [badLine, setBadLine] = useState<number | null>(null);
  const [result, setResult] = useState<SimulateResult | null>(null);
  const save = useSaveRule(rule?.id ?? null);
  const simulate = useSimulate();
  const others = useRules(programme.id);

  const built = useMemo(() => formToRule(form, digits), [form, digits]);

  /** The rule as it stands in the active view; null (and the reason shown) when it cannot be read. */
  const currentRule = (): RuleJson | null => {
    if (mode === 'form') {
      const problems = Object.fromEntries(Object.entries(built.problems).map(([k, code]) => [k, t(`loyalty.formProblem.${code}`)]));
      setLocalProblems(problems);
      return Object.keys(problems).length ? null : built.rule;
    }
    try {
      const parsed: unknown = JSON.parse(jsonText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      setJsonError(null);
      const { id: _id, ...rest } = parsed as RuleJson;
      return rest;
    } catch {
      setJsonError(t('loyalty.rule.jsonInvalid'));
      return null;
    }
  };

  const switchMode = (next: Mode) => {
    if (next === mode) return;
    if (next === 'json') {
      setJsonText(JSON.stringify(built.rule, null, 2));
      setJsonError(null);
      setMode('json');
      return;
    }
    const parsed = currentRule();
    if (!parsed) return;
    const back = ruleToForm(parsed, digits);
    setAdvanced(back.advanced);
    if (back.advanced.length) return;
    setForm(back.form);
    setMode('form');
  };

  // Errors from the server (save or simulate): beside the form field that made the JSON path, or listed.
  const serverError = save.error ?? simulate.error;
  const { fieldErrors, otherErrors } = useMemo(() => {
    const fieldErrors: Partial<Record<RuleField, string>> = {};
    const otherErrors: string[] = [];
    if (isApiError(serverError)) {
      for (const e of serverError.problem.errors ?? []) {
        const field = e.field.replace(/^body\./, '');
        const text = ruleErrorText(t, e);
        const formField = mode === 'form' && field.startsWith('rule') ? fieldOfPath(field, built.paths) : undefined;
        if (formField && !fieldErrors[formField]) fieldErrors[formField] = text;
        else if (field.startsWith('rule') || !field.startsWith('purchase')) otherErrors.push(`${field.replace(/^rule\.?/, '') || t('loyalty.rule.wholeRule')}: ${text}`);
      }
    }
    return { fieldErrors, otherErrors };
  }, [serverError, built.paths, mode, t]);

  const runSimulation = () => {
    save.reset();
    const r = currentRule();
    const req = sampleRequest(sample, digits);
    if ('badLine' in req) { setBadLine(req.badLine); return; }
    setBadLine(null);
    if (!r) return;
    simulate.mutate({ programmeId: programme.id, rule: rule ? { ...r, id: rule.id } : r, ...req }, { onSuccess: setResult, onError: () => setResult(null) });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    simulate.reset();
    const r = currentRule();
    if (!r) return;
    save.mutate({ programmeId: programme.id, rule: r }, {
      onSuccess: (saved) => {
        toast(rule ? t('loyalty.rule.saved') : t('loyalty.rule.created'));
        navigate(`/loyalty/rules/${saved.id}`, { replace: true });
      },
    });
  };

  const ruleNames = new Map<string, string>((others.data?.items ?? []).map((x) => [x.id, x.name]));
  ruleNames.set('simulated', form.name || t('loyalty.rule.thisRule'));
  if (rule) ruleNames.set(rule.id, form.name || rule.name);
  const problems = { ...localProblems, ...fieldErrors };

  return (
    <div className="stack" data-testid="loyalty-rule-editor">
      <PageHeader
        back={back} title={rule ? rule.name : t('loyalty.rule.newTitle')}
        subtitle={rule ? t('loyalty.rule.editSubtitle', { version: rule.version }) : t('loyalty.rule.newSubtitle')}
      />
      <div className="rule-editor">
        <form className="card form stack" onSubmit={submit} noValidate aria-label={t('loyalty.rule.formLabel')}>
          <Segmented
            value={mode} onChange={switchMode} label={t('loyalty.rule.viewLabel')} testId="loyalty-rule-mode"
            options={[{ value: 'form', label: t('loyalty.rule.viewForm') }, { value: 'json', label: t('loyalty.rule.viewJson') }]}
          />
          {advanced.length ? <Notice kind="warning">{t('loyalty.rule.advanced', { parts: advanced.join(', ') })}</Notice> : null}
          {mode === 'form' ? (
            <RuleFormFields form={form} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} errors={problems} tiers={tiers} currency={programme.currency} disabled={!editable} />
          ) : (
            <div className={`field${jsonError ? ' field--invalid' : ''}`}>
              <label className="field__label" htmlFor="rule-json">{t('loyalty.rule.json')}</label>
              <textarea
                id="rule-json" className="input textarea code-input" rows={24} spellCheck={false} value={jsonText} readOnly={!editable}
                onChange={(e) => setJsonText(e.target.value)} data-testid="loyalty-rule-json" aria-invalid={jsonError ? true : undefined}
              />
              {jsonError ? <p className="field__error" role="alert">{jsonError}</p> : <p className="field__hint">{t('loyalty.rule.jsonHint')}</p>}
            </div>
          )}
          {otherErrors.length ? (
            <div className="notice notice--error" role="alert" data-testid="loyalty-rule-errors">
              <strong>{t('loyalty.rule.invalid')}</strong>
              <ul className="plain-list">{otherErrors.map((x) => <li key={x} className="mono small">{x}</li>)}</ul>
            </div>
          ) : save.isError && !Object.keys(fieldErrors).length ? <ErrorNotice error={save.error} /> : null}
          {editable ? (
            <div className="form-actions">
              <Link className="btn btn--ghost" to="/loyalty/rules">{t('common.cancel')}</Link>
              <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="loyalty-rule-save">
                {save.isPending ? t('common.saving') : t('common.save')}
              </button>
            </div>
          ) : null}
        </form>
        {editable ? (
          <SimulatePanel
            sample={sample} onChange={setSample} onRun={runSimulation} running={simulate.isPending} result={result}
            error={simulate.isError && !Object.keys(fieldErrors).length && !otherErrors.length ? simulate.error : null}
            badLine={badLine} tiers={tiers} currency={programme.currency} ruleNames={ruleNames}
          />
        ) : null}
      </div>
    </div>
  );
}
