import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { SLA_CHECK_JOB } from './sla/caseClock.ts';
import { checkCaseSla } from './sla/slaJobs.ts';
import { CLASSIFIER_TRAIN_JOB, scheduleClassifierTraining, scheduleClassifierTrainingForAll, trainClassifier } from './routing/classifier.ts';
import { MONTHLY_REPORT_JOB, produceMonthlyReport, scheduleMonthlyReport, scheduleMonthlyReportsForAll } from './reports/monthlyReport.ts';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The service desk's background work: SLA warnings and escalations, classifier training, the monthly report. */
export const serviceJobs: JobDefinition[] = [
  {
    kind: SLA_CHECK_JOB,
    perform: (database, job) => checkCaseSla(database.db, job.workspaceId, text(job.payload.caseId), text(job.payload.metric)),
  },
  {
    kind: CLASSIFIER_TRAIN_JOB,
    async perform(database, job) {
      await trainClassifier(database.db, job.workspaceId);
      if (job.payload.scheduled === true) await scheduleClassifierTraining(database.db, job.workspaceId);
    },
    onStart: (database) => scheduleClassifierTrainingForAll(database.db),
  },
  {
    kind: MONTHLY_REPORT_JOB,
    async perform(database, job) {
      await produceMonthlyReport(database.db, job.workspaceId);
      await scheduleMonthlyReport(database.db, job.workspaceId);
    },
    onStart: (database) => scheduleMonthlyReportsForAll(database.db),
  },
];
