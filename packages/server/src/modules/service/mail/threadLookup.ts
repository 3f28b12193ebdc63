import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { matchCaseForReply, threadingLookupKeys, type CaseTokenSigner, type ThreadCase, type ThreadMatch } from '@vefa/domain';
import { sqlRows, type Tx } from '../../../platform/db/database.ts';
import type { CaseIntake, CaseRef } from '../caseIntake.ts';
import { mailMessages } from './schema.ts';
import type { ParsedMail } from './parseMail.ts';

/** A thread match with the case it points at, resolved through the intake. */
export type MailThread = { match: ThreadMatch; caseRef: CaseRef | null };

/** Addresses that took part in the given cases' mail, by case id. */
async function participantsOf(tx: Tx, workspaceId: string, caseIds: string[]): Promise<Map<string, { participants: string[]; subject: string }>> {
  const out = new Map<string, { participants: string[]; subject: string }>();
  if (caseIds.length === 0) return out;
  const rows = await sqlRows<{ case_id: string; participants: string[] | null; subject: string | null }>(tx, sql`
    select case_id, array_agg(distinct a) as participants,
      (array_agg(subject order by received_at))[1] as subject
    from mail_messages m, unnest(array[m.from_address] || m.to_addresses || m.cc_addresses) as a
    where m.workspace_id = ${workspaceId} and m.case_id in ${caseIds}
    group by case_id`);
  for (const r of rows) out.set(r.case_id, { participants: r.participants ?? [], subject: r.subject ?? '' });
  return out;
}

/**
 * Fetches what matchCaseForReply needs (stored Message-IDs, cases named in ids
 * and subject hooks, their participants) and runs it. The subject fallback's
 * query runs only when nothing else matched.
 */
export async function findThread(tx: Tx, intake: CaseIntake, signer: CaseTokenSigner, workspaceId: string, mail: ParsedMail, options: { subjectFallback: boolean } = { subjectFallback: true }): Promise<MailThread> {
  const reply = { subject: mail.subject, inReplyTo: mail.inReplyTo, references: mail.references, from: mail.from.address };
  const keys = threadingLookupKeys(reply);
  const bracketed = keys.messageIds.map((id) => `<${id}>`);
  const known = bracketed.length === 0 ? [] : await tx.selectDistinct({ messageId: mailMessages.messageId, caseId: mailMessages.caseId }).from(mailMessages)
    .where(and(eq(mailMessages.workspaceId, workspaceId), inArray(mailMessages.messageId, bracketed), isNotNull(mailMessages.caseId)));
  const refs = new Map<string, CaseRef>();
  for (const number of keys.caseNumbers) {
    const ref = await intake.findCaseByNumber(tx, workspaceId, number);
    if (ref) refs.set(ref.number, ref);
  }
  const byId = new Map([...refs.values()].map((r) => [r.id, r]));
  for (const caseId of new Set(known.flatMap((k) => (k.caseId ? [k.caseId] : [])))) {
    if (byId.has(caseId)) continue;
    const ref = await intake.findCaseById(tx, workspaceId, caseId);
    if (ref) { refs.set(ref.number, ref); byId.set(ref.id, ref); }
  }
  const lookups = async (extra: CaseRef[]) => {
    const all = [...byId.values(), ...extra];
    const info = await participantsOf(tx, workspaceId, all.map((r) => r.id));
    const threadCase = (r: CaseRef): ThreadCase => ({ caseNumber: r.number, participants: info.get(r.id)?.participants ?? [], subject: info.get(r.id)?.subject ?? '' });
    return { cases: new Map(all.map((r) => [r.number, threadCase(r)])) };
  };
  const first = await lookups([]);
  const caseByMessageId = new Map(known.flatMap((k) => {
    const number = k.caseId ? byId.get(k.caseId)?.number : undefined;
    return k.messageId && number ? [[k.messageId.slice(1, -1), number] as const] : [];
  }));
  let match = matchCaseForReply(reply, { signer, caseByMessageId, cases: first.cases });
  if (match.caseNumber === null && mail.subjectKey !== '' && options.subjectFallback) {
    const sameSubject = await tx.selectDistinct({ caseId: mailMessages.caseId }).from(mailMessages).where(and(
      eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.fromAddress, mail.from.address), eq(mailMessages.subjectKey, mail.subjectKey), isNotNull(mailMessages.caseId),
    )).limit(5);
    const candidates: CaseRef[] = [];
    for (const { caseId } of sameSubject) {
      const ref = caseId ? byId.get(caseId) ?? (await intake.findCaseById(tx, workspaceId, caseId)) : null;
      if (ref) candidates.push(ref);
    }
    if (candidates.length > 0) {
      const second = await lookups(candidates.filter((r) => !byId.has(r.id)));
      candidates.forEach((r) => refs.set(r.number, r));
      const sameSubjectCases = candidates.flatMap((r) => second.cases.get(r.number) ?? []);
      match = matchCaseForReply(reply, { signer, caseByMessageId, cases: second.cases, casesWithSameSubject: sameSubjectCases });
    }
  }
  let caseRef = match.caseNumber === null ? null : refs.get(match.caseNumber) ?? (await intake.findCaseByNumber(tx, workspaceId, match.caseNumber));
  // A reply to a case that was merged away belongs to the case it was merged into.
  for (let hops = 0; caseRef?.mergedIntoId && hops < 10; hops++) caseRef = (await intake.findCaseById(tx, workspaceId, caseRef.mergedIntoId)) ?? caseRef;
  return { match, caseRef };
}
