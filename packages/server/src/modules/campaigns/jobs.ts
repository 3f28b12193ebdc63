import type { JobDefinition } from '../../platform/jobs/worker.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { readConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { transportFor } from '../service/mail/transport.ts';
import { drawAudience } from './audience.ts';
import { ISSUE_JOB, loadCampaign } from './campaigns.ts';
import { deliverBatch, type DeliveryOptions } from './delivery.ts';
import { issueBatch } from './issue.ts';

export const DELIVER_JOB = 'campaigns.deliver';

export function deliveryOptions(): DeliveryOptions {
  const config = readConfig();
  return { transport: transportFor(config.mail.smtpUrl), publicUrl: config.publicUrl, from: `noreply@${config.mail.messageIdDomain}` };
}

/** Draws the audience, issues every batch, then sends the mail; each step durable, so a crash resumes where it stopped. */
export async function runCampaign(db: Db, ws: string, campaignId: string, delivery: DeliveryOptions, batchSize = 1000) {
  const campaign = await drawAudience(db, ws, campaignId);
  if (campaign.status === 'cancelled') return { issued: 0, sent: 0, mailLeft: false };
  let issued = 0;
  for (;;) {
    const batch = await issueBatch(db, ws, campaignId, batchSize);
    issued += batch.issued;
    if (batch.claimed === 0) break;
  }
  let sent = 0;
  let left = campaign.channel === 'email';
  while (left && delivery.transport) {
    const round = await deliverBatch(db, ws, campaignId, delivery);
    sent += round.sent;
    left = round.left;
    if (round.sent + round.failed + round.skipped === 0) break;
  }
  return { issued, sent, mailLeft: left };
}

export const campaignJobs: JobDefinition[] = [
  {
    kind: ISSUE_JOB,
    async perform(database, job) {
      const campaignId = typeof job.payload.campaignId === 'string' ? job.payload.campaignId : '';
      const result = await runCampaign(database.db, job.workspaceId, campaignId, deliveryOptions());
      if (result.mailLeft) await enqueueJob(database.db, job.workspaceId, DELIVER_JOB, { campaignId }, { runAt: new Date(Date.now() + 60_000) });
    },
  },
  {
    kind: DELIVER_JOB,
    async perform(database, job) {
      const campaignId = typeof job.payload.campaignId === 'string' ? job.payload.campaignId : '';
      const campaign = await loadCampaign(database.db, job.workspaceId, campaignId);
      if (campaign.status === 'cancelled') return;
      const delivery = deliveryOptions();
      let left = true;
      while (left && delivery.transport) {
        const round = await deliverBatch(database.db, job.workspaceId, campaignId, delivery);
        left = round.left;
        if (round.sent + round.failed + round.skipped === 0) break;
      }
      // Still undelivered (no transport, or the server is down): try again in a minute, for a day.
      if (left && Date.now() - (campaign.launchedAt?.getTime() ?? 0) < 86_400_000) {
        await enqueueJob(database.db, job.workspaceId, DELIVER_JOB, { campaignId }, { runAt: new Date(Date.now() + 60_000) });
      }
    },
  },
];
