import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../app/api';
import type { List, Page } from '../../app/types';
import type {
  AnalyticsRun, AnalyticsRunStart, ChurnRiskBand, CohortsView, CustomerScore, CustomerScores, RfmOverview, RfmSegmentName,
  TransactionFile, TransactionImport, TransactionImportStart, TrendPeriod, TrendsView,
} from './types';

export const analyticsKeys = {
  all: ['analytics'] as const,
  views: ['analytics', 'views'] as const,
  rfm: ['analytics', 'views', 'rfm'] as const,
  rfmCustomers: (f: DrillFilter) => ['analytics', 'views', 'rfm-customers', f] as const,
  cohorts: ['analytics', 'views', 'cohorts'] as const,
  trends: (period: TrendPeriod) => ['analytics', 'views', 'trends', period] as const,
  runs: ['analytics', 'runs'] as const,
  run: (id: string) => ['analytics', 'run', id] as const,
  imports: ['analytics', 'imports'] as const,
  import: (id: string) => ['analytics', 'import', id] as const,
  scores: (customerId: string) => ['analytics', 'views', 'scores', customerId] as const,
};

/** Which customers a drill-down lists: one RFM cell, one segment or one churn band. */
export interface DrillFilter { segment?: RfmSegmentName; r?: number; f?: number; churnRisk?: ChurnRiskBand }

export const isActive = (s: { status: string } | undefined) => s?.status === 'queued' || s?.status === 'running';

export function useRfm() {
  return useQuery({ queryKey: analyticsKeys.rfm, queryFn: ({ signal }) => api.get<RfmOverview>('/analytics/rfm', undefined, signal) });
}

export const DRILL_PAGE = 50;

export function fetchRfmCustomers(f: DrillFilter, cursor: string | null, limit = DRILL_PAGE, signal?: AbortSignal) {
  return api.get<Page<CustomerScore>>('/analytics/rfm/customers', { ...f, limit, cursor: cursor ?? undefined }, signal);
}

export function useRfmCustomers(f: DrillFilter | null) {
  return useInfiniteQuery({
    queryKey: analyticsKeys.rfmCustomers(f ?? {}),
    queryFn: ({ pageParam, signal }) => fetchRfmCustomers(f ?? {}, pageParam, DRILL_PAGE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: f !== null,
  });
}

export function useCohorts() {
  return useQuery({ queryKey: analyticsKeys.cohorts, queryFn: ({ signal }) => api.get<CohortsView>('/analytics/cohorts', undefined, signal) });
}

export function useTrends(period: TrendPeriod) {
  return useQuery({
    queryKey: analyticsKeys.trends(period),
    queryFn: ({ signal }) => api.get<TrendsView>('/analytics/trends', { period }, signal),
    placeholderData: (prev) => prev,
  });
}

export function useRuns() {
  return useQuery({
    queryKey: analyticsKeys.runs,
    queryFn: ({ signal }) => api.get<List<AnalyticsRun>>('/analytics/runs', undefined, signal),
  });
}

/** One run, polled every 500 ms while it is queued or running; when it ends, every analytics view is reloaded. */
export function useRun(id: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: analyticsKeys.run(id ?? ''),
    queryFn: async ({ signal }) => {
      const run = await api.get<AnalyticsRun>(`/analytics/runs/${id}`, undefined, signal);
      if (!isActive(run)) {
        void qc.invalidateQueries({ queryKey: analyticsKeys.runs });
        void qc.invalidateQueries({ queryKey: analyticsKeys.views });
      }
      return run;
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (isActive(q.state.data) ? 500 : false),
    staleTime: 0,
  });
}

export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AnalyticsRunStart) => api.create<AnalyticsRun>('/analytics/runs', body),
    onSuccess: (run) => {
      qc.setQueryData(analyticsKeys.run(run.id), run);
      void qc.invalidateQueries({ queryKey: analyticsKeys.runs });
    },
  });
}

export function useUploadTransactions() {
  return useMutation({
    mutationFn: (file: File) => request<TransactionFile>('POST', '/analytics/transactions/files', {
      query: { fileName: file.name },
      raw: { data: file, contentType: file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'text/plain' },
    }),
  });
}

export function useStartTransactionImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TransactionImportStart) => api.create<TransactionImport>('/analytics/transaction-imports', body),
    onSuccess: (run) => {
      qc.setQueryData(analyticsKeys.import(run.id), run);
      void qc.invalidateQueries({ queryKey: analyticsKeys.imports });
    },
  });
}

export function useTransactionImport(id: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: analyticsKeys.import(id ?? ''),
    queryFn: async ({ signal }) => {
      const run = await api.get<TransactionImport>(`/analytics/transaction-imports/${id}`, undefined, signal);
      if (!isActive(run)) {
        void qc.invalidateQueries({ queryKey: analyticsKeys.imports });
        void qc.invalidateQueries({ queryKey: ['customers'] });
      }
      return run;
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (isActive(q.state.data) ? 500 : false),
    staleTime: 0,
  });
}

export function useTransactionImports() {
  return useQuery({
    queryKey: analyticsKeys.imports,
    queryFn: ({ signal }) => api.get<List<TransactionImport>>('/analytics/transaction-imports', undefined, signal),
  });
}

export function useCustomerScores(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: analyticsKeys.scores(customerId),
    queryFn: ({ signal }) => api.get<CustomerScores>(`/customers/${customerId}/scores`, undefined, signal),
    enabled: enabled && Boolean(customerId),
  });
}
