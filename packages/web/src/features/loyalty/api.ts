// Queries and commands of the loyalty pages, over /api/v1/loyalty.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { List, Page } from '../../app/types';
import type {
  Coupon, CouponBatchResult, CouponCheckResult, CouponGenerate, EarningRuleView, LedgerEntry, Member, MemberName, MemberRow, MemberView,
  Programme, ProgrammeCreate, ProgrammeSummary, ProgrammeUpdate, Redemption, Referral, Reward, RewardCreate, SimulateInput, SimulateResult,
  Tier, TierCreate, MemberBalance, PurchaseInput, PurchaseResult, BurnInput,
} from './types';

export const loyaltyKeys = {
  all: ['loyalty'] as const,
  programmes: ['loyalty', 'programmes'] as const,
  summary: (programmeId: string) => ['loyalty', 'summary', programmeId] as const,
  tiers: (programmeId: string) => ['loyalty', 'tiers', programmeId] as const,
  rules: (programmeId: string) => ['loyalty', 'rules', programmeId] as const,
  rule: (id: string) => ['loyalty', 'rule', id] as const,
  rewards: ['loyalty', 'rewards'] as const,
  redemptions: ['loyalty', 'redemptions'] as const,
  coupons: ['loyalty', 'coupons'] as const,
  referrals: ['loyalty', 'referrals'] as const,
  members: (f: MemberFilter) => ['loyalty', 'members', f] as const,
  member: (id: string) => ['loyalty', 'member', id] as const,
  ledger: (id: string) => ['loyalty', 'member', id, 'ledger'] as const,
  names: (ids: string[]) => ['loyalty', 'names', ids] as const,
  ofCustomer: (customerId: string) => ['loyalty', 'of-customer', customerId] as const,
};

export function useProgrammes() {
  return useQuery({ queryKey: loyaltyKeys.programmes, queryFn: ({ signal }) => api.get<List<Programme>>('/loyalty/programmes', undefined, signal) });
}

export function useSaveProgramme(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgrammeCreate | ProgrammeUpdate) => (id ? api.patch<Programme>(`/loyalty/programmes/${id}`, body) : api.create<Programme>('/loyalty/programmes', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

export function useSummary(programmeId: string) {
  return useQuery({
    queryKey: loyaltyKeys.summary(programmeId),
    queryFn: ({ signal }) => api.get<ProgrammeSummary>(`/loyalty/views/programmes/${programmeId}/summary`, undefined, signal),
    enabled: Boolean(programmeId),
  });
}

export function useTiers(programmeId: string) {
  return useQuery({
    queryKey: loyaltyKeys.tiers(programmeId),
    queryFn: ({ signal }) => api.get<List<Tier>>(`/loyalty/programmes/${programmeId}/tiers`, undefined, signal),
    enabled: Boolean(programmeId),
  });
}

export function useSaveTier(programmeId: string, id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TierCreate) => (id
      ? api.patch<Tier>(`/loyalty/programmes/${programmeId}/tiers/${id}`, body)
      : api.create<Tier>(`/loyalty/programmes/${programmeId}/tiers`, body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

export function useRules(programmeId: string) {
  return useQuery({
    queryKey: loyaltyKeys.rules(programmeId),
    queryFn: ({ signal }) => api.get<List<EarningRuleView>>('/loyalty/rules', { programmeId }, signal),
    enabled: Boolean(programmeId),
  });
}

export function useRule(id: string | null) {
  return useQuery({
    queryKey: loyaltyKeys.rule(id ?? ''),
    queryFn: ({ signal }) => api.get<EarningRuleView>(`/loyalty/rules/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useSaveRule(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { programmeId: string; rule: Record<string, unknown>; active?: boolean }) => (id
      ? api.patch<EarningRuleView>(`/loyalty/rules/${id}`, { rule: body.rule, ...(body.active !== undefined ? { active: body.active } : {}) })
      : api.create<EarningRuleView>('/loyalty/rules', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

export function useSetRuleActive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.patch<EarningRuleView>(`/loyalty/rules/${id}`, { active }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

export function useSimulate() {
  return useMutation({ mutationFn: (body: SimulateInput) => api.post<SimulateResult>('/loyalty/rules/simulate', body) });
}

export function useRewards() {
  return useQuery({ queryKey: loyaltyKeys.rewards, queryFn: ({ signal }) => api.get<List<Reward>>('/loyalty/rewards', undefined, signal) });
}

export function useSaveReward(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RewardCreate) => {
      if (!id) return api.create<Reward>('/loyalty/rewards', body);
      const { programmeId: _p, kind: _k, ...update } = body;
      return api.patch<Reward>(`/loyalty/rewards/${id}`, update);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.rewards }),
  });
}

export function useRedemptions(memberId?: string) {
  return useQuery({
    queryKey: memberId ? [...loyaltyKeys.redemptions, memberId] : loyaltyKeys.redemptions,
    queryFn: ({ signal }) => api.get<List<Redemption>>('/loyalty/redemptions', memberId ? { memberId } : undefined, signal),
  });
}

export function useCoupons() {
  return useQuery({ queryKey: loyaltyKeys.coupons, queryFn: ({ signal }) => api.get<List<Coupon>>('/loyalty/coupons', undefined, signal) });
}

export function useGenerateCoupons() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CouponGenerate) => api.create<CouponBatchResult>('/loyalty/coupons', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.coupons }),
  });
}

export function useCheckCoupon() {
  return useMutation({
    mutationFn: (body: { code: string; memberId?: string; purchase?: { lines: { id: string; sku: string; quantity: number; unitPriceMinor: number }[] } }) =>
      api.post<CouponCheckResult>('/loyalty/coupons/validate', body),
  });
}

export function useReferrals() {
  return useQuery({ queryKey: loyaltyKeys.referrals, queryFn: ({ signal }) => api.get<List<Referral>>('/loyalty/referrals', undefined, signal) });
}

/** Names and cards of the members a list mentions (redemptions, referrals). */
export function useMemberNames(ids: string[]) {
  const unique = [...new Set(ids)].sort().slice(0, 200);
  return useQuery({
    queryKey: loyaltyKeys.names(unique),
    queryFn: async ({ signal }) => {
      const res = await api.get<List<MemberName>>('/loyalty/views/member-names', { ids: unique.join(',') }, signal);
      return new Map(res.items.map((m) => [m.memberId, m]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
}

export interface MemberFilter { programmeId: string; q: string; tierId: string }
export const MEMBER_PAGE = 50;

export function useMemberList(f: MemberFilter) {
  return useInfiniteQuery({
    queryKey: loyaltyKeys.members(f),
    queryFn: ({ pageParam, signal }) => api.get<Page<MemberRow>>('/loyalty/views/members', {
      programmeId: f.programmeId || undefined, q: f.q || undefined, tierId: f.tierId || undefined, limit: MEMBER_PAGE, cursor: pageParam ?? undefined,
    }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
  });
}

export function useMemberView(id: string) {
  return useQuery({
    queryKey: loyaltyKeys.member(id),
    queryFn: ({ signal }) => api.get<MemberView>(`/loyalty/members/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useLedger(id: string) {
  return useInfiniteQuery({
    queryKey: loyaltyKeys.ledger(id),
    queryFn: ({ pageParam, signal }) => api.get<Page<LedgerEntry>>(`/loyalty/members/${id}/ledger`, { limit: 100, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(id),
  });
}

export function useAdjust(memberId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { points: number; reason: string }) => api.create<{ points: number }>(`/loyalty/members/${memberId}/adjustments`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

/** The customer's memberships (one per programme), for the customer 360 panel. */
export function useMembershipsOf(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: loyaltyKeys.ofCustomer(customerId),
    queryFn: ({ signal }) => api.get<Page<Member>>('/loyalty/members', { customerId, limit: 10 }, signal),
    enabled: enabled && Boolean(customerId),
  });
}

export function useEnrol(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (programmeId: string) => api.create<Member>('/loyalty/members', { customerId, programmeId }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

/** The member with this card in the programme (the till's look-up); an empty page when none. */
export function useMemberByCard(programmeId: string, cardNumber: string) {
  return useQuery({
    queryKey: ['loyalty', 'card', programmeId, cardNumber] as const,
    queryFn: ({ signal }) => api.get<Page<Member>>('/loyalty/members', { programmeId, cardNumber, limit: 1 }, signal),
    enabled: Boolean(programmeId && cardNumber),
  });
}

export function useMemberBalance(memberId: string) {
  return useQuery({
    queryKey: [...loyaltyKeys.member(memberId), 'balance'] as const,
    queryFn: ({ signal }) => api.get<MemberBalance>(`/loyalty/members/${memberId}/balance`, undefined, signal),
    enabled: Boolean(memberId),
  });
}

export function usePostTillPurchase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PurchaseInput) => api.create<PurchaseResult>('/loyalty/purchases', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}

export function useBurnAtTill(memberId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BurnInput) => api.create<Redemption>(`/loyalty/members/${memberId}/burn`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: loyaltyKeys.all }),
  });
}
