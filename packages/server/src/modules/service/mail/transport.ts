import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/** Where outgoing mail goes: nodemailer over SMTP (VEFA_SMTP_URL), or a test's own sink. */
export interface MailTransport {
  send(mail: Mail.Options): Promise<void>;
  close(): void;
}

/** An error the receiving server gave with a 5xx code: retrying will not help. */
export function isPermanentFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'responseCode' in error ? Number(error.responseCode) : 0;
  return code >= 500 && code < 600;
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) { await transporter.sendMail(mail); },
    close: () => transporter.close(),
  };
}

const shared = new Map<string, MailTransport>();

/** One pooled transport per URL for the process; null when no outgoing SMTP is configured (mail then waits in the outbox). */
export function transportFor(smtpUrl: string | null): MailTransport | null {
  if (!smtpUrl) return null;
  let transport = shared.get(smtpUrl);
  if (!transport) {
    transport = smtpTransport(smtpUrl);
    shared.set(smtpUrl, transport);
  }
  return transport;
}
