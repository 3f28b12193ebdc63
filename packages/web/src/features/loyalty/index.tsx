// The loyalty area, loaded on first visit so its pages and ECharts stay out of the main bundle.
import { lazy, Suspense } from 'react';
import { Loading } from '../../app/ui';

const Area = lazy(() => import('./LoyaltyArea').then((m) => ({ default: m.LoyaltyArea })));

export function LoyaltyRoute() {
  return <Suspense fallback={<Loading />}><Area /></Suspense>;
}
