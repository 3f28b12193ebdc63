import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignResults, CompetitorOffer, Segment, SegmentCount, SegmentNodeShape } from '@vefa/contract';
import { api } from '../../app/api';
import type { Page } from '../../app/types';

export type { Campaign, CampaignResults, CompetitorOffer, Segment, SegmentCount, SegmentNodeShape };

export interface FieldInfo {
  field: string; ops: { op: string; value: 'none' | 'text' | 'texts' | 'number' | 'range' | 'date' }[]; values: string[] | null;
  needsKey: 'customField' | 'consent' | null; needsPeriod: boolean; needsWithinDays: boolean;
}
export interface BudgetView {
  items: { id: string; name: string; currency: string; budgetMinor: number | null; spentMinor: number; forecastMinor: number }[];
  totals: { currency: string; budgetMinor: number; spentMinor: number; forecastMinor: number }[];
}
export interface TimelineView { campaigns: { id: string; name: string; status: string; startsAt: string; endsAt: string }[]; competitorOffers: CompetitorOffer[] }

export const campaignKeys = {
  all: ['campaigns'] as const,
  fields: ['campaigns', 'fields'] as const,
  segments: ['campaigns', 'segments'] as const,
  list: ['campaigns', 'list'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  results: (id: string) => ['campaigns', 'results', id] as const,
  offers: ['campaigns', 'offers'] as const,
  budget: ['campaigns', 'budget'] as const,
  timeline: (from: string, to: string) => ['campaigns', 'timeline', from, to] as const,
};

export const useSegmentFields = () => useQuery({ queryKey: campaignKeys.fields, queryFn: ({ signal }) => api.get<{ items: FieldInfo[] }>('/campaigns/segment-fields', undefined, signal), staleTime: Infinity });
export const useSegments = () => useQuery({ queryKey: campaignKeys.segments, queryFn: ({ signal }) => api.get<{ items: Segment[] }>('/campaigns/segments', undefined, signal) });
export const useCampaigns = () => useQuery({ queryKey: campaignKeys.list, queryFn: ({ signal }) => api.get<Page<Campaign>>('/campaigns', { limit: 200 }, signal) });
export const useCampaign = (id: string) => useQuery({
  queryKey: campaignKeys.one(id), queryFn: ({ signal }) => api.get<Campaign>(`/campaigns/${id}`, undefined, signal),
  // While offers and mail go out, the counts move.
  refetchInterval: (q) => (q.state.data && (q.state.data.counts.pending > 0 || q.state.data.counts.emailsQueued > 0 || (q.state.data.status === 'running' && q.state.data.counts.audience === 0)) ? 1500 : false),
});
export const useResults = (id: string) => useQuery({ queryKey: campaignKeys.results(id), queryFn: ({ signal }) => api.get<CampaignResults>(`/campaigns/${id}/results`, undefined, signal) });
export const useCompetitorOffers = () => useQuery({ queryKey: campaignKeys.offers, queryFn: ({ signal }) => api.get<{ items: CompetitorOffer[] }>('/campaigns/competitor-offers', undefined, signal) });
export const useBudget = () => useQuery({ queryKey: campaignKeys.budget, queryFn: ({ signal }) => api.get<BudgetView>('/campaigns/budget', undefined, signal) });
export const useTimeline = (from: string, to: string) => useQuery({ queryKey: campaignKeys.timeline(from, to), queryFn: ({ signal }) => api.get<TimelineView>('/campaigns/timeline', { from, to }, signal) });

export function countSegment(definition: SegmentNodeShape, signal?: AbortSignal) {
  return api.post<SegmentCount>('/campaigns/segments/count', { definition }, signal ? { signal } : {});
}

export function planning(query: { baselineRate: number; controlShare: number; effect?: number; customers?: number }, signal?: AbortSignal) {
  return api.get<{ customersNeeded: number | null; minimumDetectableEffect: number | null }>('/campaigns/planning', query, signal);
}

export function useSaveSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; kind: 'dynamic' | 'static'; definition: SegmentNodeShape }) => api.create<Segment>('/campaigns/segments', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignKeys.segments }),
  });
}

export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: Record<string, unknown>) => {
      const made = await api.create<Campaign>('/campaigns', input);
      return api.post<Campaign>(`/campaigns/${made.id}/launch`);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}

export function useAddCompetitorOffer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { competitor: string; offer: string; channel: string; startsOn: string; endsOn: string | null }) => api.create<CompetitorOffer>('/campaigns/competitor-offers', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignKeys.all }),
  });
}
