import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  ApiKey, ApiKeyCreate, ApiKeyCreated, AuditEntry, Department, List, Member, MemberCreate, MemberUpdate, Page,
} from '../../app/types';

export const adminKeys = {
  members: ['members'] as const,
  departments: ['departments'] as const,
  apiKeys: ['api-keys'] as const,
  audit: (f: AuditFilters) => ['audit', f] as const,
};

export function useMembers() {
  return useQuery({ queryKey: adminKeys.members, queryFn: ({ signal }) => api.get<List<Member>>('/members', undefined, signal) });
}
export function useCreateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberCreate) => api.create<Member>('/members', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.members }),
  });
}
export function useUpdateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: MemberUpdate }) => api.patch<Member>(`/members/${userId}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.members }),
  });
}
export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.del(`/members/${userId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.members }),
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: adminKeys.departments, enabled,
    queryFn: ({ signal }) => api.get<List<Department>>('/departments', undefined, signal),
  });
}
export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.create<Department>('/departments', { name }),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.departments }),
  });
}

export function useApiKeys() {
  return useQuery({ queryKey: adminKeys.apiKeys, queryFn: ({ signal }) => api.get<List<ApiKey>>('/api-keys', undefined, signal) });
}
export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => api.create<ApiKeyCreated>('/api-keys', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.apiKeys }),
  });
}
export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api-keys/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.apiKeys }),
  });
}

export interface AuditFilters { entityType?: string; entityId?: string }
export function useAudit(f: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(f),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<AuditEntry>>('/audit', {
        entityType: f.entityType || undefined, entityId: f.entityId?.trim() || undefined, limit: 50, cursor: pageParam ?? undefined,
      }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
