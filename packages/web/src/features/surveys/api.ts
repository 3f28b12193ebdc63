import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { List, Page } from '../../app/types';
import type { Distribution, DistributionCreate, PublicSurveySubmit, PublicSurveyThanks, PublicSurveyView, Survey, SurveyCreate, SurveyPublicLink, SurveyResponse, SurveyResults, SurveyTheme } from './types';

const keys = {
  list: ['surveys', 'list'] as const,
  one: (id: string) => ['surveys', id] as const,
  results: (id: string) => ['surveys', id, 'results'] as const,
  themes: (id: string) => ['surveys', id, 'themes'] as const,
  responses: (id: string, filter: string) => ['surveys', id, 'responses', filter] as const,
  distributions: (id: string) => ['surveys', id, 'distributions'] as const,
  link: (id: string) => ['surveys', id, 'link'] as const,
};

export const useSurveys = () => useQuery({ queryKey: keys.list, queryFn: ({ signal }) => api.get<List<Survey>>('/surveys', undefined, signal) });
export const useSurvey = (id: string) => useQuery({ queryKey: keys.one(id), queryFn: ({ signal }) => api.get<Survey>(`/surveys/${id}`, undefined, signal) });
export const useResults = (id: string) => useQuery({ queryKey: keys.results(id), queryFn: ({ signal }) => api.get<SurveyResults>(`/surveys/${id}/results`, undefined, signal) });
export const useThemes = (id: string) => useQuery({ queryKey: keys.themes(id), queryFn: ({ signal }) => api.get<List<SurveyTheme>>(`/surveys/${id}/themes`, undefined, signal) });
export const useDistributions = (id: string) => useQuery({ queryKey: keys.distributions(id), queryFn: ({ signal }) => api.get<List<Distribution>>(`/surveys/${id}/distributions`, undefined, signal) });
export const useResponses = (id: string, filter: { sentiment?: string; theme?: string }) => useQuery({
  queryKey: keys.responses(id, JSON.stringify(filter)),
  queryFn: ({ signal }) => api.get<Page<SurveyResponse>>(`/surveys/${id}/responses`, { limit: 50, ...filter }, signal),
});

export const useSurveyLink = (id: string) => useQuery({ queryKey: keys.link(id), queryFn: ({ signal }) => api.get<SurveyPublicLink>(`/surveys/${id}/link`, undefined, signal), staleTime: Infinity });

export function useCreateSurvey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: SurveyCreate) => api.create<Survey>('/surveys', body), onSuccess: () => qc.invalidateQueries({ queryKey: ['surveys'] }) });
}
export function useUpdateSurvey(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: Partial<SurveyCreate> & { status?: string }) => api.patch<Survey>(`/surveys/${id}`, body), onSuccess: () => qc.invalidateQueries({ queryKey: ['surveys'] }) });
}
export function useDistribute(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: DistributionCreate) => api.create<Distribution>(`/surveys/${id}/distributions`, body), onSuccess: () => qc.invalidateQueries({ queryKey: ['surveys'] }) });
}
export function useRenameTheme(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (b: { key: string; name: string }) => api.put(`/surveys/${id}/themes/${encodeURIComponent(b.key)}`, { name: b.name }), onSuccess: () => qc.invalidateQueries({ queryKey: keys.themes(id) }) });
}

export const publicSurveyApi = {
  view: (token: string, score: number | undefined, signal?: AbortSignal) => api.get<PublicSurveyView>(`/public/surveys/${token}`, score === undefined ? undefined : { score }, signal),
  answer: (token: string, body: PublicSurveySubmit) => api.post<PublicSurveyThanks>(`/public/surveys/${token}`, body),
  unsubscribe: (token: string) => api.post<{ unsubscribed: boolean }>(`/public/surveys/${token}/unsubscribe`),
};

/** The survey's own public link (and widget): "p…" tokens, answers tied to no customer, texts in the language asked for. */
export const isSurveyLinkToken = (token: string) => token.startsWith('p');
export const surveyLinkApi = {
  view: (token: string, lang: string, score: number | undefined, signal?: AbortSignal) => api.get<PublicSurveyView>(`/public/survey-links/${token}`, { lang, ...(score === undefined ? {} : { score }) }, signal),
  answer: (token: string, lang: string, body: PublicSurveySubmit) => api.post<PublicSurveyThanks>(`/public/survey-links/${token}?lang=${encodeURIComponent(lang)}`, body),
};
