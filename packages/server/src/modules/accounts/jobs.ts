import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { INVITATION_JOB, REMINDER_JOB } from './activities.ts';
import { sendInvitation, sendReminder } from './invitations.ts';
import { alertOverdueOrders, remindRenewals, scheduleAllSweeps, scheduleSweep, SWEEP_JOB } from './reminders.ts';
import { sendDueReports } from './reportSchedules.ts';
import './references.ts';

/**
 * Key-account background work: the hourly sweep (renewal reminders, overdue
 * orders, monthly reports by e-mail), which re-queues itself for the next
 * hour, and the appointment invitation and reminder mails.
 */
export const accountJobs: JobDefinition[] = [
  {
    kind: SWEEP_JOB,
    async perform(database, job) {
      await remindRenewals(database.db, job.workspaceId);
      await alertOverdueOrders(database.db, job.workspaceId);
      await sendDueReports(database.db, job.workspaceId);
      await scheduleSweep(database.db, job.workspaceId, new Date(Date.now() + 3600_000));
    },
    onStart: (database) => scheduleAllSweeps(database.db),
  },
  { kind: INVITATION_JOB, perform: sendInvitation },
  { kind: REMINDER_JOB, perform: sendReminder },
];
