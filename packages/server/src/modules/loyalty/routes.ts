import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AdjustmentInput, BurnInput, CouponBatchResult, CouponCheckInput, CouponCheckResult, CouponGenerate, CursorQuery, EarningRuleView,
  IdParam, LedgerCheck, MemberBalance, MemberBalanceQuery, LoyaltyCoupon, LoyaltyLedgerEntry, LoyaltyMember, LoyaltyMemberEnrol, LoyaltyMemberListQuery, LoyaltyMemberView,
  LoyaltyProgramme, LoyaltyRedemption, LoyaltyReferral, LoyaltyReward, LoyaltyTier, LoyaltyTierCreate, LoyaltyTierUpdate, page,
  ProgrammeChildParam, ProgrammeCreate, ProgrammeIdParam, ProgrammeUpdate, PurchaseBatch, PurchaseBatchResult, PurchaseInput,
  PurchaseResult, RedemptionCreate, TransferInput, TransferResult, ReferralCreate, ReturnInput, ReturnResult, RewardCreate, RewardUpdate, RuleCreate, RuleListQuery,
  RuleUpdate, SimulateInput, SimulateResult, Uuid,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { createProgramme, createTier, getProgramme, listProgrammes, listTiers, updateProgramme, updateTier } from './programmes.ts';
import { adjustPoints, burnPoints, enrolMember, listMembers, memberBalance, memberLedger, memberView, setOptIn } from './members.ts';
import { recordPurchaseBatch } from './purchases.ts';
import { recordPurchase } from './singlePurchases.ts';
import { recordReturn } from './returns.ts';
import { createRule, deactivateRule, getRule, listRules, simulate, updateRule } from './rules.ts';
import { cancelRedemption, commitRedemption, createReward, getReward, listRedemptions, listRewards, reserveRedemption, updateReward } from './redemptions.ts';
import { generateCoupons, listCoupons, redeemCoupon, validateCouponCode } from './coupons.ts';
import { createReferralCommand, listReferrals } from './referrals.ts';
import { checkLedgerSnapshot } from './ledgerCheck.ts';
import { transferPoints } from './transfers.ts';
import { referralLink } from '@vefa/domain';
import { registerCustomerReference } from '../customers/merge.ts';
import { loyaltyViewRoutes } from './views.ts';

// A merge moves the duplicate's loyalty membership to the survivor.
registerCustomerReference('loyalty_members', 'customer_id');

const tags = ['loyalty'];
const read = { permission: 'loyalty:read' } as const;
const manage = { permission: 'loyalty:manage' } as const;
const transact = { permission: 'loyalty:transact' } as const;
const items = <T extends z.ZodTypeAny>(schema: T) => z.object({ items: z.array(schema) });

export const loyaltyRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  // A member's referral code, also as the link they share.
  const publicUrl = app.vefaConfig.publicUrl;
  const linked = <T extends { referralCode: string }>(m: T) => ({ ...m, referralUrl: referralLink(publicUrl, m.referralCode) });

  // Programmes and tiers
  app.get('/loyalty/programmes', { config: read, schema: { tags, summary: 'Loyalty programmes', response: { 200: items(LoyaltyProgramme) } } },
    async (request) => ({ items: await listProgrammes(db, requireActor(request).workspaceId) }));
  app.post('/loyalty/programmes', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Create a programme', body: ProgrammeCreate, response: { 201: LoyaltyProgramme } } },
    async (request, reply) => reply.status(201).send(await createProgramme(db, requireActor(request), request.body)));
  app.get('/loyalty/programmes/:id', { config: read, schema: { tags, summary: 'One programme', params: IdParam, response: { 200: LoyaltyProgramme } } },
    (request) => getProgramme(db, requireActor(request).workspaceId, request.params.id));
  app.patch('/loyalty/programmes/:id', { config: manage, schema: { tags, summary: 'Change a programme', params: IdParam, body: ProgrammeUpdate, response: { 200: LoyaltyProgramme } } },
    (request) => updateProgramme(db, requireActor(request), request.params.id, request.body));
  app.delete('/loyalty/programmes/:id', { config: manage, schema: { tags, summary: 'Archive a programme (its ledger stays; no new purchases)', params: IdParam, response: { 200: LoyaltyProgramme } } },
    (request) => updateProgramme(db, requireActor(request), request.params.id, { status: 'archived' }));
  app.get('/loyalty/programmes/:programmeId/tiers', { config: read, schema: { tags, summary: 'Tiers, lowest first', params: ProgrammeIdParam, response: { 200: items(LoyaltyTier) } } },
    async (request) => ({ items: await listTiers(db, requireActor(request).workspaceId, request.params.programmeId) }));
  app.post('/loyalty/programmes/:programmeId/tiers', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Add a tier', params: ProgrammeIdParam, body: LoyaltyTierCreate, response: { 201: LoyaltyTier } } },
    async (request, reply) => reply.status(201).send(await createTier(db, requireActor(request), request.params.programmeId, request.body)));
  app.patch('/loyalty/programmes/:programmeId/tiers/:id', { config: manage, schema: { tags, summary: 'Change a tier', params: ProgrammeChildParam, body: LoyaltyTierUpdate, response: { 200: LoyaltyTier } } },
    (request) => updateTier(db, requireActor(request), request.params.programmeId, request.params.id, request.body));

  // Members
  app.get('/loyalty/members', { config: read, schema: { tags, summary: 'Members, by card, customer or programme', querystring: LoyaltyMemberListQuery, response: { 200: page(LoyaltyMember) } } },
    async (request) => {
      const list = await listMembers(db, requireActor(request).workspaceId, request.query);
      return { ...list, items: list.items.map(linked) };
    });
  app.post('/loyalty/members', { config: { ...transact, idempotent: true }, schema: { tags, summary: 'Enrol a customer (card number and QR payload issued)', body: LoyaltyMemberEnrol, response: { 201: LoyaltyMember } } },
    async (request, reply) => reply.status(201).send(linked(await enrolMember(db, requireActor(request), request.body))));
  app.get('/loyalty/members/:id', { config: read, schema: { tags, summary: 'Member view: balance, pending, expiring lots, tier and progress', params: IdParam, response: { 200: LoyaltyMemberView } } },
    async (request) => linked(await memberView(db, requireActor(request).workspaceId, request.params.id)));
  app.get('/loyalty/members/:id/balance', { config: read, schema: { tags, summary: 'Balance only (for tills): available, pending, value, points expiring in the next N days', params: IdParam, querystring: MemberBalanceQuery, response: { 200: MemberBalance } } },
    (request) => memberBalance(app.database, requireActor(request).workspaceId, request.params.id, request.query.expiringWithinDays));
  app.get('/loyalty/members/:id/ledger', { config: read, schema: { tags, summary: 'Ledger history with causes, newest first', params: IdParam, querystring: CursorQuery, response: { 200: page(LoyaltyLedgerEntry) } } },
    (request) => memberLedger(db, requireActor(request).workspaceId, request.params.id, request.query));
  app.post('/loyalty/members/:id/opt-out', { config: transact, schema: { tags, summary: 'The member leaves the programme', params: IdParam, response: { 200: LoyaltyMember } } },
    async (request) => linked(await setOptIn(db, requireActor(request), request.params.id, false)));
  app.post('/loyalty/members/:id/opt-in', { config: transact, schema: { tags, summary: 'The member rejoins the programme', params: IdParam, response: { 200: LoyaltyMember } } },
    async (request) => linked(await setOptIn(db, requireActor(request), request.params.id, true)));
  app.post('/loyalty/members/:id/adjustments', {
    config: { ...manage, idempotent: true },
    schema: { tags, summary: 'Manual adjustment with a reason (audited)', params: IdParam, body: AdjustmentInput, response: { 201: z.object({ adjustmentId: Uuid, postingId: z.string(), points: z.number().int(), balance: z.object({ available: z.number().int(), pending: z.number().int() }) }) } },
  }, async (request, reply) => reply.status(201).send(await adjustPoints(db, requireActor(request), request.params.id, request.body)));
  app.post('/loyalty/members/:id/burn', {
    config: { ...transact, idempotent: true },
    schema: { tags, summary: 'Pay with points at the till', params: IdParam, body: BurnInput, response: { 201: LoyaltyRedemption.extend({ valueMinor: z.number().int(), duplicate: z.boolean() }) } },
  }, async (request, reply) => reply.status(201).send(await burnPoints(db, requireActor(request), request.params.id, request.body)));

  app.post('/loyalty/transfers', {
    config: { ...transact, idempotent: true },
    schema: { tags, summary: 'Move available points to another member of the programme (audited; a retry with the same externalId moves them once)', body: TransferInput, response: { 200: TransferResult, 201: TransferResult } },
  }, async (request, reply) => {
    const result = await transferPoints(db, requireActor(request), request.body);
    return reply.status(result.status === 'created' ? 201 : 200).send(result);
  });

  // Purchases and returns (tills, web shops: API key with loyalty:transact)
  app.post('/loyalty/purchases', {
    config: { ...transact, idempotent: true },
    schema: { tags, summary: 'Post one purchase; a retry with the same externalId counts once', body: PurchaseInput, response: { 200: PurchaseResult, 201: PurchaseResult } },
  }, async (request, reply) => {
    const result = await recordPurchase(db, requireActor(request), request.body);
    return reply.status(result.status === 'created' ? 201 : 200).send(result);
  });
  app.post('/loyalty/purchases/batch', {
    config: { ...transact, idempotent: true },
    bodyLimit: 16 * 1024 * 1024,
    schema: { tags, summary: 'Post up to 1,000 purchases; per-item results; safe to retry after a crash', body: PurchaseBatch, response: { 200: PurchaseBatchResult } },
  }, (request) => recordPurchaseBatch(db, requireActor(request), request.body.purchases));
  app.post('/loyalty/returns', {
    config: { ...transact, idempotent: true },
    schema: { tags, summary: 'Full or partial return: reverses what the lines earned, tier progress included', body: ReturnInput, response: { 200: ReturnResult, 201: ReturnResult } },
  }, async (request, reply) => {
    const result = await recordReturn(db, requireActor(request), request.body);
    return reply.status(result.status === 'created' ? 201 : 200).send(result);
  });

  // Earning rules
  app.get('/loyalty/rules', { config: read, schema: { tags, summary: 'Earning rules', querystring: RuleListQuery, response: { 200: items(EarningRuleView) } } },
    async (request) => ({ items: await listRules(db, requireActor(request).workspaceId, request.query.programmeId) }));
  app.post('/loyalty/rules', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Create an earning rule (problem+json names each bad field)', body: RuleCreate, response: { 201: EarningRuleView } } },
    async (request, reply) => reply.status(201).send(await createRule(db, requireActor(request), request.body)));
  app.post('/loyalty/rules/simulate', { config: manage, schema: { tags, summary: 'Run the rules on a sample purchase, with explanations; writes nothing', body: SimulateInput, response: { 200: SimulateResult } } },
    (request) => simulate(db, requireActor(request).workspaceId, request.body));
  app.get('/loyalty/rules/:id', { config: read, schema: { tags, summary: 'One earning rule', params: IdParam, response: { 200: EarningRuleView } } },
    (request) => getRule(db, requireActor(request).workspaceId, request.params.id));
  app.patch('/loyalty/rules/:id', { config: manage, schema: { tags, summary: 'Change a rule (new version)', params: IdParam, body: RuleUpdate, response: { 200: EarningRuleView } } },
    (request) => updateRule(db, requireActor(request), request.params.id, request.body));
  app.delete('/loyalty/rules/:id', { config: manage, schema: { tags, summary: 'Deactivate a rule (kept: the ledger names it)', params: IdParam, response: { 200: EarningRuleView } } },
    (request) => deactivateRule(db, requireActor(request), request.params.id));

  // Rewards and redemptions
  app.get('/loyalty/rewards', { config: read, schema: { tags, summary: 'Rewards catalogue', response: { 200: items(LoyaltyReward) } } },
    async (request) => ({ items: await listRewards(db, requireActor(request).workspaceId) }));
  app.post('/loyalty/rewards', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Add a reward', body: RewardCreate, response: { 201: LoyaltyReward } } },
    async (request, reply) => reply.status(201).send(await createReward(db, requireActor(request), request.body)));
  app.get('/loyalty/rewards/:id', { config: read, schema: { tags, summary: 'One reward', params: IdParam, response: { 200: LoyaltyReward } } },
    (request) => getReward(db, requireActor(request).workspaceId, request.params.id));
  app.patch('/loyalty/rewards/:id', { config: manage, schema: { tags, summary: 'Change a reward (stock, limits)', params: IdParam, body: RewardUpdate, response: { 200: LoyaltyReward } } },
    (request) => updateReward(db, requireActor(request), request.params.id, request.body));
  app.delete('/loyalty/rewards/:id', { config: manage, schema: { tags, summary: 'Withdraw a reward (kept for its redemptions)', params: IdParam, response: { 200: LoyaltyReward } } },
    (request) => updateReward(db, requireActor(request), request.params.id, { active: false }));
  app.get('/loyalty/redemptions', { config: read, schema: { tags, summary: 'Redemptions', querystring: z.object({ memberId: Uuid.optional() }), response: { 200: items(LoyaltyRedemption) } } },
    async (request) => ({ items: await listRedemptions(db, requireActor(request).workspaceId, request.query.memberId) }));
  app.post('/loyalty/redemptions', { config: { ...transact, idempotent: true }, schema: { tags, summary: 'Reserve a reward (points held, stock taken)', body: RedemptionCreate, response: { 201: LoyaltyRedemption } } },
    async (request, reply) => reply.status(201).send(await reserveRedemption(db, requireActor(request), request.body)));
  app.post('/loyalty/redemptions/:id/commit', { config: transact, schema: { tags, summary: 'Commit a reserved redemption', params: IdParam, response: { 200: LoyaltyRedemption } } },
    (request) => commitRedemption(db, requireActor(request), request.params.id));
  app.post('/loyalty/redemptions/:id/cancel', { config: transact, schema: { tags, summary: 'Cancel a reserved redemption: points and stock come back', params: IdParam, response: { 200: LoyaltyRedemption } } },
    (request) => cancelRedemption(db, requireActor(request), request.params.id));

  // Coupons
  app.get('/loyalty/coupons', { config: read, schema: { tags, summary: 'Coupons (first 1,000; filter by batch)', querystring: z.object({ batchId: Uuid.optional() }), response: { 200: items(LoyaltyCoupon) } } },
    async (request) => ({ items: await listCoupons(db, requireActor(request).workspaceId, request.query.batchId) }));
  app.post('/loyalty/coupons', { config: { ...manage, idempotent: true }, schema: { tags, summary: 'Create one code or bulk-generate unique codes', body: CouponGenerate, response: { 201: CouponBatchResult } } },
    async (request, reply) => reply.status(201).send(await generateCoupons(db, requireActor(request), request.body)));
  app.post('/loyalty/coupons/validate', { config: transact, schema: { tags, summary: 'May this code be used now? Every reason it may not', body: CouponCheckInput, response: { 200: CouponCheckResult } } },
    (request) => validateCouponCode(db, requireActor(request).workspaceId, request.body));
  app.post('/loyalty/coupons/redeem', { config: { ...transact, idempotent: true }, schema: { tags, summary: 'Redeem a code at the till (limits taken atomically)', body: CouponCheckInput, response: { 200: CouponCheckResult } } },
    (request) => redeemCoupon(db, requireActor(request), request.body));

  // Referrals
  app.get('/loyalty/referrals', { config: read, schema: { tags, summary: 'Referrals (by referrer)', querystring: z.object({ memberId: Uuid.optional() }), response: { 200: items(LoyaltyReferral) } } },
    async (request) => ({ items: await listReferrals(db, requireActor(request).workspaceId, request.query.memberId) }));
  app.post('/loyalty/referrals', { config: { ...transact, idempotent: true }, schema: { tags, summary: 'Record a referral by code (fraud-checked; rewarded on the first purchase)', body: ReferralCreate, response: { 201: LoyaltyReferral } } },
    async (request, reply) => reply.status(201).send(await createReferralCommand(db, requireActor(request), request.body)));

  await app.register(loyaltyViewRoutes);

  // Audit
  app.get('/loyalty/ledger/check', { config: manage, schema: { tags, summary: 'Prove cached balances = sums of entries and liability = Σ member balances', response: { 200: LedgerCheck } } },
    (request) => checkLedgerSnapshot(db, requireActor(request).workspaceId));
};
