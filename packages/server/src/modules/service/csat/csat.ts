import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { domainEvents, workspaces } from '../../../platform/db/schema.ts';
import { ProblemError } from '../../../platform/http/problem.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import { cases, csatRequests } from '../schema.ts';
import { readLinkToken, signingKeyOf, signLinkToken, verifyLinkToken } from '../signing.ts';
import { appendCaseEvent } from '../cases/caseEvents.ts';
import { enqueueJob } from '../../../platform/jobs/jobQueue.ts';
import type { CaseRow } from '../sla/caseClock.ts';

const PURPOSE = 'csat';
export const CSAT_VALID_DAYS = 14;
export const CSAT_REQUESTED_EVENT = 'service.csat.requested';
/** The durable job that mails the invitation (defined by the mail channel, which owns sending). */
export const CSAT_MAIL_JOB = 'service.csat.mail';

/**
 * Asks for satisfaction when a case is resolved: one request row (the answer
 * lands on it) and an outbox event the mail channel picks up to send the
 * invitation. Called inside the resolving transaction.
 */
export async function requestCsat(tx: Queryable, row: CaseRow, now = new Date()) {
  const id = crypto.randomUUID();
  const language = row.language === 'az' || row.language === 'tr' || row.language === 'en' ? row.language : 'az';
  await tx.insert(csatRequests).values({
    workspaceId: row.workspaceId, id, caseId: row.id, customerId: row.customerId, language,
    expiresAt: new Date(now.getTime() + CSAT_VALID_DAYS * 86_400_000),
  });
  await tx.insert(domainEvents).values({ workspaceId: row.workspaceId, type: CSAT_REQUESTED_EVENT, entityId: row.id, payload: { csatRequestId: id, caseId: row.id, customerId: row.customerId, language } });
  await enqueueJob(tx, row.workspaceId, CSAT_MAIL_JOB, { csatRequestId: id }, { dedupeKey: id });
  return id;
}

function tokenFor(key: string, workspaceId: string, requestId: string, expiresAt: Date) {
  return signLinkToken(key, PURPOSE, workspaceId, requestId, expiresAt);
}

export interface CsatLink {
  url: string;
  /** One link per score, for the five buttons in the mail. */
  scoreUrls: Record<1 | 2 | 3 | 4 | 5, string>;
  token: string;
  expiresAt: Date;
  language: string;
  csatRequestId: string;
}

/**
 * The link the mail channel puts in the satisfaction e-mail: the case's newest
 * open request, or null when none (not resolved, answered or expired).
 */
export async function csatLinkFor(db: Queryable, workspaceId: string, caseId: string, publicUrl: string): Promise<CsatLink | null> {
  const [request] = await db.select().from(csatRequests)
    .where(and(eq(csatRequests.workspaceId, workspaceId), eq(csatRequests.caseId, caseId), isNull(csatRequests.answeredAt)))
    .orderBy(desc(csatRequests.createdAt)).limit(1);
  if (!request || request.expiresAt.getTime() <= Date.now()) return null;
  const token = tokenFor(await signingKeyOf(db, workspaceId), workspaceId, request.id, request.expiresAt);
  const url = `${publicUrl.replace(/\/$/, '')}/csat/${token}`;
  return {
    url, token, expiresAt: request.expiresAt, language: request.language, csatRequestId: request.id,
    scoreUrls: { 1: `${url}?score=1`, 2: `${url}?score=2`, 3: `${url}?score=3`, 4: `${url}?score=4`, 5: `${url}?score=5` },
  };
}

/** Invitations the mail channel has not sent yet, oldest first. */
export function pendingCsatInvitations(db: Queryable, workspaceId: string, limit = 100) {
  return db.select({ csatRequestId: csatRequests.id, caseId: csatRequests.caseId, customerId: csatRequests.customerId, language: csatRequests.language, expiresAt: csatRequests.expiresAt })
    .from(csatRequests).where(and(eq(csatRequests.workspaceId, workspaceId), isNull(csatRequests.sentAt), isNull(csatRequests.answeredAt)))
    .orderBy(asc(csatRequests.createdAt)).limit(limit);
}

export async function markCsatInvitationSent(db: Queryable, workspaceId: string, csatRequestId: string, at = new Date()) {
  await db.update(csatRequests).set({ sentAt: at }).where(and(eq(csatRequests.workspaceId, workspaceId), eq(csatRequests.id, csatRequestId)));
}

const invalidToken = () => new ProblemError(404, 'csat_not_found', 'This satisfaction link is not valid');

async function requestOfToken(db: Queryable, token: string) {
  const read = readLinkToken(token);
  if (!read) throw invalidToken();
  const { workspaceId, id: requestId } = read;
  const [ws] = await db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws || !verifyLinkToken(await signingKeyOf(db, workspaceId), PURPOSE, token)) throw invalidToken();
  const [request] = await db.select().from(csatRequests).where(and(eq(csatRequests.workspaceId, workspaceId), eq(csatRequests.id, requestId)));
  if (!request) throw invalidToken();
  // Expired when either the signed time or the stored one (which an admin may shorten) has passed.
  if (Math.min(request.expiresAt.getTime(), read.expiresAt.getTime()) <= Date.now()) throw new ProblemError(410, 'csat_expired', 'This satisfaction link has expired');
  const [c] = await db.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, request.caseId)));
  if (!c) throw invalidToken();
  return { ws, request, caseRow: c };
}

export async function csatPublicView(db: Queryable, token: string, score: number | undefined) {
  const { ws, request, caseRow } = await requestOfToken(db, token);
  const language = request.language === 'tr' || request.language === 'en' ? request.language : 'az';
  return {
    caseNumber: caseRow.number, subject: caseRow.subject, workspaceName: ws.name, language,
    expiresAt: request.expiresAt.toISOString(), answered: request.answeredAt !== null, score: request.score ?? score ?? null,
  } as const;
}

/** Records the answer once: the conditional update is what makes the token single-use, even under a double click. */
export async function submitCsat(db: Db, token: string, score: number, comment: string | undefined) {
  return db.transaction(async (tx) => {
    const { request, caseRow } = await requestOfToken(tx, token);
    const now = new Date();
    const [answered] = await tx.update(csatRequests).set({ answeredAt: now, score, comment: comment || null })
      .where(and(eq(csatRequests.workspaceId, request.workspaceId), eq(csatRequests.id, request.id), isNull(csatRequests.answeredAt))).returning();
    if (!answered) throw new ProblemError(409, 'csat_used', 'This satisfaction link was already used');
    await tx.update(cases).set({ csatScore: score, csatComment: comment || null, csatAt: now })
      .where(and(eq(cases.workspaceId, caseRow.workspaceId), eq(cases.id, caseRow.id)));
    const actor = { ...systemActor(caseRow.workspaceId), name: 'customer' };
    await appendCaseEvent(tx, actor, caseRow, { kind: 'csat', body: comment || null, data: { score }, summary: `${caseRow.number} · CSAT ${score}/5` });
    await tx.insert(domainEvents).values({ workspaceId: caseRow.workspaceId, type: 'service.csat.answered', entityId: caseRow.id, payload: { caseId: caseRow.id, customerId: caseRow.customerId, score } });
    return { ok: true as const, score };
  });
}
