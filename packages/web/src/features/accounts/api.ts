import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { List, Page } from '../../app/types';
import type {
  Account360, AccountContact, AccountReferral, Activity, ActivityCreate, Board, Competitor, CompetitorCreate, CompetitorUpdate, Contract, ContractCreate,
  Deal, DealCreate, DealUpdate, DealView, KeyAccount, KeyAccountCreate, KeyAccountUpdate, MarketSegment, MarketSegmentCreate, MarketSegmentUpdate, RelationshipSet, MonthlyReport, Order, OrderStatus, Pipeline, PriceList, PriceListCreate, PriceListUpdate,
  Product, ProductCreate, ProductUpdate, Quote, CompanyPerson,
} from './types';

export const accountKeys = {
  all: ['accounts'] as const,
  list: (q: string) => ['accounts', 'list', q] as const,
  one: (id: string) => ['accounts', 'one', id] as const,
  pipelines: ['accounts', 'pipelines'] as const,
  board: (pipelineId: string | undefined) => ['accounts', 'board', pipelineId ?? 'default'] as const,
  deals: (filter: Record<string, string | undefined>) => ['accounts', 'deals', filter] as const,
  deal: (id: string) => ['accounts', 'deal', id] as const,
  activities: (filter: Record<string, string | undefined>) => ['accounts', 'activities', filter] as const,
  quotes: (dealId: string) => ['accounts', 'quotes', dealId] as const,
  contracts: (accountId: string | undefined) => ['accounts', 'contracts', accountId ?? 'all'] as const,
  orders: (filter: Record<string, string | undefined>) => ['accounts', 'orders', filter] as const,
  products: ['accounts', 'products'] as const,
  priceLists: ['accounts', 'price-lists'] as const,
  competitors: ['accounts', 'competitors'] as const,
  segments: ['accounts', 'segments'] as const,
  referrals: ['accounts', 'referrals'] as const,
  people: (companyId: string) => ['accounts', 'people', companyId] as const,
  report: (month: string, ownerId: string | undefined) => ['accounts', 'report', month, ownerId ?? 'team'] as const,
};

export const useAccounts = (q: string) =>
  useQuery({ queryKey: accountKeys.list(q), queryFn: ({ signal }) => api.get<Page<KeyAccount>>('/accounts', { q: q || undefined, limit: 100 }, signal) });
export const useAccount = (id: string) =>
  useQuery({ queryKey: accountKeys.one(id), queryFn: ({ signal }) => api.get<Account360>(`/accounts/${id}`, undefined, signal) });
export const usePipelines = () =>
  useQuery({ queryKey: accountKeys.pipelines, queryFn: ({ signal }) => api.get<List<Pipeline>>('/accounts/pipelines', undefined, signal) });
export const useBoard = (pipelineId: string | undefined) =>
  useQuery({ queryKey: accountKeys.board(pipelineId), queryFn: ({ signal }) => api.get<Board>('/accounts/board', { pipelineId }, signal) });
export const useDeals = (filter: Record<string, string | undefined>) =>
  useQuery({ queryKey: accountKeys.deals(filter), queryFn: ({ signal }) => api.get<Page<Deal>>('/accounts/deals', { ...filter, limit: 200 }, signal) });
export const useDeal = (id: string) =>
  useQuery({ queryKey: accountKeys.deal(id), queryFn: ({ signal }) => api.get<DealView>(`/accounts/deals/${id}`, undefined, signal) });
export const useActivities = (filter: Record<string, string | undefined>) =>
  useQuery({ queryKey: accountKeys.activities(filter), queryFn: ({ signal }) => api.get<Page<Activity>>('/accounts/activities', { ...filter, limit: 200 }, signal) });
export const useQuotes = (dealId: string) =>
  useQuery({ queryKey: accountKeys.quotes(dealId), queryFn: ({ signal }) => api.get<List<Quote>>('/accounts/quotes', { dealId }, signal) });
export const useContracts = (accountId: string | undefined) =>
  useQuery({ queryKey: accountKeys.contracts(accountId), queryFn: ({ signal }) => api.get<List<Contract>>('/accounts/contracts', { accountId }, signal) });
export const useOrders = (filter: Record<string, string | undefined>) =>
  useQuery({ queryKey: accountKeys.orders(filter), queryFn: ({ signal }) => api.get<Page<Order>>('/accounts/orders', { ...filter, limit: 100 }, signal) });
export const useProducts = () =>
  useQuery({ queryKey: accountKeys.products, queryFn: ({ signal }) => api.get<List<Product>>('/accounts/products', undefined, signal) });
export const usePriceLists = () =>
  useQuery({ queryKey: accountKeys.priceLists, queryFn: ({ signal }) => api.get<List<PriceList>>('/accounts/price-lists', undefined, signal) });
export const useCompetitors = () =>
  useQuery({ queryKey: accountKeys.competitors, queryFn: ({ signal }) => api.get<List<Competitor>>('/accounts/competitors', undefined, signal) });
export const useSegments = () =>
  useQuery({ queryKey: accountKeys.segments, queryFn: ({ signal }) => api.get<List<MarketSegment>>('/accounts/segments', undefined, signal) });
export const useReferrals = () =>
  useQuery({ queryKey: accountKeys.referrals, queryFn: ({ signal }) => api.get<List<AccountReferral>>('/accounts/referrals', undefined, signal) });
export const useReport = (month: string, ownerId: string | undefined) =>
  useQuery({ queryKey: accountKeys.report(month, ownerId), queryFn: ({ signal }) => api.get<MonthlyReport>('/accounts/reports/monthly', { month, ownerId }, signal) });

/** Every mutation refreshes the whole area: boards, lists and the account page all show the same deals. */
function useAccountsMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.all }) });
}

export const useCreateAccount = () => useAccountsMutation((body: KeyAccountCreate) => api.create<KeyAccount>('/accounts', body));
export const useCreateDeal = () => useAccountsMutation((body: DealCreate) => api.create<Deal>('/accounts/deals', body));
export const useUpdateDeal = (id: string) => useAccountsMutation((body: DealUpdate) => api.patch<Deal>(`/accounts/deals/${id}`, body));
export const useCloseDeal = (id: string) =>
  useAccountsMutation((body: { outcome: 'won' | 'lost'; reason?: string; lostToCompetitorId?: string | null }) => api.post<Deal>(`/accounts/deals/${id}/close`, body));
export const useLogActivity = () => useAccountsMutation((body: ActivityCreate) => api.create<Activity>('/accounts/activities', body));
export const useCompleteActivity = () => useAccountsMutation((id: string) => api.post<Activity>(`/accounts/activities/${id}/done`));
export const useCreateQuote = () => useAccountsMutation((body: { dealId: string; language: 'az' | 'tr' | 'en' }) => api.create<Quote>('/accounts/quotes', body));
export const useQuoteStatus = () => useAccountsMutation((v: { id: string; status: Quote['status'] }) => api.post<Quote>(`/accounts/quotes/${v.id}/status`, { status: v.status }));
export const useCreateContract = () => useAccountsMutation((body: ContractCreate) => api.create<Contract>('/accounts/contracts', body));
export const useCreateOrder = () => useAccountsMutation((body: { contractId: string; dueOn?: string | null }) => api.create<Order>('/accounts/orders', body));
export const useOrderStatus = () => useAccountsMutation((v: { id: string; status: OrderStatus }) => api.post<Order>(`/accounts/orders/${v.id}/status`, { status: v.status }));
export const useCreateProduct = () => useAccountsMutation((body: ProductCreate) => api.create<Product>('/accounts/products', body));
export const useUpdateProduct = () => useAccountsMutation((v: { id: string; body: ProductUpdate }) => api.patch<Product>(`/accounts/products/${v.id}`, v.body));
export const useCreatePriceList = () => useAccountsMutation((body: PriceListCreate) => api.create<PriceList>('/accounts/price-lists', body));
export const useUpdatePriceList = () => useAccountsMutation((v: { id: string; body: PriceListUpdate }) => api.patch<PriceList>(`/accounts/price-lists/${v.id}`, v.body));
export const useSetRelationship = (accountId: string) =>
  useAccountsMutation((v: { contactId: string; body: RelationshipSet }) => api.put<List<AccountContact>>(`/accounts/${accountId}/contacts/${v.contactId}`, v.body));
export const useRemoveRelationship = (accountId: string) =>
  useAccountsMutation((contactId: string) => api.del(`/accounts/${accountId}/contacts/${contactId}`));
export const useUpdateAccount = (accountId: string) => useAccountsMutation((body: KeyAccountUpdate) => api.patch<KeyAccount>(`/accounts/${accountId}`, body));
export const useCreateCompetitor = () => useAccountsMutation((body: CompetitorCreate) => api.create<Competitor>('/accounts/competitors', body));
export const useUpdateCompetitor = () => useAccountsMutation((v: { id: string; body: CompetitorUpdate }) => api.patch<Competitor>(`/accounts/competitors/${v.id}`, v.body));
export const useCreateSegment = () => useAccountsMutation((body: MarketSegmentCreate) => api.create<MarketSegment>('/accounts/segments', body));
export const useUpdateSegment = () => useAccountsMutation((v: { id: string; body: MarketSegmentUpdate }) => api.patch<MarketSegment>(`/accounts/segments/${v.id}`, v.body));

/** The people of a company (who can go on its relationship map). */
export const useCompanyPeople = (companyId: string) =>
  useQuery({ queryKey: accountKeys.people(companyId), queryFn: ({ signal }) => api.get<Page<CompanyPerson>>('/customers', { companyId, kind: 'person', limit: 200 }, signal) });
/** A new person at the company, then on the map: two requests, as the map only holds people who exist. */
export const useAddNewContact = (accountId: string) =>
  useAccountsMutation(async (v: { firstName: string; lastName: string; body: RelationshipSet }) => {
    const person = await api.create<CompanyPerson>('/customers', { kind: 'person', firstName: v.firstName.trim() || null, lastName: v.lastName.trim() || null, companyId: accountId });
    return api.put<List<AccountContact>>(`/accounts/${accountId}/contacts/${person.id}`, v.body);
  });

/** Moving a card answers at once on screen; the server's answer (or an error) then settles it. */
export function useMoveDeal(pipelineId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { dealId: string; stageId: string }) => api.post<Deal>(`/accounts/deals/${v.dealId}/move`, { stageId: v.stageId }),
    onMutate: async (v) => {
      const key = accountKeys.board(pipelineId);
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Board>(key);
      if (before) {
        const card = before.columns.flatMap((c) => c.deals).find((d) => d.id === v.dealId);
        if (card) {
          client.setQueryData<Board>(key, {
            ...before,
            columns: before.columns.map((c) => ({
              ...c,
              deals: c.stageId === v.stageId ? [{ ...card, stageId: v.stageId }, ...c.deals.filter((d) => d.id !== v.dealId)] : c.deals.filter((d) => d.id !== v.dealId),
              count: c.count + (c.stageId === v.stageId ? 1 : 0) - (c.stageId === card.stageId ? 1 : 0),
            })),
          });
        }
      }
      return { before };
    },
    onError: (_e, _v, context) => { if (context?.before) client.setQueryData(accountKeys.board(pipelineId), context.before); },
    onSettled: () => client.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export const exportUrl = (month: string, format: 'pdf' | 'xlsx', lang: string, ownerId?: string) =>
  `/api/v1/accounts/reports/monthly/export?month=${month}&format=${format}&lang=${lang}${ownerId ? `&ownerId=${ownerId}` : ''}`;
