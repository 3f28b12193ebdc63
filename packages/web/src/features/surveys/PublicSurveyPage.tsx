// The answer page a customer opens from the e-mail: no login, phone-first. A score in the link
// is recorded at once (one click); the comment is asked on the next screen, once. The same page
// serves the survey's own public link ("p…" token, answers tied to no customer), compact when
// embedded in another site (?embed=1).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { LANG_STORAGE_KEY } from '../../app/i18n';
import { Loading, TextAreaField, problemText } from '../../app/ui';
import { isSurveyLinkToken, publicSurveyApi, surveyLinkApi } from './api';
import type { PublicSurveySubmit } from './types';
import './surveys.css';

type Answers = NonNullable<PublicSurveySubmit['answers']>;

export function PublicSurveyPage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const linkScore = params.get('score') === null ? undefined : Number(params.get('score'));
  const wantsOut = params.get('unsubscribe') === '1';
  const embed = params.get('embed') === '1';
  const surveyLink = isSurveyLinkToken(token);
  // The public link has no recipient with a language: it shows the texts in the page's language.
  const lang = (['az', 'tr', 'en'] as const).find((l) => i18n.language.startsWith(l)) ?? 'az';
  const view = useQuery({
    queryKey: ['public', 'survey', token, surveyLink ? lang : ''],
    queryFn: ({ signal }) => (surveyLink ? surveyLinkApi.view(token, lang, linkScore, signal) : publicSurveyApi.view(token, linkScore, signal)),
    retry: false, staleTime: Infinity, placeholderData: (previous) => previous,
  });
  const [score, setScore] = useState<number | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [comment, setComment] = useState('');
  const [stage, setStage] = useState<'form' | 'comment' | 'done'>('form');
  const answer = useMutation({ mutationFn: (body: PublicSurveySubmit) => (surveyLink ? surveyLinkApi.answer(token, lang, body) : publicSurveyApi.answer(token, body)) });
  const unsubscribe = useMutation({ mutationFn: () => publicSurveyApi.unsubscribe(token) });
  const started = useRef(false);

  useEffect(() => {
    if (!view.data || started.current) return;
    started.current = true;
    let chosen: string | null = null;
    try { chosen = localStorage.getItem(LANG_STORAGE_KEY); } catch { /* storage unavailable */ }
    if (!chosen && !surveyLink && i18n.language !== view.data.language) void i18n.changeLanguage(view.data.language);
    if (view.data.state === 'answered') { setStage(view.data.commentOpen ? 'comment' : 'done'); return; }
    // One click from the mail: the score in the link is the answer.
    if (view.data.score !== null && view.data.questions.every((q) => !q.required) && !wantsOut) {
      setScore(view.data.score);
      answer.mutate({ score: view.data.score }, { onSuccess: (r) => setStage(r.commentOpen ? 'comment' : 'done') });
    }
  }, [view.data, i18n, answer, wantsOut, surveyLink]);

  const submitForm = (e: FormEvent) => {
    e.preventDefault();
    answer.mutate({ ...(score !== null ? { score } : {}), ...(Object.keys(answers).length ? { answers } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) },
      { onSuccess: (r) => setStage(r.commentOpen ? 'comment' : 'done') });
  };
  const submitComment = (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) { setStage('done'); return; }
    answer.mutate({ comment: comment.trim() }, { onSuccess: () => setStage('done') });
  };

  let body;
  if (view.isPending) body = <Loading />;
  else if (view.isError) {
    const code = isApiError(view.error) ? view.error.problem.code : '';
    const known = { survey_link_expired: 'expired', survey_link_invalid: 'invalid', survey_not_open: 'notOpen', survey_closed: 'closed' } as Record<string, string>;
    body = <p className="survey-public__message" role="alert" data-testid="survey-error">{known[code] ? t(`surveys.public.${known[code]}`) : problemText(t, view.error)}</p>;
  } else if (wantsOut) {
    body = unsubscribe.isSuccess ? <p role="status" data-testid="survey-unsubscribed">{t('surveys.public.unsubscribed')}</p> : (
      <div className="stack"><h1>{t('surveys.public.unsubscribeTitle')}</h1>
        <button type="button" className="btn btn--primary btn--lg btn--block" onClick={() => unsubscribe.mutate()} data-testid="survey-unsubscribe">{t('surveys.public.unsubscribe')}</button></div>
    );
  } else if (stage === 'done') {
    body = <div className="survey-public__thanks" role="status" data-testid="survey-thanks"><h1>{t('surveys.public.thanks')}</h1><p>{t('surveys.public.thanksBody', { workspace: view.data.workspaceName })}</p></div>;
  } else if (stage === 'comment') {
    body = (
      <form onSubmit={submitComment} className="stack" data-testid="survey-comment-form">
        <p className="survey-public__eyebrow">{view.data.workspaceName}</p>
        <h1>{t('surveys.public.recorded')}</h1>
        <TextAreaField label={view.data.commentPrompt ?? t('surveys.public.why')} value={comment} onChange={setComment} rows={5} maxLength={4000} testId="survey-comment" />
        {answer.isError ? <p className="field__error" role="alert">{problemText(t, answer.error)}</p> : null}
        <button type="submit" className="btn btn--primary btn--lg btn--block" disabled={answer.isPending} data-testid="survey-comment-send">{t('surveys.public.send')}</button>
      </form>
    );
  } else if (answer.isPending) body = <Loading />;
  else {
    const v = view.data;
    const scale = v.scale;
    body = (
      <form onSubmit={submitForm} className="stack" data-testid="survey-form">
        <p className="survey-public__eyebrow">{v.workspaceName}</p>
        {v.question ? <h1>{v.question}</h1> : null}
        {scale ? (
          <fieldset className="survey-scale">
            <legend className="visually-hidden">{t('surveys.public.scale')}</legend>
            {Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i).map((s) => (
              <label key={s} className={`survey-scale__btn${score === s ? ' survey-scale__btn--on' : ''}`} data-testid={`survey-score-${s}`}>
                <input type="radio" name="score" value={s} checked={score === s} onChange={() => setScore(s)} />{s}
              </label>
            ))}
            <span className="survey-scale__ends muted"><span>{t(`surveys.public.low.${v.type}`)}</span><span>{t(`surveys.public.high.${v.type}`)}</span></span>
          </fieldset>
        ) : null}
        {v.questions.map((q) => (
          <fieldset key={q.id} className="stack survey-public__question" data-testid={`survey-q-${q.id}`}>
            <legend className="survey-public__q">{q.text}{q.required ? <><span aria-hidden="true"> *</span><span className="visually-hidden"> ({t('common.required')})</span></> : null}</legend>
            {q.kind === 'text' ? <TextAreaField label={t('surveys.public.yourAnswer')} value={typeof answers[q.id] === 'string' ? String(answers[q.id]) : ''} onChange={(x) => setAnswers({ ...answers, [q.id]: x })} rows={3} maxLength={2000} required={q.required} testId={`survey-answer-${q.id}`} />
              : q.kind === 'rating' ? <div className="survey-scale">{Array.from({ length: q.scaleMax }, (_, i) => i + 1).map((n) => (
                <label key={n} className={`survey-scale__btn${answers[q.id] === n ? ' survey-scale__btn--on' : ''}`} data-testid={`survey-answer-${q.id}-${n}`}><input type="radio" name={q.id} required={q.required} checked={answers[q.id] === n} onChange={() => setAnswers({ ...answers, [q.id]: n })} />{n}</label>))}</div>
              : q.options.map((o) => {
                const current = answers[q.id];
                const checked = q.kind === 'single' ? current === o.id : Array.isArray(current) && current.includes(o.id);
                return (
                  <label key={o.id} className="survey-option" data-testid={`survey-answer-${q.id}-${o.id}`}><input type={q.kind === 'single' ? 'radio' : 'checkbox'} name={q.id} required={q.kind === 'single' && q.required} checked={checked} onChange={() => {
                    if (q.kind === 'single') setAnswers({ ...answers, [q.id]: o.id });
                    else { const list = Array.isArray(current) ? current : []; setAnswers({ ...answers, [q.id]: checked ? list.filter((x) => x !== o.id) : [...list, o.id] }); }
                  }} /> {o.text}</label>
                );
              })}
          </fieldset>
        ))}
        <TextAreaField label={v.commentPrompt ?? t('surveys.public.why')} value={comment} onChange={setComment} rows={4} maxLength={4000} testId="survey-form-comment" />
        {answer.isError ? <p className="field__error" role="alert">{problemText(t, answer.error)}</p> : null}
        <button type="submit" className="btn btn--primary btn--lg btn--block" disabled={(scale !== null && score === null) || answer.isPending} data-testid="survey-submit">{t('surveys.public.send')}</button>
      </form>
    );
  }
  return (
    <main className={`survey-public${embed ? ' survey-public--embed' : ''}`} data-testid={embed ? 'survey-embedded' : undefined}>
      <div className="survey-public__top">{embed ? <span /> : <span className="brand__mark" aria-hidden="true">V</span>}<LanguageSwitch /></div>
      <div className="survey-public__card card">{body}</div>
    </main>
  );
}
