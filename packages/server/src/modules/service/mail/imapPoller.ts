import { and, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { mailboxes } from './schema.ts';
import { receiveMail, type MailboxRow } from './inbound.ts';
import type { MailChannel } from './channel.ts';

export interface PollResult { fetched: number; stored: number; duplicates: number; uidValidity: number; lastUid: number }

/**
 * Fetches the mail that arrived in a mailbox's IMAP folder since the last
 * poll. Position is (UIDVALIDITY, last UID), advanced in the same transaction
 * as each stored mail: a crash mid-poll resumes after the last stored one, a
 * changed UIDVALIDITY starts the folder over (the dedupe key keeps what was
 * already stored from counting twice), and two overlapping polls cannot both
 * insert a message. Messages stay on the server; we only read them.
 */
export async function pollMailbox(channel: MailChannel, mailbox: MailboxRow, batch = 200): Promise<PollResult> {
  const settings = mailbox.imap;
  if (!settings) throw new Error(`mailbox ${mailbox.address} has no IMAP settings`);
  const client = new ImapFlow({
    host: settings.host, port: settings.port, secure: settings.secure,
    auth: { user: settings.user, pass: mailbox.imapPassword ?? '' },
    logger: false, disableAutoIdle: true, emitLogs: false,
  });
  const result: PollResult = { fetched: 0, stored: 0, duplicates: 0, uidValidity: 0, lastUid: mailbox.imapLastUid };
  const db = channel.database.db;
  const where = and(eq(mailboxes.workspaceId, mailbox.workspaceId), eq(mailboxes.id, mailbox.id));
  try {
    await client.connect();
    const lock = await client.getMailboxLock(settings.folder, { readOnly: true });
    try {
      const opened = client.mailbox;
      if (!opened) throw new Error(`could not open ${settings.folder}`);
      const uidValidity = Number(opened.uidValidity);
      result.uidValidity = uidValidity;
      const since = mailbox.imapUidValidity === uidValidity ? mailbox.imapLastUid : 0;
      const fetched: { uid: number; source: Buffer }[] = [];
      // "n:*" always returns the newest message even when its UID is below n: filter it out.
      for await (const message of client.fetch(`${since + 1}:*`, { uid: true, source: true }, { uid: true })) {
        if (message.uid > since && message.source) fetched.push({ uid: message.uid, source: message.source });
        if (fetched.length >= batch) break;
      }
      fetched.sort((a, b) => a.uid - b.uid);
      for (const message of fetched) {
        const stored = await receiveMail(channel, mailbox, message.source, { imap: { uidValidity, uid: message.uid } });
        result.fetched++;
        if (stored.status === 'duplicate') result.duplicates++;
        else result.stored++;
        result.lastUid = message.uid;
      }
      if (fetched.length === 0 && mailbox.imapUidValidity !== uidValidity) {
        await db.update(mailboxes).set({ imapUidValidity: uidValidity, imapLastUid: 0 }).where(where);
      }
    } finally {
      lock.release();
    }
    await client.logout();
    await db.update(mailboxes).set({ imapLastPolledAt: new Date(), imapLastError: null }).where(where);
    return result;
  } catch (error) {
    client.close();
    await db.update(mailboxes).set({ imapLastPolledAt: new Date(), imapLastError: (error instanceof Error ? error.message : String(error)).slice(0, 500) }).where(where);
    throw error;
  }
}
