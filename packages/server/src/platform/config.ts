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
    ...overrides,
  };
}
