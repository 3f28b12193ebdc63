import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { sql } from 'drizzle-orm';
import { sqlRows, type Db } from '../../platform/db/database.ts';

/**
 * The treated customers who got the offer, for channels Vefa does not send
 * itself (SMS, push): contact details, language and what they were given.
 * The control group is never in it.
 */
export function exportAudienceCsv(db: Db, ws: string, campaignId: string): Readable {
  const out = stringify({ header: true, columns: ['customer_id', 'display_name', 'email', 'phone', 'language', 'points', 'coupon_code'], bom: true });
  void (async () => {
    try {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await sqlRows<{ customer_id: string; display_name: string; email: string | null; phone: string | null; language: string | null; points: number; coupon_code: string | null }>(db, sql`
          select r.customer_id, c.display_name, c.email, c.phone, coalesce(c.language, r.language) as language, r.points, r.coupon_code
          from campaign_recipients r join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
          where r.workspace_id = ${ws} and r.campaign_id = ${campaignId} and r.group_name = 'treated' and r.status = 'issued' and r.customer_id > ${after}
          order by r.customer_id limit 1000`);
        for (const r of rows) {
          if (!out.write([r.customer_id, r.display_name, r.email ?? '', r.phone ?? '', r.language ?? '', r.points, r.coupon_code ?? ''])) await new Promise((resolve) => out.once('drain', resolve));
        }
        const last = rows.at(-1);
        if (!last || rows.length < 1000) break;
        after = last.customer_id;
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
