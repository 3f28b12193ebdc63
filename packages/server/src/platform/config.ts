import path from 'node:path';

/** Everything Vefa reads from its environment, read once at start-up. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  webDistDir: string;
  publicUrl: string;
  cookieSecure: boolean;
  logLevel: string;
  /** API requests per minute per caller (key, session or IP). */
  rateLimitPerMinute: number;
  /** Mail channel of the service desk (modules/service/mail): SMTP listener "host:port", outgoing transport URL, limits. */
  mail: {
    smtpListen: string | null;
    smtpUrl: string | null;
    /** Domain of the Message-IDs Vefa makes; mail carrying it is our own coming back. */
    messageIdDomain: string;
    maxMessageBytes: number;
    maxAttachmentBytes: number;
    /** Allowed attachment types; "image/*" style wildcards. */
    attachmentTypes: string[];
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(overrides.port ?? env.PORT ?? 3000);
  const dataDir = path.resolve(env.VEFA_DATA_DIR ?? './.vefa/data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL.startsWith('postgres') ? env.DATABASE_URL : null,
    dataDir,
    webDistDir: path.resolve(import.meta.dirname, '../../../web/dist'),
    publicUrl: env.VEFA_PUBLIC_URL ?? `http://localhost:${port}`,
    cookieSecure: env.VEFA_COOKIE_SECURE === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    rateLimitPerMinute: Number(env.VEFA_RATE_LIMIT_PER_MINUTE ?? 1200),
    mail: {
      smtpListen: env.VEFA_SMTP_LISTEN || null,
      smtpUrl: env.VEFA_SMTP_URL || null,
      messageIdDomain: env.VEFA_MAIL_DOMAIN || mailDomainOf(env.VEFA_PUBLIC_URL),
      maxMessageBytes: Number(env.VEFA_MAIL_MAX_BYTES ?? 25 * 1024 * 1024),
      maxAttachmentBytes: Number(env.VEFA_MAIL_MAX_ATTACHMENT_BYTES ?? 10 * 1024 * 1024),
      attachmentTypes: (env.VEFA_MAIL_ATTACHMENT_TYPES ?? 'image/*,application/pdf,text/plain,text/csv,application/msword,application/vnd.openxmlformats-officedocument.*,application/vnd.ms-excel,application/vnd.oasis.opendocument.*,application/zip,message/rfc822')
        .split(',').map((t) => t.trim().toLowerCase()).filter(Boolean),
    },
    ...overrides,
  };
}

/** Our Message-ID domain: the public host, or a reserved name while Vefa runs on localhost. */
function mailDomainOf(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : '';
  return host && host !== 'localhost' && !/^[\d.:[\]]+$/.test(host) ? host : 'vefa.invalid';
}
