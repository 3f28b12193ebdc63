// The satisfaction question a customer opens from the e-mail: no login, phone-first, the score from the link preselected.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useQuery, useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { LanguageSwitch } from '../../../app/LanguageSwitch';
import { LANG_STORAGE_KEY } from '../../../app/i18n';
import { Loading, TextAreaField } from '../../../app/ui';
import { publicApi } from '../api';
import { serviceProblem } from '../parts';
import './public.css';

const SCORES = [1, 2, 3, 4, 5] as const;

export function CsatPage() {
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const linkScore = Number(params.get('score'));
  const preset = Number.isInteger(linkScore) && linkScore >= 1 && linkScore <= 5 ? linkScore : undefined;
  const view = useQuery({ queryKey: ['public', 'csat', token], queryFn: ({ signal }) => publicApi.csat(token, preset, signal), retry: false, staleTime: Infinity });
  const [score, setScore] = useState<number | null>(preset ?? null);
  const [comment, setComment] = useState('');
  const answer = useMutation({ mutationFn: (body: { score: number; comment?: string }) => publicApi.answerCsat(token, body) });
  const languageSet = useRef(false);

  useEffect(() => {
    if (!view.data || languageSet.current) return;
    languageSet.current = true;
    if (view.data.score && score === null) setScore(view.data.score);
    // The customer's language, unless this browser already chose one.
    let chosen: string | null = null;
    try { chosen = localStorage.getItem(LANG_STORAGE_KEY); } catch { /* storage unavailable */ }
    if (!chosen && i18n.language !== view.data.language) void i18n.changeLanguage(view.data.language);
  }, [view.data, i18n, score]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!score) return;
    answer.mutate({ score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };

  let body;
  if (view.isPending) body = <Loading />;
  else if (view.isError) {
    const code = isApiError(view.error) ? view.error.problem.code : '';
    body = <p className="public__message" role="alert" data-testid="csat-error">{code === 'csat_expired' ? t('service.public.csatExpired') : code === 'csat_not_found' ? t('service.public.csatInvalid') : serviceProblem(t, view.error)}</p>;
  } else if (answer.isSuccess || view.data.answered) {
    body = (
      <div className="public__thanks" data-testid="csat-thanks" role="status">
        <p className="public__big" aria-hidden="true">♥</p>
        <h1>{answer.isSuccess ? t('service.public.csatThanks') : t('service.public.csatAlready')}</h1>
        <p>{t('service.public.csatThanksBody', { workspace: view.data.workspaceName })}</p>
      </div>
    );
  } else {
    const v = view.data;
    body = (
      <form onSubmit={submit} className="stack" data-testid="csat-form">
        <p className="public__eyebrow">{v.workspaceName}</p>
        <h1>{t('service.public.csatQuestion')}</h1>
        <p className="muted">{t('service.public.csatAbout', { number: v.caseNumber, subject: v.subject })}</p>
        <fieldset className="csat-scale">
          <legend className="visually-hidden">{t('service.public.csatScale')}</legend>
          {SCORES.map((s) => (
            <label key={s} className={`csat-scale__opt${score === s ? ' csat-scale__opt--on' : ''}`} data-testid={`csat-score-${s}`}>
              <input type="radio" name="score" value={s} checked={score === s} onChange={() => setScore(s)} />
              <span className="csat-scale__num">{s}</span>
              <span className="csat-scale__label">{t(`service.public.csatLabel.${s}`)}</span>
            </label>
          ))}
        </fieldset>
        <TextAreaField label={t('service.public.csatComment')} value={comment} onChange={setComment} rows={4} maxLength={2000} testId="csat-comment" />
        {answer.isError ? <p className="field__error" role="alert">{serviceProblem(t, answer.error)}</p> : null}
        <button type="submit" className="btn btn--primary btn--lg btn--block" disabled={!score || answer.isPending} data-testid="csat-submit">{t('service.public.csatSend')}</button>
      </form>
    );
  }
  return (
    <main className="public">
      <div className="public__top"><span className="brand__mark" aria-hidden="true">V</span><LanguageSwitch /></div>
      <div className="public__card card">{body}</div>
    </main>
  );
}
