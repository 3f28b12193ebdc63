// Which programme the loyalty pages show: the one picked (remembered in this browser), else the first active one.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Programme } from './types';

interface ProgrammeContextValue {
  programmes: Programme[];
  programme: Programme | null;
  select: (id: string) => void;
}
const ProgrammeContext = createContext<ProgrammeContextValue | null>(null);
const STORAGE_KEY = 'vefa.loyalty.programme';

function remembered(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function ProgrammeProvider({ programmes, children }: { programmes: Programme[]; children: ReactNode }) {
  const [picked, setPicked] = useState(remembered);
  const programme = programmes.find((p) => p.id === picked) ?? programmes.find((p) => p.status === 'active') ?? programmes[0] ?? null;
  useEffect(() => {
    try {
      if (picked) localStorage.setItem(STORAGE_KEY, picked);
    } catch { /* private mode: not remembered */ }
  }, [picked]);
  const value = useMemo(() => ({ programmes, programme, select: setPicked }), [programmes, programme]);
  return <ProgrammeContext.Provider value={value}>{children}</ProgrammeContext.Provider>;
}

export function useProgramme(): ProgrammeContextValue {
  const v = useContext(ProgrammeContext);
  if (!v) throw new Error('useProgramme outside ProgrammeProvider');
  return v;
}
