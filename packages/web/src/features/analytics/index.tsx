// The analytics area, loaded on first visit so ECharts stays out of the main bundle.
import { lazy, Suspense } from 'react';
import { Loading } from '../../app/ui';

const Area = lazy(() => import('./AnalyticsArea').then((m) => ({ default: m.AnalyticsArea })));

export function AnalyticsRoute() {
  return <Suspense fallback={<Loading />}><Area /></Suspense>;
}
