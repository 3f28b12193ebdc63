// Segment builder: nested AND/OR groups with a live count from the server,
// a JSON view of the same definition, and errors shown on the condition at fault.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useFormat, useMe } from '../../app/session';
import { ErrorNotice, SelectField, TextAreaField, TextField, useDebounced, useToast } from '../../app/ui';
import { countSegment, useSaveSegment, useSegmentFields, useSegments, type FieldInfo, type SegmentCount } from './api';
import { fromDefinition, newCondition, newGroup, nodeIdAtPath, toDefinition, updateNode, type EditCondition, type EditGroup, type EditNode } from './segmentTree';

export function SegmentsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const segments = useSegments();
  const { can } = useMe();
  return (
    <div className="campaigns__stack">
      {can('campaigns:manage') ? <SegmentBuilder /> : null}
      <section className="card">
        <h2>{t('campaigns.segments.saved')}</h2>
        <table className="table" data-testid="segment-list">
          <thead><tr><th>{t('campaigns.segments.name')}</th><th>{t('campaigns.segments.kind')}</th><th>{t('campaigns.segments.members')}</th><th /></tr></thead>
          <tbody>
            {(segments.data?.items ?? []).map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{t(`campaigns.segments.kind_${s.kind}`)}</td>
                <td>{s.memberCount === null ? '—' : fmt.number(s.memberCount)}</td>
                <td>{can('customers:export') ? <a href={`/api/v1/campaigns/segments/${s.id}/export`} download>{t('campaigns.segments.export')}</a> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function SegmentBuilder() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const fields = useSegmentFields();
  const save = useSaveSegment();
  const [tree, setTree] = useState<EditNode>(() => newGroup('and'));
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const [showJson, setShowJson] = useState(false);
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | undefined>();
  const definition = useMemo(() => toDefinition(tree), [tree]);
  const debounced = useDebounced(definition, 400);
  const [count, setCount] = useState<SegmentCount | null>(null);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    const controller = new AbortController();
    countSegment(debounced, controller.signal).then((c) => { setCount(c); setErrors(new Map()); }, (e: unknown) => {
      if (controller.signal.aborted) return;
      setCount(null);
      const map = new Map<string, string>();
      if (isApiError(e)) for (const err of e.problem.errors ?? []) {
        const id = nodeIdAtPath(tree, err.field.replace(/^body\.definition\.?/, ''));
        if (id) map.set(id, t(`campaigns.error.${err.code}`, { defaultValue: err.message }));
      }
      setErrors(map);
    });
    return () => controller.abort();
    // The tree is read only to map error paths of the definition that was sent.
  }, [debounced]);

  const byField = new Map((fields.data?.items ?? []).map((f) => [f.field, f]));
  const applyJson = () => {
    try {
      setTree(fromDefinition(JSON.parse(jsonText)));
      setJsonError(undefined);
    } catch {
      setJsonError(t('campaigns.segments.jsonInvalid'));
    }
  };
  const onSave = () => save.mutate({ name: name.trim(), kind, definition }, {
    onSuccess: () => { toast(t('campaigns.segments.savedToast')); setName(''); },
  });

  return (
    <section className="card" data-testid="segment-builder">
      <div className="campaigns__row campaigns__row--between">
        <h2>{t('campaigns.segments.builder')}</h2>
        <p className="campaigns__count" data-testid="segment-count" aria-live="polite">
          {count ? t('campaigns.segments.count', { formatted: fmt.number(count.count) }) : t('campaigns.segments.countUnknown')}
        </p>
      </div>
      <GroupEditor group={tree as EditGroup} root fields={byField} errors={errors} onChange={(id, change) => setTree((r) => updateNode(r, id, change))} />
      <div className="campaigns__row">
        <button type="button" className="btn btn--ghost" onClick={() => { setJsonText(JSON.stringify(definition, null, 2)); setShowJson((v) => !v); }} data-testid="segment-json-toggle">
          {showJson ? t('campaigns.segments.hideJson') : t('campaigns.segments.showJson')}
        </button>
      </div>
      {showJson ? (
        <div>
          <TextAreaField label={t('campaigns.segments.json')} value={jsonText} onChange={setJsonText} rows={10} error={jsonError} testId="segment-json" />
          <button type="button" className="btn" onClick={applyJson}>{t('campaigns.segments.applyJson')}</button>
        </div>
      ) : null}
      <div className="campaigns__row">
        <TextField label={t('campaigns.segments.name')} value={name} onChange={setName} testId="segment-name" />
        <SelectField label={t('campaigns.segments.kind')} value={kind} onChange={(v) => setKind(v === 'static' ? 'static' : 'dynamic')}
          options={[{ value: 'dynamic', label: t('campaigns.segments.kind_dynamic') }, { value: 'static', label: t('campaigns.segments.kind_static') }]} />
        <button type="button" className="btn btn--primary" disabled={!name.trim() || save.isPending || errors.size > 0} onClick={onSave} data-testid="segment-save">
          {t('campaigns.segments.save')}
        </button>
      </div>
      {save.error ? <ErrorNotice error={save.error} /> : null}
    </section>
  );
}

type Change = (id: string, change: (n: EditNode) => EditNode | null) => void;

function GroupEditor({ group, root, fields, errors, onChange }: { group: EditGroup; root?: boolean; fields: Map<string, FieldInfo>; errors: Map<string, string>; onChange: Change }) {
  const { t } = useTranslation();
  return (
    <div className={`segment-group segment-group--${group.combinator}`} data-testid="segment-group">
      <div className="campaigns__row">
        <SelectField label={t('campaigns.segments.combinator')} value={group.combinator} testId="segment-combinator"
          onChange={(v) => onChange(group.id, (n) => ({ ...(n as EditGroup), combinator: v === 'or' ? 'or' : 'and' }))}
          options={[{ value: 'and', label: t('campaigns.segments.and') }, { value: 'or', label: t('campaigns.segments.or') }]} />
        {!root ? <button type="button" className="btn btn--ghost" onClick={() => onChange(group.id, () => null)}>{t('campaigns.segments.removeGroup')}</button> : null}
      </div>
      {group.conditions.map((c) => (c.type === 'group'
        ? <GroupEditor key={c.id} group={c} fields={fields} errors={errors} onChange={onChange} />
        : <ConditionEditor key={c.id} condition={c} fields={fields} error={errors.get(c.id)} onChange={onChange} />))}
      <div className="campaigns__row">
        <button type="button" className="btn" data-testid="segment-add-condition" onClick={() => onChange(group.id, (n) => ({ ...(n as EditGroup), conditions: [...(n as EditGroup).conditions, newCondition()] }))}>
          {t('campaigns.segments.addCondition')}
        </button>
        <button type="button" className="btn" data-testid="segment-add-group" onClick={() => onChange(group.id, (n) => ({ ...(n as EditGroup), conditions: [...(n as EditGroup).conditions, newGroup(group.combinator === 'and' ? 'or' : 'and')] }))}>
          {t('campaigns.segments.addGroup')}
        </button>
      </div>
    </div>
  );
}

function ConditionEditor({ condition, fields, error, onChange }: { condition: EditCondition; fields: Map<string, FieldInfo>; error: string | undefined; onChange: Change }) {
  const { t } = useTranslation();
  const info = fields.get(condition.field);
  const valueKind = info?.ops.find((o) => o.op === condition.op)?.value ?? 'text';
  const set = (patch: Partial<EditCondition>) => onChange(condition.id, (n) => ({ ...(n as EditCondition), ...patch }));
  const pickField = (field: string) => {
    const next = fields.get(field);
    const op = next?.ops[0]?.op ?? 'eq';
    set({ field, op, value: undefined, ...(next?.needsPeriod ? { lastDays: 30 } : { lastDays: undefined }), ...(next?.needsWithinDays ? { withinDays: 30 } : { withinDays: undefined }),
      ...(next?.needsKey === 'consent' ? { key: 'email' } : { key: undefined }) });
  };
  const values = info?.values ?? null;
  const numberValue = (v: string) => (v.trim() === '' ? undefined : Number(v));
  return (
    <div className={`segment-condition${error ? ' segment-condition--invalid' : ''}`} data-testid="segment-condition">
      <SelectField label={t('campaigns.segments.field')} value={condition.field} onChange={pickField} testId="condition-field"
        options={[...fields.keys()].map((f) => ({ value: f, label: t(`campaigns.field.${f}`) }))} />
      {info?.needsKey ? (
        <TextField label={t(`campaigns.segments.key_${info.needsKey}`)} value={condition.key ?? ''} onChange={(key) => set({ key })} testId="condition-key" />
      ) : null}
      <SelectField label={t('campaigns.segments.operator')} value={condition.op} onChange={(op) => set({ op, value: undefined })} testId="condition-op"
        options={(info?.ops ?? []).map((o) => ({ value: o.op, label: t(`campaigns.op.${o.op}`) }))} />
      {valueKind === 'text' && values ? (
        <SelectField label={t('campaigns.segments.value')} value={String(condition.value ?? '')} onChange={(value) => set({ value })} testId="condition-value"
          options={[{ value: '', label: '—' }, ...values.map((v) => ({ value: v, label: v }))]} />
      ) : valueKind === 'text' || valueKind === 'date' ? (
        <TextField label={t('campaigns.segments.value')} type={valueKind === 'date' ? 'date' : 'text'} value={String(condition.value ?? '')} onChange={(value) => set({ value })} testId="condition-value" />
      ) : valueKind === 'texts' ? (
        <TextField label={t('campaigns.segments.values')} hint={t('campaigns.segments.valuesHint')} value={Array.isArray(condition.value) ? condition.value.join(', ') : ''}
          onChange={(v) => set({ value: v.split(',').map((x) => x.trim()).filter(Boolean) })} testId="condition-value" />
      ) : valueKind === 'number' ? (
        <TextField label={t('campaigns.segments.value')} type="number" value={condition.value === undefined ? '' : String(condition.value)} onChange={(v) => set({ value: numberValue(v) })} testId="condition-value" />
      ) : valueKind === 'range' ? (
        <>
          <TextField label={t('campaigns.segments.from')} type="number" value={Array.isArray(condition.value) ? String(condition.value[0] ?? '') : ''}
            onChange={(v) => set({ value: [numberValue(v), Array.isArray(condition.value) ? condition.value[1] : undefined] })} />
          <TextField label={t('campaigns.segments.to')} type="number" value={Array.isArray(condition.value) ? String(condition.value[1] ?? '') : ''}
            onChange={(v) => set({ value: [Array.isArray(condition.value) ? condition.value[0] : undefined, numberValue(v)] })} />
        </>
      ) : null}
      {info?.needsPeriod ? (
        <TextField label={t('campaigns.segments.lastDays')} type="number" min={1} value={String(condition.lastDays ?? '')} onChange={(v) => set({ lastDays: Number(v) || 1 })} testId="condition-days" />
      ) : null}
      {info?.needsWithinDays ? (
        <TextField label={t('campaigns.segments.withinDays')} type="number" min={0} value={String(condition.withinDays ?? '')} onChange={(v) => set({ withinDays: Number(v) || 0 })} />
      ) : null}
      <button type="button" className="btn btn--ghost" onClick={() => onChange(condition.id, () => null)} aria-label={t('campaigns.segments.removeCondition')}>×</button>
      {error ? <p className="field__error" role="alert">{error}</p> : null}
    </div>
  );
}
