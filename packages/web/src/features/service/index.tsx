// The service desk area and its public pages, each loaded on first visit so they stay out of the main bundle.
import { lazy, Suspense } from 'react';
import { Loading } from '../../app/ui';

const Area = lazy(() => import('./ServiceArea').then((m) => ({ default: m.ServiceArea })));
const Csat = lazy(() => import('./public/CsatPage').then((m) => ({ default: m.CsatPage })));
const WebForm = lazy(() => import('./public/WebFormPage').then((m) => ({ default: m.WebFormPage })));

export function ServiceRoute() {
  return <Suspense fallback={<Loading />}><Area /></Suspense>;
}

/** /csat/:token — the satisfaction question a customer reaches from the e-mail; no login. */
export function CsatRoute() {
  return <Suspense fallback={<div className="fullpage"><Loading /></div>}><Csat /></Suspense>;
}

/** /contact/:workspaceSlug — the embeddable contact form; no login. */
export function WebFormRoute() {
  return <Suspense fallback={<div className="fullpage"><Loading /></div>}><WebForm /></Suspense>;
}
