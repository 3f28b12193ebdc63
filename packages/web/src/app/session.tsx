// The logged-in session: who I am, in which workspace, what I may do.
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError, onUnauthorized, request, setCsrfToken } from './api';
import { createFormatter, type Formatter } from './format';
import type { Me, PermissionName } from './types';

export const ME_KEY = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await request<Me>('GET', '/auth/me', { quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export async function login(email: string, password: string): Promise<Me> {
  const me = await request<Me>('POST', '/auth/login', { body: { email, password }, quiet401: true });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

/** The session query; null when nobody is logged in. */
export function useSession() {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        qc.setQueryData(ME_KEY, null);
      }),
    [qc],
  );
  return query;
}

interface MeContextValue {
  me: Me;
  can: (permission: PermissionName) => boolean;
}
const MeContext = createContext<MeContextValue | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  const value = useMemo<MeContextValue>(() => {
    const perms = new Set(me.permissions);
    return { me, can: (p) => perms.has(p) };
  }, [me]);
  return <MeContext.Provider value={value}>{children}</MeContext.Provider>;
}

export function useMe(): MeContextValue {
  const v = useContext(MeContext);
  if (!v) throw new Error('useMe outside MeProvider');
  return v;
}

/** Intl formatting in the current UI language and the workspace's time zone. */
export function useFormat(): Formatter {
  const { i18n } = useTranslation();
  const ctx = useContext(MeContext);
  const tz = ctx?.me.workspace.timeZone;
  return useMemo(() => createFormatter(i18n.language, tz), [i18n.language, tz]);
}
