// The survey builder: type, the scored question and the "why?" in az/tr/en, custom questions
// (single/multiple choice, rating, text) with their options, an optional trigger, and a live
// preview of the answer page in each language.
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, PageHeader, SelectField, TextField } from '../../app/ui';
import { useCreateSurvey } from './api';
import { QUESTION_KINDS, SCALES, SURVEY_TYPES, type Localized, type QuestionKind, type SurveyType } from './types';

const LANGS = ['az', 'tr', 'en'] as const;
type Lang = (typeof LANGS)[number];
const empty = (): Localized => ({ az: '', tr: '', en: '' });
const filled = (l: Localized) => LANGS.every((x) => l[x].trim() !== '');
const trimmed = (l: Localized): Localized => ({ az: l.az.trim(), tr: l.tr.trim(), en: l.en.trim() });

interface OptionDraft { id: string; text: Localized }
interface QuestionDraft { id: string; kind: QuestionKind; required: boolean; text: Localized; options: OptionDraft[]; scaleMax: number }
const hasOptions = (k: QuestionKind) => k === 'single' || k === 'multiple';

function QuestionPreview({ q, lang }: { q: QuestionDraft; lang: Lang }) {
  return (
    <div className="stack survey-preview__item" data-testid={`survey-preview-question-${q.id}`}>
      <p className="survey-public__q">{q.text[lang] || '…'}{q.required ? <span aria-hidden="true"> *</span> : null}</p>
      {q.kind === 'rating' ? (
        <div className="survey-scale" aria-hidden="true">{Array.from({ length: q.scaleMax }, (_, i) => <span key={i} className="survey-scale__btn">{i + 1}</span>)}</div>
      ) : hasOptions(q.kind) ? q.options.map((o) => (
        <label key={o.id} className="survey-option"><input type={q.kind === 'single' ? 'radio' : 'checkbox'} disabled name={`preview-${q.id}`} /> {o.text[lang] || '…'}</label>
      )) : <div className="survey-preview__text" aria-hidden="true" />}
    </div>
  );
}

function Preview({ type, question, why, questions, lang }: { type: SurveyType; question: Localized; why: Localized; questions: QuestionDraft[]; lang: Lang }) {
  const { t } = useTranslation();
  const scale = type === 'custom' ? null : SCALES[type];
  return (
    <div className="survey-preview card stack" data-testid={`survey-preview-${lang}`} lang={lang}>
      <p className="muted">{t(`surveys.lang.${lang}`)}</p>
      {type !== 'custom' || question[lang] ? <p className="survey-preview__question">{question[lang] || '…'}</p> : null}
      {scale ? (
        <div className="survey-scale" aria-hidden="true">
          {Array.from({ length: scale.max - scale.min + 1 }, (_, i) => <span key={i} className="survey-scale__btn">{scale.min + i}</span>)}
        </div>
      ) : null}
      {type === 'custom' ? questions.map((q) => <QuestionPreview key={q.id} q={q} lang={lang} />) : null}
      <p className="muted">{why[lang] || '…'}</p>
    </div>
  );
}

/** One custom question: its kind, required flag, text in az/tr/en, and options or scale. */
function QuestionEditor({ q, index, count, onChange, onMove, onRemove, onFocusLang, nextOptionId }: {
  q: QuestionDraft; index: number; count: number; onChange: (q: QuestionDraft) => void; onMove: (by: -1 | 1) => void; onRemove: () => void;
  onFocusLang: (l: Lang) => void; nextOptionId: () => string;
}) {
  const { t } = useTranslation();
  const n = index + 1;
  const setKind = (kind: QuestionKind) => onChange({
    ...q, kind,
    // A choice question starts with two empty options to fill.
    options: hasOptions(kind) ? (q.options.length ? q.options : [{ id: nextOptionId(), text: empty() }, { id: nextOptionId(), text: empty() }]) : [],
  });
  return (
    <fieldset className="card stack survey-question" data-testid={`question-${index}`}>
      <legend className="survey-question__legend">{t('surveys.builder.questionN', { n })}</legend>
      <div className="row survey-question__bar">
        <SelectField label={t('surveys.builder.kind')} value={q.kind} onChange={(v) => setKind(v as QuestionKind)} testId={`question-kind-${index}`}
          options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`surveys.kinds.${k}`) }))} />
        <label className="survey-option"><input type="checkbox" checked={q.required} onChange={(e) => onChange({ ...q, required: e.target.checked })} data-testid={`question-required-${index}`} /> {t('surveys.builder.required')}</label>
        {q.kind === 'rating' ? (
          <TextField label={t('surveys.builder.scaleMax')} value={String(q.scaleMax)} type="number" min={2} max={10} testId={`question-scale-${index}`}
            onChange={(v) => onChange({ ...q, scaleMax: Math.min(10, Math.max(2, Number(v) || 2)) })} />
        ) : null}
        <span className="survey-question__actions">
          <button type="button" className="btn btn--ghost" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('surveys.builder.moveUp', { n })} data-testid={`question-up-${index}`}>↑</button>
          <button type="button" className="btn btn--ghost" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('surveys.builder.moveDown', { n })} data-testid={`question-down-${index}`}>↓</button>
          <button type="button" className="btn btn--ghost" onClick={onRemove} data-testid={`question-remove-${index}`}>{t('surveys.builder.removeQuestion')}</button>
        </span>
      </div>
      {LANGS.map((l) => (
        <TextField key={l} label={t('surveys.builder.questionText', { lang: t(`surveys.lang.${l}`) })} value={q.text[l]} required maxLength={500}
          onChange={(v) => onChange({ ...q, text: { ...q.text, [l]: v } })} onFocus={() => onFocusLang(l)} testId={`question-text-${index}-${l}`} />
      ))}
      {hasOptions(q.kind) ? (
        <div className="stack">
          {q.options.map((o, j) => (
            <div key={o.id} className="survey-question__option" data-testid={`option-${index}-${j}`}>
              {LANGS.map((l) => (
                <TextField key={l} label={t('surveys.builder.option', { n: j + 1, lang: t(`surveys.lang.${l}`) })} value={o.text[l]} required maxLength={500}
                  onFocus={() => onFocusLang(l)} testId={`option-${index}-${j}-${l}`}
                  onChange={(v) => onChange({ ...q, options: q.options.map((x) => (x.id === o.id ? { ...x, text: { ...x.text, [l]: v } } : x)) })} />
              ))}
              <button type="button" className="btn btn--ghost" disabled={q.options.length <= 1} onClick={() => onChange({ ...q, options: q.options.filter((x) => x.id !== o.id) })}>
                {t('surveys.builder.removeOption')}</button>
            </div>
          ))}
          <button type="button" className="btn" disabled={q.options.length >= 20} onClick={() => onChange({ ...q, options: [...q.options, { id: nextOptionId(), text: empty() }] })} data-testid={`question-add-option-${index}`}>
            {t('surveys.builder.addOption')}</button>
        </div>
      ) : null}
    </fieldset>
  );
}

export function SurveyBuilderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateSurvey();
  const [name, setName] = useState('');
  const [type, setType] = useState<SurveyType>('nps');
  const [question, setQuestion] = useState<Localized>(empty);
  const [why, setWhy] = useState<Localized>(empty);
  const [questions, setQuestions] = useState<QuestionDraft[]>([]);
  const [trigger, setTrigger] = useState('');
  const [delayDays, setDelayDays] = useState('0');
  const [preview, setPreview] = useState<Lang>('az');
  // Ids stay stable while questions move, so stored answers keep pointing at the right question.
  const seq = useRef({ q: 0, o: 0 });
  const nextQuestionId = () => `q${++seq.current.q}`;
  const nextOptionId = () => `o${++seq.current.o}`;
  const custom = type === 'custom';

  const addQuestion = () => {
    const q: QuestionDraft = { id: nextQuestionId(), kind: 'single', required: false, text: empty(), options: [{ id: nextOptionId(), text: empty() }, { id: nextOptionId(), text: empty() }], scaleMax: 5 };
    setQuestions((qs) => [...qs, q]);
  };
  const move = (i: number, by: -1 | 1) => setQuestions((qs) => {
    const next = [...qs];
    const [q] = next.splice(i, 1);
    if (q) next.splice(i + by, 0, q);
    return next;
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      name, type,
      ...(!custom || filled(question) ? { question: trimmed(question) } : {}),
      ...(filled(why) ? { commentPrompt: trimmed(why) } : {}),
      ...(custom ? {
        questions: questions.map((q) => ({
          id: q.id, kind: q.kind, required: q.required, text: trimmed(q.text), scaleMax: q.scaleMax,
          options: hasOptions(q.kind) ? q.options.map((o) => ({ id: o.id, text: trimmed(o.text) })) : [],
        })),
      } : {}),
      trigger: trigger ? { event: trigger as 'case_resolved' | 'purchase' | 'loyalty_joined', delayDays: Number(delayDays) || 0 } : null,
    }, { onSuccess: (s) => navigate(`../${s.id}`) });
  };

  return (
    <>
      <PageHeader title={t('surveys.builder.title')} subtitle={t('surveys.builder.subtitle')} />
      <div className="survey-builder">
        <form className="stack card" onSubmit={submit} data-testid="survey-builder">
          <TextField label={t('surveys.name')} value={name} onChange={setName} required testId="survey-name" />
          <SelectField label={t('surveys.type')} value={type} onChange={(v) => { setType(v as SurveyType); if (v === 'custom' && questions.length === 0) addQuestion(); }} testId="survey-type"
            options={SURVEY_TYPES.map((s) => ({ value: s, label: t(`surveys.types.${s}`) }))} />
          {LANGS.map((l) => (
            <TextField key={`q-${l}`} label={t(custom ? 'surveys.builder.intro' : 'surveys.builder.question', { lang: t(`surveys.lang.${l}`) })} value={question[l]}
              onChange={(v) => setQuestion({ ...question, [l]: v })} required={!custom} testId={`survey-question-${l}`} onFocus={() => setPreview(l)} />
          ))}
          {custom ? (
            <section className="stack" aria-label={t('surveys.builder.questions')} data-testid="survey-questions">
              <h2>{t('surveys.builder.questions')}</h2>
              {questions.map((q, i) => (
                <QuestionEditor key={q.id} q={q} index={i} count={questions.length} nextOptionId={nextOptionId} onFocusLang={setPreview}
                  onChange={(next) => setQuestions((qs) => qs.map((x) => (x.id === q.id ? next : x)))}
                  onMove={(by) => move(i, by)} onRemove={() => setQuestions((qs) => qs.filter((x) => x.id !== q.id))} />
              ))}
              <button type="button" className="btn" onClick={addQuestion} disabled={questions.length >= 30} data-testid="survey-add-question">{t('surveys.builder.addQuestion')}</button>
            </section>
          ) : null}
          {LANGS.map((l) => (
            <TextField key={`w-${l}`} label={t('surveys.builder.why', { lang: t(`surveys.lang.${l}`) })} value={why[l]}
              onChange={(v) => setWhy({ ...why, [l]: v })} testId={`survey-why-${l}`} onFocus={() => setPreview(l)} />
          ))}
          <SelectField label={t('surveys.trigger')} value={trigger} onChange={setTrigger} testId="survey-trigger"
            options={[{ value: '', label: t('surveys.events.none') }, ...(['case_resolved', 'purchase', 'loyalty_joined'] as const).map((e) => ({ value: e, label: t(`surveys.events.${e}`) }))]} />
          {trigger ? <TextField label={t('surveys.builder.delayDays')} value={delayDays} onChange={setDelayDays} type="number" min={0} max={365} /> : null}
          {create.isError ? <ErrorNotice error={create.error} /> : null}
          <button type="submit" className="btn btn--primary" disabled={create.isPending || (custom && questions.length === 0)} data-testid="survey-save">{t('surveys.builder.save')}</button>
        </form>
        <div className="stack survey-builder__preview">
          <div className="tabs" role="tablist" aria-label={t('surveys.builder.preview')}>
            {LANGS.map((l) => (
              <button key={l} type="button" role="tab" aria-selected={preview === l} className={`tab${preview === l ? ' tab--on' : ''}`} onClick={() => setPreview(l)} data-testid={`survey-preview-tab-${l}`}>{t(`surveys.lang.${l}`)}</button>
            ))}
          </div>
          <Preview type={type} question={question} why={why} questions={questions} lang={preview} />
        </div>
      </div>
    </>
  );
}
