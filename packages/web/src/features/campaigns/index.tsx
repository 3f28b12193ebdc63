// The campaigns area, loaded on first visit so its charts stay out of the main bundle.
import { lazy, Suspense } from 'react';
import { Loading } from '../../app/ui';

const Area = lazy(() => import('./CampaignsArea').then((m) => ({ default: m.CampaignsArea })));

export function CampaignsRoute() {
  return <Suspense fallback={<Loading />}><Area /></Suspense>;
}
