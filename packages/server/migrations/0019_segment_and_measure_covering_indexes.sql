-- A live segment count reads every customer of a workspace, their e-mail consent and purchase
-- history (1,000,000 each at the benchmark's scale). With these the customers and consents are
-- index-only scans in customer order that merge with the history's primary key (see withSetPlan),
-- instead of seq scans of the wide heaps hashed in memory that does not fit and spills to disk.
-- A measurement reads the purchases and redemptions of its window: index-only in time order
-- instead of a seq scan of the whole sales history (10,000,000 rows for a week of them) and of
-- every ledger entry of the workspace. drizzle cannot express INCLUDE or these partial indexes,
-- so they live here (as in 0016).
CREATE INDEX "customers_segment_idx" ON "customers" USING btree ("workspace_id","id") INCLUDE ("merged_into_id","language","kind","display_name");--> statement-breakpoint
CREATE INDEX "consents_granted_idx" ON "consents" USING btree ("workspace_id","channel","customer_id") WHERE granted;--> statement-breakpoint
CREATE INDEX "transactions_occurred_idx" ON "transactions" USING btree ("workspace_id","occurred_at") INCLUDE ("customer_id","amount_minor") WHERE source <> 'loyalty';--> statement-breakpoint
CREATE INDEX "loyalty_purchases_occurred_idx" ON "loyalty_purchases" USING btree ("workspace_id","occurred_at") INCLUDE ("member_id","amount_minor");--> statement-breakpoint
CREATE INDEX "loyalty_ledger_redeemed_idx" ON "loyalty_ledger_entries" USING btree ("workspace_id","occurred_at") INCLUDE ("member_id","amount") WHERE posting_kind in ('redeem', 'redeem_cancel') and account like 'member_%';
