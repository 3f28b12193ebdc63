// Threading replies into cases. Our outgoing Message-IDs carry the case
// number and a signed token; our subjects carry a "[VF-2026-000123#token]"
// hook. The token proves the sender saw our mail: case numbers are
// sequential and guessable, so a bare number must not let a stranger post
// into someone else's case.
//
// Matching order (first hit wins), after the failures peers report:
//  1. In-Reply-To, then every References id, newest first: one of our ids
//     with a valid token (Outlook replies often keep only References).
//  2. The same ids stored on a case's earlier messages (inbound mail too),
//     so a CC'd person replying to the customer's mail joins the case, and
//     a provider that rewrote our Message-ID still threads.
//  3. The subject hook: with a valid token, or without a token when the
//     sender is a known participant of that case.
//  4. Fallback: the same subject as exactly one case the sender takes part in.
// Anything else is a new case; a hook that failed its check is reported as
// `mentionedCaseNumber` for the agent to link by hand.
import { parseCaseNumber, formatCaseNumber } from '../workflow/caseNumber.ts';
import { mailAddressOf, parseMessageIds } from './mailHeaders.ts';
import { subjectKey } from './subject.ts';

/** HMAC injected by the caller (node:crypto on the server), so the domain does no crypto I/O. */
export type HmacFunction = (key: string, data: string) => string;

export interface CaseTokenSigner {
  readonly secret: string;
  readonly hmac: HmacFunction;
}

const TOKEN_LENGTH = 10;

/** A short token for a case: the HMAC's first ten letters/digits, lower case. */
export function caseToken(signer: CaseTokenSigner, caseNumber: string): string {
  const digest = signer.hmac(signer.secret, `vefa-case:${caseNumber.toUpperCase()}`).toLowerCase().replace(/[^a-z0-9]/g, '');
  if (digest.length < TOKEN_LENGTH) throw new RangeError('The HMAC digest is too short for a case token');
  return digest.slice(0, TOKEN_LENGTH);
}

/** Compares in constant time, so the token cannot be guessed letter by letter. */
export function verifyCaseToken(signer: CaseTokenSigner, caseNumber: string, token: string): boolean {
  const expected = caseToken(signer, caseNumber);
  const given = token.toLowerCase();
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % Math.max(1, given.length));
  return diff === 0;
}

/**
 * A Message-ID for one outgoing message of a case: "<VF-2026-000123.token.unique@domain>".
 * `unique` must differ per message (a counter or random string): reused ids
 * make receivers drop mail as duplicates.
 */
export function makeMessageId(caseNumber: string, token: string, domain: string, unique: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(unique)) throw new RangeError('The unique part of a Message-ID may hold letters, digits and "-" only');
  return `<${caseNumber}.${token}.${unique}@${domain}>`;
}

export interface OurMessageId {
  readonly caseNumber: string;
  readonly token: string;
}

/** Reads back a Message-ID made by makeMessageId (with or without brackets). */
export function parseOurMessageId(messageId: string): OurMessageId | null {
  const m = /^<?([A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{6,15})\.([a-z0-9]+)\.[A-Za-z0-9-]+@[^>]+>?$/.exec(messageId.trim());
  if (!m || !m[1] || !m[2]) return null;
  const n = parseCaseNumber(m[1]);
  return n ? { caseNumber: formatCaseNumber(n), token: m[2] } : null;
}

/** "[VF-2026-000123#token]": put it at the start of every subject we send. */
export function subjectHook(caseNumber: string, token: string): string {
  return `[${caseNumber}#${token}]`;
}

export interface SubjectHookMatch {
  readonly caseNumber: string;
  readonly token: string | null;
}

export function findSubjectHooks(subject: string): SubjectHookMatch[] {
  return [...subject.matchAll(/\[\s*([A-Za-z][A-Za-z0-9]{0,9}-\d{4}-\d{6,15})(?:#([a-z0-9]+))?\s*\]/gi)].flatMap((m) => {
    const n = m[1] ? parseCaseNumber(m[1]) : null;
    return n ? [{ caseNumber: formatCaseNumber(n), token: m[2]?.toLowerCase() ?? null }] : [];
  });
}

export interface InboundReply {
  readonly subject: string;
  readonly inReplyTo?: string | readonly string[] | null;
  readonly references?: string | readonly string[] | null;
  readonly from: string;
}

export interface ThreadCase {
  readonly caseNumber: string;
  /** Addresses that took part: the customer, CC'd people, agents. */
  readonly participants: readonly string[];
  /** The subject of the case's first message, for the fallback. */
  readonly subject?: string;
  /** Set when the case was merged into another: replies follow the merge. */
  readonly mergedInto?: string | null;
}

/**
 * What the server fetched for this mail before deciding (see threadingLookupKeys):
 * stored Message-IDs → case numbers, cases by number, and the sender's cases
 * with the same subject key.
 */
export interface ThreadLookups {
  readonly signer: CaseTokenSigner;
  readonly caseByMessageId: ReadonlyMap<string, string>;
  readonly cases: ReadonlyMap<string, ThreadCase>;
  /** Cases of this sender whose subjectKey equals the mail's (only needed for step 4). */
  readonly casesWithSameSubject?: readonly ThreadCase[];
}

export type ThreadMethod = 'message_id_token' | 'known_message_id' | 'subject_token' | 'subject_participant' | 'subject_fallback';

export type ThreadMatch =
  | { readonly caseNumber: string; readonly method: ThreadMethod }
  | { readonly caseNumber: null; readonly mentionedCaseNumber: string | null };

/** The ids and case numbers the server should look up before calling matchCaseForReply. */
export function threadingLookupKeys(mail: InboundReply): { messageIds: string[]; caseNumbers: string[]; subjectKey: string } {
  const messageIds = [...parseMessageIds(mail.inReplyTo), ...parseMessageIds(mail.references).reverse()];
  const caseNumbers = [
    ...messageIds.map(parseOurMessageId).flatMap((m) => (m ? [m.caseNumber] : [])),
    ...findSubjectHooks(mail.subject).map((h) => h.caseNumber),
  ];
  return { messageIds: [...new Set(messageIds)], caseNumbers: [...new Set(caseNumbers)], subjectKey: subjectKey(mail.subject) };
}

function followMerges(caseNumber: string, cases: ReadonlyMap<string, ThreadCase>): string {
  let current = caseNumber;
  for (let i = 0; i < 10; i++) {
    const next = cases.get(current)?.mergedInto;
    if (!next) return current;
    current = next;
  }
  return current;
}

function isParticipant(c: ThreadCase | undefined, address: string): boolean {
  return c !== undefined && c.participants.some((p) => mailAddressOf(p) === address);
}

export function matchCaseForReply(mail: InboundReply, lookups: ThreadLookups): ThreadMatch {
  const sender = mailAddressOf(mail.from);
  const { messageIds } = threadingLookupKeys(mail);
  const found = (caseNumber: string, method: ThreadMethod): ThreadMatch => ({
    caseNumber: followMerges(caseNumber, lookups.cases),
    method,
  });
  for (const id of messageIds) {
    const ours = parseOurMessageId(id);
    if (ours && lookups.cases.has(ours.caseNumber) && verifyCaseToken(lookups.signer, ours.caseNumber, ours.token)) {
      return found(ours.caseNumber, 'message_id_token');
    }
  }
  for (const id of messageIds) {
    const known = lookups.caseByMessageId.get(id) ?? lookups.caseByMessageId.get(`<${id}>`);
    if (known !== undefined) return found(known, 'known_message_id');
  }
  const hooks = findSubjectHooks(mail.subject);
  for (const hook of hooks) {
    if (!lookups.cases.has(hook.caseNumber)) continue;
    if (hook.token !== null && verifyCaseToken(lookups.signer, hook.caseNumber, hook.token)) {
      return found(hook.caseNumber, 'subject_token');
    }
    if (isParticipant(lookups.cases.get(hook.caseNumber), sender)) return found(hook.caseNumber, 'subject_participant');
  }
  const key = subjectKey(mail.subject);
  const sameSubject = (lookups.casesWithSameSubject ?? []).filter(
    (c) => key !== '' && c.subject !== undefined && subjectKey(c.subject) === key && isParticipant(c, sender),
  );
  const only = sameSubject.length === 1 ? sameSubject[0] : undefined;
  if (only) return found(only.caseNumber, 'subject_fallback');
  return { caseNumber: null, mentionedCaseNumber: hooks[0]?.caseNumber ?? null };
}
