import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../app/api';
import type { ImportFile, ImportRun, ImportStart, List, SavedMapping } from '../../app/types';

export const importKeys = {
  runs: ['imports', 'runs'] as const,
  run: (id: string) => ['imports', 'run', id] as const,
  mappings: ['imports', 'mappings'] as const,
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function fileFormat(file: File): 'csv' | 'xlsx' | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'csv';
  if (name.endsWith('.xlsx') || file.type === XLSX_TYPE) return 'xlsx';
  return null;
}

export function useUploadFile() {
  return useMutation({
    mutationFn: (file: File) => {
      const format = fileFormat(file);
      return request<ImportFile>('POST', '/imports/files', {
        query: { fileName: file.name },
        raw: { data: file, contentType: format === 'xlsx' ? XLSX_TYPE : 'text/csv' },
      });
    },
  });
}

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportStart) => api.create<ImportRun>('/imports', body),
    onSuccess: (run) => {
      qc.setQueryData(importKeys.run(run.id), run);
      void qc.invalidateQueries({ queryKey: importKeys.runs });
      void qc.invalidateQueries({ queryKey: importKeys.mappings });
    },
  });
}

const active = (r: ImportRun | undefined) => r?.status === 'queued' || r?.status === 'running';

/** One run, polled every 500 ms while it is queued or running. */
export function useImportRun(id: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: importKeys.run(id ?? ''),
    queryFn: async ({ signal }) => {
      const run = await api.get<ImportRun>(`/imports/${id}`, undefined, signal);
      if (!active(run)) {
        void qc.invalidateQueries({ queryKey: importKeys.runs });
        if (!run.dryRun) void qc.invalidateQueries({ queryKey: ['customers'] });
      }
      return run;
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (active(q.state.data) ? 500 : false),
    staleTime: 0,
  });
}

export function useImportRuns() {
  return useQuery({ queryKey: importKeys.runs, queryFn: ({ signal }) => api.get<List<ImportRun>>('/imports', undefined, signal) });
}

export function useSavedMappings() {
  return useQuery({ queryKey: importKeys.mappings, queryFn: ({ signal }) => api.get<List<SavedMapping>>('/import-mappings', undefined, signal) });
}
