import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, API_BASE, qs } from '../../app/api';
import type { Customer, List, Page } from '../../app/types';
import type {
  BusinessCalendar, BusinessCalendarUpdate, CannedReply, CannedReplyCreate, Case, CaseAssign, CaseBulkAction, CaseBulkResult,
  CaseChannel, CaseCreate, CaseEvent, CaseListItem, CasePresence, CasePriority, CaseReplyCreate, CaseResolve, CaseStatus,
  CaseSuggestion, CaseType, CaseUpdate, CaseView, ClassifierStatus, ContactLogCreate, CsatPublicView, DepartmentServiceSettings,
  Mailbox, MailboxCreate, MailboxUpdate, MailMessage, OnboardingStart, OnboardingTemplate, OnboardingTemplateCreate,
  PublicFormReceipt, PublicFormSubmit, PublicFormTicket, RenderedReply, RoutingRule, RoutingRuleCreate, ServiceReport,
  SlaPolicy, SlaPolicyCreate, AssignmentStrategy, MonthlyReportSummary,
} from './types';

export interface InboxFilters {
  view: CaseView;
  status?: CaseStatus | '';
  priority?: CasePriority | '';
  type?: CaseType | '';
  channel?: CaseChannel | '';
  category?: string;
  departmentId?: string;
  tag?: string;
  q?: string;
  customerId?: string;
}

export const serviceKeys = {
  all: ['service'] as const,
  cases: ['service', 'cases'] as const,
  list: (f: InboxFilters) => ['service', 'cases', 'list', f] as const,
  one: (id: string) => ['service', 'cases', 'one', id] as const,
  events: (id: string) => ['service', 'cases', 'events', id] as const,
  messages: (id: string) => ['service', 'cases', 'messages', id] as const,
  suggestion: (id: string) => ['service', 'cases', 'suggestion', id] as const,
  presence: (id: string) => ['service', 'presence', id] as const,
  departments: ['service', 'departments'] as const,
  rules: ['service', 'routing-rules'] as const,
  policies: ['service', 'sla-policies'] as const,
  calendar: ['service', 'calendar'] as const,
  canned: ['service', 'canned-replies'] as const,
  templates: ['service', 'onboarding-templates'] as const,
  classifier: ['service', 'classifier'] as const,
  mailboxes: ['service', 'mailboxes'] as const,
  report: (from: string, to: string, language: string) => ['service', 'report', from, to, language] as const,
};

export const INBOX_PAGE = 25;

function listQuery(f: InboxFilters) {
  return {
    view: f.view, status: f.status || undefined, priority: f.priority || undefined, type: f.type || undefined,
    channel: f.channel || undefined, category: f.category?.trim() || undefined, departmentId: f.departmentId || undefined,
    tag: f.tag?.trim() || undefined, q: f.q?.trim() || undefined, customerId: f.customerId || undefined,
  };
}

export function useCases(f: InboxFilters, limit = INBOX_PAGE, enabled = true) {
  return useInfiniteQuery({
    queryKey: serviceKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<CaseListItem>>('/service/cases', { ...listQuery(f), limit, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
    enabled,
    // The SLA clocks move: keep the inbox fresh while it is on screen.
    refetchInterval: 60_000,
  });
}

export function useCase(id: string) {
  // A colleague or the customer may change the case while it is open: look again every 30 s.
  return useQuery({ queryKey: serviceKeys.one(id), queryFn: ({ signal }) => api.get<Case>(`/service/cases/${id}`, undefined, signal), enabled: Boolean(id), refetchInterval: 30_000 });
}

export function useCaseEvents(id: string) {
  return useInfiniteQuery({
    queryKey: serviceKeys.events(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<CaseEvent>>(`/service/cases/${id}/events`, { limit: 100, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 30_000,
  });
}

export function useCaseMessages(id: string) {
  return useInfiniteQuery({
    queryKey: serviceKeys.messages(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<MailMessage>>(`/service/cases/${id}/messages`, { limit: 50, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    retry: false,
    refetchInterval: 30_000,
  });
}

/** Notes that @mention me, newest first. */
export function useMentions() {
  return useQuery({
    queryKey: ['service', 'cases', 'mentions'] as const,
    queryFn: ({ signal }) => api.get<Page<CaseEvent>>('/service/mentions', { limit: 5 }, signal),
    refetchInterval: 60_000, retry: false,
  });
}

export const attachmentUrl = (caseId: string, attachmentId: string) => `${API_BASE}/service/cases/${caseId}/attachments/${attachmentId}`;

export function useSuggestion(id: string, enabled: boolean) {
  return useQuery({
    queryKey: serviceKeys.suggestion(id),
    queryFn: ({ signal }) => api.get<CaseSuggestion>(`/service/cases/${id}/suggestion`, undefined, signal),
    enabled, retry: false, staleTime: 5 * 60_000,
  });
}

/** Polls who else has the case open every 10 s (the server forgets a viewer after 30 s). */
export function usePresence(id: string, editing: boolean) {
  return useQuery({
    queryKey: [...serviceKeys.presence(id), editing],
    queryFn: ({ signal }) => api.get<CasePresence>(`/service/cases/${id}/presence`, { editing: editing ? 'true' : undefined }, signal),
    refetchInterval: 10_000, refetchIntervalInBackground: false, retry: false, staleTime: 0,
  });
}

/** Everything that shows a case changes when one does. */
function caseChanged(qc: QueryClient, id: string, c?: Case) {
  if (c) qc.setQueryData(serviceKeys.one(id), c);
  void qc.invalidateQueries({ queryKey: serviceKeys.cases });
}

export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseCreate) => api.create<Case>('/service/cases', body),
    onSuccess: (c) => caseChanged(qc, c.id, c),
  });
}

export function useUpdateCase(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: CaseUpdate) => api.patch<Case>(`/service/cases/${id}`, body), onSuccess: (c) => caseChanged(qc, id, c) });
}

export function useAssignCase(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: CaseAssign) => api.post<Case>(`/service/cases/${id}/assign`, body), onSuccess: (c) => caseChanged(qc, id, c) });
}

export function useResolveCase(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: CaseResolve) => api.post<Case>(`/service/cases/${id}/resolve`, body), onSuccess: (c) => caseChanged(qc, id, c) });
}

export function useAddNote(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.create<CaseEvent>(`/service/cases/${id}/notes`, { body }),
    onSuccess: () => caseChanged(qc, id),
  });
}

export function useLogContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactLogCreate) => api.create<CaseEvent>(`/service/cases/${id}/contacts`, body),
    onSuccess: () => caseChanged(qc, id),
  });
}

export function useSendReply(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseReplyCreate) => api.create<MailMessage>(`/service/cases/${id}/replies`, body),
    onSuccess: () => caseChanged(qc, id),
  });
}

export function useLinkCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { otherCaseId: string; kind: 'related' | 'duplicate' }) => api.post<Case>(`/service/cases/${id}/links`, body),
    onSuccess: (c) => caseChanged(qc, id, c),
  });
}

export function useMergeCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (duplicateId: string) => api.post<Case>(`/service/cases/${id}/merge`, { duplicateId }),
    onSuccess: (c) => caseChanged(qc, id, c),
  });
}

export function useOnboardingStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, done }: { key: string; done: boolean }) => api.put<Case>(`/service/cases/${id}/onboarding/${encodeURIComponent(key)}`, { done }),
    onSuccess: (c) => caseChanged(qc, id, c),
  });
}

export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseBulkAction) => api.post<CaseBulkResult>('/service/cases/bulk', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: serviceKeys.cases }),
  });
}

/** Finds cases by number or subject words (link and merge pickers). */
export function searchCases(q: string, signal?: AbortSignal) {
  return api.get<Page<CaseListItem>>('/service/cases', { view: 'all', q, status: undefined, limit: 8 }, signal);
}

export function searchCustomers(q: string, signal?: AbortSignal) {
  return api.get<Page<Customer>>('/customers', { q: q || undefined, limit: 8 }, signal);
}

// ---------------------------------------------------------------- settings

const list = <T,>(key: readonly unknown[], path: string, enabled = true) =>
  ({ queryKey: key, queryFn: ({ signal }: { signal: AbortSignal }) => api.get<List<T>>(path, undefined, signal), enabled, staleTime: 30_000 });

export const useDepartments = (enabled = true) => useQuery(list<DepartmentServiceSettings>(serviceKeys.departments, '/service/departments', enabled));
export const useRoutingRules = () => useQuery(list<RoutingRule>(serviceKeys.rules, '/service/routing-rules'));
export const useSlaPolicies = () => useQuery(list<SlaPolicy>(serviceKeys.policies, '/service/sla-policies'));
export const useCannedReplies = (enabled = true) => useQuery(list<CannedReply>(serviceKeys.canned, '/service/canned-replies', enabled));
export const useOnboardingTemplates = (enabled = true) => useQuery(list<OnboardingTemplate>(serviceKeys.templates, '/service/onboarding-templates', enabled));
export const useMailboxes = (enabled = true) => useQuery(list<Mailbox>(serviceKeys.mailboxes, '/service/mailboxes', enabled));

export function useCalendar() {
  return useQuery({ queryKey: serviceKeys.calendar, queryFn: ({ signal }) => api.get<BusinessCalendar>('/service/calendar', undefined, signal) });
}

/** The classifier's state; polled every 2 s while `poll` (a training asked for and not finished yet). */
export function useClassifier(poll = false) {
  return useQuery({
    queryKey: serviceKeys.classifier,
    queryFn: ({ signal }) => api.get<ClassifierStatus>('/service/classifier', undefined, signal),
    refetchInterval: poll ? 2000 : false,
  });
}

/** Create, change and remove for one settings collection, each refreshing its list. */
function useCollection<TCreate, TUpdate, TItem>(key: readonly unknown[], path: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: key });
  return {
    create: useMutation({ mutationFn: (body: TCreate) => api.create<TItem>(path, body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, body }: { id: string; body: TUpdate }) => api.patch<TItem>(`${path}/${id}`, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${path}/${id}`), onSuccess: done }),
  };
}

export const useRuleCommands = () => useCollection<RoutingRuleCreate, Partial<RoutingRuleCreate>, RoutingRule>(serviceKeys.rules, '/service/routing-rules');
export const usePolicyCommands = () => useCollection<SlaPolicyCreate, Partial<SlaPolicyCreate>, SlaPolicy>(serviceKeys.policies, '/service/sla-policies');
export const useCannedCommands = () => useCollection<CannedReplyCreate, Partial<CannedReplyCreate>, CannedReply>(serviceKeys.canned, '/service/canned-replies');
export const useTemplateCommands = () => useCollection<OnboardingTemplateCreate, never, OnboardingTemplate>(serviceKeys.templates, '/service/onboarding-templates');
export const useMailboxCommands = () => useCollection<MailboxCreate, MailboxUpdate, Mailbox>(serviceKeys.mailboxes, '/service/mailboxes');

export function useSaveCalendar() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BusinessCalendarUpdate) => api.put<BusinessCalendar>('/service/calendar', body),
    onSuccess: (c) => qc.setQueryData(serviceKeys.calendar, c),
  });
}

export function useSetStrategy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, strategy }: { id: string; strategy: AssignmentStrategy }) => api.put<DepartmentServiceSettings>(`/service/departments/${id}`, { strategy }),
    onSuccess: () => qc.invalidateQueries({ queryKey: serviceKeys.departments }),
  });
}

export function useUpdateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: { available?: boolean; maxOpenCases?: number | null; skills?: string[]; languages?: ('az' | 'tr' | 'en')[] } }) =>
      api.patch<void>(`/service/agents/${userId}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: serviceKeys.departments }),
  });
}

export function useTrainClassifier() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ClassifierStatus>('/service/classifier/train'),
    onSuccess: (s) => qc.setQueryData(serviceKeys.classifier, s),
  });
}

export function renderCannedReply(id: string, caseId: string, language?: string) {
  return api.get<RenderedReply>(`/service/canned-replies/${id}/render`, { caseId, language });
}

export function useStartOnboarding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OnboardingStart) => api.create<Case>('/service/onboarding', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: serviceKeys.cases }),
  });
}

// ---------------------------------------------------------------- report

export function useReport(from: string, to: string, language: string) {
  return useQuery({
    queryKey: serviceKeys.report(from, to, language),
    queryFn: ({ signal }) => api.get<ServiceReport>('/service/reports/management', { from, to, language }, signal),
    enabled: Boolean(from && to && from <= to),
    placeholderData: (prev) => prev,
  });
}

/** The monthly reports the scheduled job prepared (coordinators only). */
export function useMonthlyReports(enabled: boolean) {
  return useQuery({
    queryKey: ['service', 'report', 'monthly'] as const,
    queryFn: ({ signal }) => api.get<List<MonthlyReportSummary>>('/service/reports/monthly', undefined, signal),
    enabled, retry: false,
  });
}

export const reportFileUrl = (from: string, to: string, language: string, format: 'pdf' | 'xlsx') =>
  `${API_BASE}/service/reports/management/download${qs({ from, to, language, format })}`;

// ---------------------------------------------------------------- public pages (no session)

export const publicApi = {
  csat: (token: string, score: number | undefined, signal?: AbortSignal) =>
    api.get<CsatPublicView>(`/public/csat/${encodeURIComponent(token)}`, { score }, signal),
  answerCsat: (token: string, body: { score: number; comment?: string }) =>
    api.post<{ ok: true; score: number }>(`/public/csat/${encodeURIComponent(token)}`, body),
  formTicket: (slug: string, signal?: AbortSignal) =>
    api.get<PublicFormTicket>(`/public/service/forms/${encodeURIComponent(slug)}`, undefined, signal),
  sendForm: (slug: string, body: PublicFormSubmit) =>
    api.post<PublicFormReceipt>(`/public/service/forms/${encodeURIComponent(slug)}`, body),
};
