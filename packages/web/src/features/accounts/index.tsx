// The key-accounts area, loaded on first visit so its pages and charts stay out of the main bundle.
import { lazy, Suspense } from 'react';
import { Loading } from '../../app/ui';

const Area = lazy(() => import('./AccountsArea').then((m) => ({ default: m.AccountsArea })));

export function AccountsRoute() {
  return <Suspense fallback={<Loading />}><Area /></Suspense>;
}
