import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { findInboundMailbox } from './mailboxes.ts';
import { receiveMail, type MailboxRow } from './inbound.ts';
import type { MailChannel } from './channel.ts';

/** An SMTP reply code with its text, as smtp-server sends it. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface SmtpListener {
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * The inbound SMTP listener (VEFA_SMTP_LISTEN): accepts mail for the active
 * mailboxes of every workspace and answers 250 only once the mail is
 * committed, so a sender that never heard the 250 delivers again and the
 * dedupe key makes that second copy count once. No AUTH and no relaying:
 * it stands behind the organisation's MX, like any mailbox server.
 */
export async function startSmtpListener(channel: MailChannel, listen: string, log?: { error(obj: unknown, msg: string): void }): Promise<SmtpListener> {
  const [host = '127.0.0.1', portText = '2525'] = listen.includes(':') ? [listen.slice(0, listen.lastIndexOf(':')), listen.slice(listen.lastIndexOf(':') + 1)] : ['127.0.0.1', listen];
  const recipients = new Map<string, MailboxRow[]>();
  // Recipient lookups are remembered for a few seconds: a burst of mail to one desk costs one query.
  const known = new Map<string, { at: number; mailbox: MailboxRow | null }>();
  const lookup = async (address: string) => {
    const key = address.trim().toLowerCase();
    const hit = known.get(key);
    if (hit && Date.now() - hit.at < 5_000) return hit.mailbox;
    const mailbox = await findInboundMailbox(channel.database.db, key);
    if (known.size > 10_000) known.clear();
    known.set(key, { at: Date.now(), mailbox });
    return mailbox;
  };
  const server = new SMTPServer({
    name: channel.config.messageIdDomain,
    banner: 'Vefa service desk',
    size: channel.config.maxMessageBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 200,
    onMailFrom(_address, session, callback) {
      recipients.delete(session.id);
      callback();
    },
    onRcptTo(address, session, callback) {
      lookup(address.address).then((mailbox) => {
        if (!mailbox) return callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
        const list = recipients.get(session.id) ?? [];
        if (!list.some((m) => m.workspaceId === mailbox.workspaceId && m.id === mailbox.id)) list.push(mailbox);
        recipients.set(session.id, list);
        callback();
      }, (error: unknown) => { log?.error({ err: error }, 'SMTP recipient lookup failed'); callback(smtpError(451, '4.3.0 Temporary failure, try again later')); });
    },
    onData(stream, session, callback) {
      const mailboxes = recipients.get(session.id) ?? [];
      recipients.delete(session.id);
      readAll(stream).then(async (raw) => {
        if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 Message too big: the limit is ${channel.config.maxMessageBytes} bytes`));
        // One copy per workspace: two mailboxes of one workspace share the dedupe key, so the mail becomes one case.
        for (const mailbox of mailboxes) await receiveMail(channel, mailbox, raw);
        callback(null, 'Message stored');
      }).catch((error: unknown) => {
        log?.error({ err: error }, 'SMTP message could not be stored');
        callback(smtpError(451, '4.3.0 Could not store the message now, try again later'));
      });
    },
    onClose(session) {
      recipients.delete(session.id);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(portText), host, () => { server.off('error', reject); resolve(); });
  });
  server.on('error', (error) => log?.error({ err: error }, 'SMTP listener error'));
  const address = server.server.address() as AddressInfo;
  return {
    host, port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
