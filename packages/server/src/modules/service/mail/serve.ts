import type { Config } from '../../../platform/config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { caseIntake } from '../cases/intake.ts';
import { settle, type MailChannel } from './channel.ts';
import { startSmtpListener } from './smtpListener.ts';
import { transportFor } from './transport.ts';

/**
 * The SMTP listener of `vefa serve`, when VEFA_SMTP_LISTEN names an address;
 * stopping it waits for acknowledgements still being sent.
 */
export async function startMailListener(database: Database, config: Config, log: { info(msg: string): void; error(obj: unknown, msg: string): void }) {
  if (!config.mail.smtpListen) return null;
  const channel: MailChannel = { database, intake: caseIntake, transport: transportFor(config.mail.smtpUrl), config: config.mail, pending: new Set() };
  const listener = await startSmtpListener(channel, config.mail.smtpListen, log);
  log.info(`SMTP listener for service mail on ${listener.host}:${listener.port}`);
  return {
    port: listener.port,
    async stop() {
      await listener.close();
      await settle(channel);
    },
  };
}
