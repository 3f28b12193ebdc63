import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { preparedRows } from '../../platform/db/preparedQuery.ts';
import { notFound } from '../../platform/http/problem.ts';
import type { consents, customers } from './schema.ts';
import { fromJson, presentConsent, presentCustomer } from './presenter.ts';
import { presentCustomFieldDefinition } from './customFields.ts';

type CustomerRow = typeof customers.$inferSelect;
type ConsentRow = typeof consents.$inferSelect;
type JsonRow = Record<string, unknown>;

/**
 * The customer 360 in one round trip: the page is opened far more often than
 * anything else, so the person, their company, contacts, consent and the
 * workspace's field definitions come back as one row.
 */
export async function getCustomer360(database: Database, workspaceId: string, id: string) {
  // The most opened page: one statement, prepared once per connection.
  const [row] = await preparedRows<{ customer: JsonRow; company: JsonRow | null; contacts: JsonRow[]; consents: JsonRow[]; fields: JsonRow[] }>(database, 'customer_360', sql`
    select to_jsonb(c) as customer,
      (select to_jsonb(co) from customers co where co.workspace_id = c.workspace_id and co.id = c.company_id) as company,
      case when c.kind = 'company' then coalesce((
        select jsonb_agg(to_jsonb(ct)) from (
          select * from customers ct where ct.workspace_id = c.workspace_id and ct.company_id = c.id and ct.merged_into_id is null limit 200
        ) ct), '[]'::jsonb) else '[]'::jsonb end as contacts,
      coalesce((select jsonb_agg(to_jsonb(cs)) from consents cs where cs.workspace_id = c.workspace_id and cs.customer_id = c.id), '[]'::jsonb) as consents,
      coalesce((select jsonb_agg(jsonb_build_object('key', f.key, 'label', f.label, 'type', f.type, 'options', f.options) order by f.created_at)
        from custom_field_definitions f where f.workspace_id = c.workspace_id), '[]'::jsonb) as fields
    from customers c where c.workspace_id = ${workspaceId} and c.id = ${id}`);
  if (!row) throw notFound('Customer');
  return {
    customer: presentCustomer(fromJson<CustomerRow>(row.customer)),
    company: row.company ? presentCustomer(fromJson<CustomerRow>(row.company)) : null,
    contacts: row.contacts.map((c) => presentCustomer(fromJson<CustomerRow>(c))),
    consents: row.consents.flatMap((c) => presentConsent(fromJson<ConsentRow>(c)) ?? []),
    customFieldDefinitions: row.fields.flatMap((f) => presentCustomFieldDefinition(fromJson(f)) ?? []),
  };
}
