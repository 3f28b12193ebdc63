// The survey builder: type, the scored question and the "why?" in az/tr/en, an optional trigger,
// and a live preview of the answer page in each language.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, PageHeader, SelectField, TextField } from '../../app/ui';
import { useCreateSurvey } from './api';
import { SCALES, SURVEY_TYPES, type Localized, type SurveyType } from './types';

const LANGS = ['az', 'tr', 'en'] as const;
const empty = (): Localized => ({ az: '', tr: '', en: '' });

function Preview({ type, question, why, lang }: { type: SurveyType; question: Localized; why: Localized; lang: 'az' | 'tr' | 'en' }) {
  const { t } = useTranslation();
  const scale = type === 'custom' ? null : SCALES[type];
  return (
    <div className="survey-preview card" data-testid={`survey-preview-${lang}`} lang={lang}>
      <p className="muted">{t(`surveys.lang.${lang}`)}</p>
      <p className="survey-preview__question">{question[lang] || '…'}</p>
      {scale ? (
        <div className="survey-scale" aria-hidden="true">
          {Array.from({ length: scale.max - scale.min + 1 }, (_, i) => <span key={i} className="survey-scale__btn">{scale.min + i}</span>)}
        </div>
      ) : null}
      <p className="muted">{why[lang] || '…'}</p>
    </div>
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
  const [trigger, setTrigger] = useState('');
  const [delayDays, setDelayDays] = useState('0');
  const [preview, setPreview] = useState<'az' | 'tr' | 'en'>('az');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hasWhy = LANGS.every((l) => why[l].trim());
    create.mutate({
      name, type, question,
      ...(hasWhy ? { commentPrompt: why } : {}),
      ...(type === 'custom' ? { questions: [{ id: 'q1', kind: 'text', text: question }] } : {}),
      trigger: trigger ? { event: trigger as 'case_resolved' | 'purchase' | 'loyalty_joined', delayDays: Number(delayDays) || 0 } : null,
    }, { onSuccess: (s) => navigate(`../${s.id}`) });
  };

  return (
    <>
      <PageHeader title={t('surveys.builder.title')} subtitle={t('surveys.builder.subtitle')} />
      <div className="survey-builder">
        <form className="stack card" onSubmit={submit} data-testid="survey-builder">
          <TextField label={t('surveys.name')} value={name} onChange={setName} required testId="survey-name" />
          <SelectField label={t('surveys.type')} value={type} onChange={(v) => setType(v as SurveyType)} testId="survey-type"
            options={SURVEY_TYPES.map((s) => ({ value: s, label: t(`surveys.types.${s}`) }))} />
          {LANGS.map((l) => (
            <TextField key={`q-${l}`} label={t('surveys.builder.question', { lang: t(`surveys.lang.${l}`) })} value={question[l]}
              onChange={(v) => setQuestion({ ...question, [l]: v })} required testId={`survey-question-${l}`} onFocus={() => setPreview(l)} />
          ))}
          {LANGS.map((l) => (
            <TextField key={`w-${l}`} label={t('surveys.builder.why', { lang: t(`surveys.lang.${l}`) })} value={why[l]}
              onChange={(v) => setWhy({ ...why, [l]: v })} testId={`survey-why-${l}`} onFocus={() => setPreview(l)} />
          ))}
          <SelectField label={t('surveys.trigger')} value={trigger} onChange={setTrigger} testId="survey-trigger"
            options={[{ value: '', label: t('surveys.events.none') }, ...(['case_resolved', 'purchase', 'loyalty_joined'] as const).map((e) => ({ value: e, label: t(`surveys.events.${e}`) }))]} />
          {trigger ? <TextField label={t('surveys.builder.delayDays')} value={delayDays} onChange={setDelayDays} type="number" min={0} max={365} /> : null}
          {create.isError ? <ErrorNotice error={create.error} /> : null}
          <button type="submit" className="btn btn--primary" disabled={create.isPending} data-testid="survey-save">{t('surveys.builder.save')}</button>
        </form>
        <div className="stack">
          <div className="tabs" role="tablist" aria-label={t('surveys.builder.preview')}>
            {LANGS.map((l) => (
              <button key={l} type="button" role="tab" aria-selected={preview === l} className={`tab${preview === l ? ' tab--on' : ''}`} onClick={() => setPreview(l)}>{t(`surveys.lang.${l}`)}</button>
            ))}
          </div>
          <Preview type={type} question={question} why={why} lang={preview} />
        </div>
      </div>
    </>
  );
}
