import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs, API_BASE } from '../../app/api';
import type {
  Consent, ConsentChannel, Customer, Customer360, CustomerCreate, CustomerKind, CustomerLanguage, CustomerSort,
  CustomerUpdate, CustomFieldDefinition, DuplicateSuggestion, List, Page, TimelineEntry, TimelineEntryCreate,
} from '../../app/types';

export interface CustomerFilters {
  q?: string;
  kind?: CustomerKind | '';
  tag?: string;
  language?: CustomerLanguage | '';
  consent?: ConsentChannel | '';
  companyId?: string;
  sort?: CustomerSort;
}

export const customerKeys = {
  all: ['customers'] as const,
  list: (f: CustomerFilters) => ['customers', 'list', f] as const,
  one: (id: string) => ['customers', 'one', id] as const,
  timeline: (id: string) => ['customers', 'timeline', id] as const,
  duplicates: ['customers', 'duplicates'] as const,
  customFields: ['custom-fields'] as const,
};

function filterQuery(f: CustomerFilters) {
  return {
    q: f.q?.trim() || undefined, kind: f.kind || undefined, tag: f.tag?.trim() || undefined,
    language: f.language || undefined, consent: f.consent || undefined, companyId: f.companyId || undefined,
    sort: f.sort || undefined,
  };
}

export function useCustomerList(f: CustomerFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Customer>>('/customers', { ...filterQuery(f), limit, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
  });
}

export function exportUrl(f: CustomerFilters, format: 'csv' | 'xlsx'): string {
  return `${API_BASE}/customers/export${qs({ format, ...filterQuery(f) })}`;
}

export function useCustomer360(id: string) {
  return useQuery({
    queryKey: customerKeys.one(id),
    queryFn: ({ signal }) => api.get<Customer360>(`/customers/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerCreate) => api.create<Customer>('/customers', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useUpdateCustomer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerUpdate) => api.patch<Customer>(`/customers/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useSetConsent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ channel, granted, source }: { channel: ConsentChannel; granted: boolean; source: string }) =>
      api.put<Consent>(`/customers/${id}/consents/${channel}`, { granted, source }),
    onSuccess: (consent) => {
      qc.setQueryData<Customer360>(customerKeys.one(id), (old) =>
        old ? { ...old, consents: [...old.consents.filter((c) => c.channel !== consent.channel), consent] } : old);
      void qc.invalidateQueries({ queryKey: customerKeys.one(id) });
      void qc.invalidateQueries({ queryKey: customerKeys.timeline(id) });
    },
  });
}

export function useTimeline(id: string, limit = 20) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TimelineEntry>>(`/customers/${id}/timeline`, { limit, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useAddTimelineEntry(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TimelineEntryCreate) => api.create<TimelineEntry>(`/customers/${id}/timeline`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.timeline(id) }),
  });
}

export function useDuplicates() {
  return useQuery({
    queryKey: customerKeys.duplicates,
    queryFn: ({ signal }) => api.get<List<DuplicateSuggestion>>('/customers/duplicates', undefined, signal),
  });
}

export function useMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ keepId, duplicateId }: { keepId: string; duplicateId: string }) =>
      api.post<Customer>(`/customers/${keepId}/merge`, { duplicateId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export function useCustomFields(enabled = true) {
  return useQuery({
    queryKey: customerKeys.customFields,
    queryFn: ({ signal }) => api.get<List<CustomFieldDefinition>>('/custom-fields', undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** Label of a custom field in the UI language. */
export function fieldLabel(def: CustomFieldDefinition, lang: string): string {
  const l = def.label as Record<string, string>;
  return l[lang] || l.en || def.key;
}
