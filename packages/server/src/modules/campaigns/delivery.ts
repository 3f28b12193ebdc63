import { sql } from 'drizzle-orm';
import { renderCampaignMail } from '@vefa/domain/campaigns/index';
import { sqlRows, type Db } from '../../platform/db/database.ts';
import type { MailTransport } from '../service/mail/transport.ts';
import { isPermanentFailure } from '../service/mail/transport.ts';
import { loadCampaign } from './campaigns.ts';
import { unsubscribeToken } from './unsubscribe.ts';

export interface DeliveryOptions { transport: MailTransport | null; publicUrl: string; from: string }

interface Queued { customer_id: string; email: string | null; first_name: string | null; display_name: string; language: string | null; points: number; coupon_code: string | null; consented: boolean }

/**
 * Sends the next queued campaign e-mails through the shared transport
 * (nodemailer, VEFA_SMTP_URL). Consent is read again at send time, so an
 * unsubscribe between issue and send is honoured. A mail is marked sent right
 * after the server accepts it; a crash in between may send one twice, never lose one.
 */
export async function deliverBatch(db: Db, ws: string, campaignId: string, options: DeliveryOptions, size = 200): Promise<{ sent: number; failed: number; skipped: number; left: boolean }> {
  const out = { sent: 0, failed: 0, skipped: 0, left: false };
  if (!options.transport) return { ...out, left: true };
  const campaign = await loadCampaign(db, ws, campaignId);
  const rows = await sqlRows<Queued>(db, sql`
    select r.customer_id, c.email, c.first_name, c.display_name, coalesce(c.language, r.language) as language, r.points, r.coupon_code,
      exists (select 1 from consents k where k.workspace_id = r.workspace_id and k.customer_id = r.customer_id and k.channel = 'email' and k.granted) as consented
    from campaign_recipients r join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
    where r.workspace_id = ${ws} and r.campaign_id = ${campaignId} and r.email_status = 'queued' and r.group_name = 'treated'
    order by r.customer_id limit ${size}`);
  const mark = (customerId: string, status: string, error: string | null = null) => db.execute(sql`update campaign_recipients
    set email_status = ${status}, email_error = ${error}, email_sent_at = case when ${status} = 'sent' then now() else email_sent_at end
    where workspace_id = ${ws} and campaign_id = ${campaignId} and customer_id = ${customerId} and email_status = 'queued'`);
  for (const r of rows) {
    if (!r.consented || !r.email) {
      await mark(r.customer_id, r.consented ? 'no_consent' : 'unsubscribed');
      out.skipped++;
      continue;
    }
    const token = await unsubscribeToken(db, ws, r.customer_id, campaignId);
    const unsubscribeUrl = `${options.publicUrl.replace(/\/$/, '')}/api/v1/campaigns/unsubscribe?token=${encodeURIComponent(token)}`;
    const mail = renderCampaignMail(campaign.templates, r.language, {
      firstName: r.first_name ?? r.display_name, displayName: r.display_name, points: String(r.points), couponCode: r.coupon_code ?? '', unsubscribeUrl,
    });
    if (!mail) {
      await mark(r.customer_id, 'failed', 'no template');
      out.failed++;
      continue;
    }
    try {
      await options.transport.send({
        from: options.from, to: r.email, subject: mail.subject, text: mail.text,
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'X-Vefa-Campaign': campaignId },
      });
      await mark(r.customer_id, 'sent');
      out.sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A temporary failure stays queued for the next round; a 5xx answer is final.
      if (isPermanentFailure(error)) {
        await mark(r.customer_id, 'failed', message.slice(0, 500));
        out.failed++;
      } else {
        out.left = true;
        return out;
      }
    }
  }
  out.left = rows.length === size;
  return out;
}
