import type { Config } from '../../../platform/config.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { CaseIntake } from '../caseIntake.ts';
import type { MailTransport } from './transport.ts';

/**
 * What the mail channel runs with, passed in rather than imported so the
 * listener, poller and routes work with whichever case desk they are given.
 */
export interface MailChannel {
  database: Database;
  intake: CaseIntake;
  /** Outgoing mail; null keeps it queued in the outbox. */
  transport: MailTransport | null;
  config: Config['mail'];
  /** Deliveries started after a commit; tests and shutdown wait for them. */
  pending?: Set<Promise<unknown>>;
}

/** Runs a delivery after the commit without holding up the caller; remembers it so it can be awaited. */
export function inBackground(channel: MailChannel, work: () => Promise<unknown>) {
  const promise = work().catch(() => undefined);
  if (!channel.pending) return;
  channel.pending.add(promise);
  void promise.finally(() => channel.pending?.delete(promise));
}

export async function settle(channel: MailChannel) {
  while (channel.pending && channel.pending.size > 0) await Promise.all([...channel.pending]);
}
