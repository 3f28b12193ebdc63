import type { Db, Tx } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';

/**
 * The seam between the case desk and the channels that feed it (mail, web form,
 * API). Channels decide *what arrived*; the desk decides what a case is, routes
 * it, starts its SLA clock and writes the timeline. Both sides run inside the
 * caller's transaction so an inbound message and its case commit together.
 */
export type CaseChannel = 'email' | 'phone' | 'web_form' | 'api' | 'chat' | 'meeting' | 'survey';

export interface IncomingCase {
  customerId: string;
  subject: string;
  /** Plain text of the first message (already decoded and, for HTML mail, converted to text). */
  body: string;
  channel: CaseChannel;
  /** The mailbox (and so its department) a mail arrived at, when the channel is e-mail. */
  mailboxId?: string | null;
  departmentId?: string | null;
  language?: 'az' | 'tr' | 'en' | null;
  receivedAt: Date;
  /** A case number reserved before the transaction (see reserveCaseNumber), so opening takes no counter lock. */
  number?: string;
  /** The customer as the channel read or made it in this transaction, so the desk need not read it again. */
  customer?: CaseCustomer;
}

/** What the desk needs of a case's customer to open the case (segments for routing, company, merge). */
export interface CaseCustomer { id: string; tags: string[]; companyId: string | null; mergedIntoId: string | null }

export interface CaseRef {
  id: string;
  /** Human-readable number, e.g. VF-2026-000123. */
  number: string;
  departmentId: string | null;
  status: string;
  /** Optional (added for the mail channel): lets a reply reach a case that has no mail yet (opened by phone, form). */
  customerId?: string;
  /** Optional (added for the mail channel): the subject a first mail reply on such a case carries. */
  subject?: string;
  /** Optional (added for the mail channel): set on a case merged into another, so late replies follow the merge. */
  mergedIntoId?: string | null;
}

export interface CaseMessageEvent {
  caseId: string;
  direction: 'inbound' | 'outbound';
  /** Id of the channel's own record (e.g. the stored mail message) for linking. */
  messageRef: string;
  summary: string;
  at: Date;
}

export interface CaseIntake {
  /** Opens a new case: numbers it, routes it, starts its SLA clock, appends to the customer's timeline. */
  openCase(tx: Tx, actor: Actor, input: IncomingCase): Promise<CaseRef>;
  /**
   * Optional: takes a case number ahead of the transaction that will open the case, so that
   * transaction waits on no other. A reservation that goes unused leaves a gap in the numbers.
   */
  reserveNumber?(db: Db, workspaceId: string, at: Date): Promise<string>;
  /** Finds a case by its number within the workspace (for threading by the token in a subject). */
  findCaseByNumber(tx: Tx, workspaceId: string, number: string): Promise<CaseRef | null>;
  findCaseById(tx: Tx, workspaceId: string, id: string): Promise<CaseRef | null>;
  /**
   * Records a message on an existing case: an inbound customer message reopens a resolved case and
   * stops a "pending customer" pause; an outbound reply counts as the first response for the SLA.
   */
  recordMessage(tx: Tx, actor: Actor, event: CaseMessageEvent): Promise<void>;
}
