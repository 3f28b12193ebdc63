// Auto-replies, bounces, bulk mail and our own mail coming back. The service
// must neither answer these (that is how mail loops start) nor open a case
// for them. The checks follow RFC 3834 and the de-facto headers that
// Exchange, mailing lists and autoresponders set.
import { mailDomainOf, mailAddressOf, headerValue, headerValues, isOwnDomain, parseMessageIds, type MailHeaders } from './mailHeaders.ts';

export type AutomatedReason =
  | 'auto_submitted'
  | 'x_autoreply'
  | 'x_autorespond'
  | 'auto_response_suppress'
  | 'precedence'
  | 'x_loop'
  | 'list_unsubscribe'
  | 'delivery_status'
  | 'system_sender'
  | 'own_message_id';

export interface AutomatedVerdict {
  readonly automated: boolean;
  readonly reason: AutomatedReason | null;
  /** The header or value that decided it, for the admin's view of held mail. */
  readonly detail: string | null;
  /**
   * Whether a case may still be opened. Only List-Unsubscribe mail is kept as
   * a case (a customer writing through a mailing tool is still a customer);
   * it only gets no automatic acknowledgement.
   */
  readonly mayOpenCase: boolean;
}

const HUMAN: AutomatedVerdict = { automated: false, reason: null, detail: null, mayOpenCase: true };

const SYSTEM_SENDER = /^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?|auto[-_.]?reply)([+-].*)?$/i;

export interface MessagePart {
  readonly contentType: string;
}

function verdict(reason: AutomatedReason, detail: string): AutomatedVerdict {
  return { automated: true, reason, detail, mayOpenCase: reason === 'list_unsubscribe' };
}

/**
 * Decides whether a message was sent by a machine; the first matching rule gives the reason.
 * `ownDomains` are the domains in the Message-IDs *Vefa* generates (see makeMessageId),
 * not the company's whole mail domain: staff writing from their own mailboxes are people.
 */
export function isAutomatedMessage(
  headers: MailHeaders,
  from: string,
  ownDomains: readonly string[],
  parts: readonly MessagePart[] = [],
): AutomatedVerdict {
  const autoSubmitted = headerValue(headers, 'auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]?.trim().toLowerCase() !== 'no') {
    return verdict('auto_submitted', `Auto-Submitted: ${autoSubmitted}`);
  }
  if (headerValue(headers, 'x-autoreply') !== undefined) return verdict('x_autoreply', 'X-Autoreply');
  if (headerValue(headers, 'x-autorespond') !== undefined) return verdict('x_autorespond', 'X-Autorespond');
  const suppress = headerValue(headers, 'x-auto-response-suppress');
  if (suppress !== undefined && /\ball\b/i.test(suppress)) return verdict('auto_response_suppress', `X-Auto-Response-Suppress: ${suppress}`);
  const precedence = headerValue(headers, 'precedence');
  if (precedence !== undefined && /^\s*(bulk|list|junk|auto_reply)\b/i.test(precedence)) {
    return verdict('precedence', `Precedence: ${precedence.trim()}`);
  }
  if (headerValue(headers, 'x-loop') !== undefined) return verdict('x_loop', 'X-Loop');
  const contentType = headerValue(headers, 'content-type') ?? '';
  if (/delivery-status/i.test(contentType) || parts.some((p) => /^message\/(delivery-status|global-delivery-status)/i.test(p.contentType))) {
    return verdict('delivery_status', 'message/delivery-status');
  }
  const address = mailAddressOf(from);
  const local = address.slice(0, address.lastIndexOf('@') < 0 ? address.length : address.lastIndexOf('@'));
  if (SYSTEM_SENDER.test(local)) return verdict('system_sender', address);
  const ownId = parseMessageIds(headerValues(headers, 'message-id')).find((id) => isOwnDomain(mailDomainOf(id), ownDomains));
  if (ownId !== undefined) return verdict('own_message_id', ownId);
  if (headerValue(headers, 'list-unsubscribe') !== undefined) return verdict('list_unsubscribe', 'List-Unsubscribe');
  return HUMAN;
}

/** Headers for every automatic mail we send, so well-behaved peers do not answer it (RFC 3834). */
export function automaticReplyHeaders(): Record<string, string> {
  return {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    Precedence: 'auto_reply',
  };
}
