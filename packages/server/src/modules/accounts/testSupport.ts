import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { JOB_DEFINITIONS } from '../jobs.ts';
import type { Database } from '../../platform/db/database.ts';
import { claimJob, completeJob, failJob } from '../../platform/jobs/jobQueue.ts';

/** Runs every due job of the given kinds now, as the worker would, and says how many ran. */
export async function runDueJobs(database: Database, kinds: string[]) {
  let ran = 0;
  for (;;) {
    const job = await claimJob(database.db, kinds);
    if (!job) return ran;
    const definition = JOB_DEFINITIONS.find((d) => d.kind === job.kind);
    try {
      await definition?.perform(database, job);
      await completeJob(database.db, job);
    } catch (error) {
      await failJob(database.db, job, error);
      throw error;
    }
    ran++;
  }
}

/** A loopback SMTP server that keeps every message it receives, parsed. */
export async function startMailSink() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => { received.push(mail); callback(); }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
