import { parseArgs } from 'node:util';
import { readConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/database.ts';
import { startServer, type ServerRole } from './server.ts';
import { runCommand, COMMANDS } from './cli/commands.ts';

const HELP = `vefa — customer loyalty and relationship platform

Usage: vefa <command> [options]

  serve [--port N] [--role all|api|worker]   API, web app and jobs (default port 3000)
  migrate                                    apply database migrations
  demo [--customers N] [--seed N]            create or refresh the demo workspace
  import <file.csv|xlsx> [--workspace slug] [--mapping name] [--map column=field ...]
         [--match-by external_id|email] [--dry-run]
  user create --email E --name N --password P --role R [--workspace slug]
  apikey create --email E --name LABEL [--workspace slug]
${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}

Environment: DATABASE_URL=postgres://… (else PGlite in VEFA_DATA_DIR, default ./.vefa/data), PORT.`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (command === 'serve') {
    const { values } = parseArgs({ args: rest, options: { port: { type: 'string' }, role: { type: 'string', default: 'all' }, 'no-demo': { type: 'boolean' } } });
    const config = readConfig(process.env, values.port ? { port: Number(values.port) } : {});
    const role = (['all', 'api', 'worker'] as const).find((r) => r === values.role);
    if (!role) throw new Error(`--role must be all, api or worker, not ${values.role}`);
    const server = await startServer(config, { role: role satisfies ServerRole, seedDemo: !values['no-demo'] });
    const shutdown = () => void server.stop().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return null;
  }
  if (command === 'migrate') {
    const database = await openDatabase(readConfig());
    await database.close();
    process.stdout.write('Migrations applied.\n');
    return 0;
  }
  return runCommand(command, rest);
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== null) process.exit(code); },
  (error: unknown) => {
    process.stderr.write(`vefa: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
