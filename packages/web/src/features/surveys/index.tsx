// The surveys area and the public answer page, loaded on first visit.
import { lazy, Suspense } from 'react';
import { Loading } from '../../app/ui';

const Area = lazy(() => import('./SurveysArea').then((m) => ({ default: m.SurveysArea })));
const Answer = lazy(() => import('./PublicSurveyPage').then((m) => ({ default: m.PublicSurveyPage })));

export function SurveysRoute() {
  return <Suspense fallback={<Loading />}><Area /></Suspense>;
}

/** /s/:token — the answer page a customer opens from the e-mail; no login. */
export function PublicSurveyRoute() {
  return <Suspense fallback={<div className="fullpage"><Loading /></div>}><Answer /></Suspense>;
}
