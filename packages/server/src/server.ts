import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { buildApp } from './platform/http/app.ts';
import { startWorker } from './platform/jobs/worker.ts';
import { onWake } from './platform/jobs/wake.ts';
import { JOB_DEFINITIONS } from './modules/jobs.ts';
import { DEMO_LOGIN, demoExists, seedDemoWorkspace } from './modules/demo/demoWorkspace.ts';
import { startMailListener } from './modules/service/mail/serve.ts';

export type ServerRole = 'all' | 'api' | 'worker';

/**
 * One process by default: API, built web app and job worker. `role` splits
 * them for scale-out; every process is stateless apart from the database.
 */
export async function startServer(config: Config, options: { role?: ServerRole; seedDemo?: boolean; database?: Database } = {}) {
  const role = options.role ?? 'all';
  const database = options.database ?? (await openDatabase(config));
  if (options.seedDemo !== false && !(await demoExists(database.db))) {
    process.stdout.write('Empty database: creating the demo workspace…\n');
    await seedDemoWorkspace(database.db);
  }
  const app = await buildApp({ config, database });
  const worker = role === 'api' ? null : startWorker(database, JOB_DEFINITIONS, app.log);
  const unsubscribe = worker ? onWake(worker.nudge) : () => false;
  const mail = role === 'worker' ? null : await startMailListener(database, config, app.log);
  if (role !== 'worker') {
    await app.listen({ port: config.port, host: config.host });
    process.stdout.write(`\nVefa is running at ${config.publicUrl}\n  demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}\n  database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}\n  API docs: ${config.publicUrl}/api/docs\n\n`);
  }
  const stop = async () => {
    unsubscribe();
    await mail?.stop();
    await worker?.stop();
    await app.close();
    await database.close();
  };
  return { app, database, stop };
}
