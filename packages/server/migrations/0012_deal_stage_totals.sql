CREATE TABLE "account_deal_stage_totals" (
	"workspace_id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"deals" integer NOT NULL,
	"value_minor" bigint NOT NULL,
	CONSTRAINT "account_deal_stage_totals_workspace_id_pipeline_id_stage_id_status_currency_owner_id_pk" PRIMARY KEY("workspace_id","pipeline_id","stage_id","status","currency","owner_id")
);
--> statement-breakpoint
DROP INDEX "account_deals_owner_idx";--> statement-breakpoint
CREATE INDEX "account_deals_owner_board_idx" ON "account_deals" USING btree ("workspace_id","owner_id","pipeline_id","status","stage_id","stage_entered_at");--> statement-breakpoint
-- Column totals of the kanban, kept by statement-level triggers with transition
-- tables: a bulk insert of 200,000 deals adds one grouped upsert, a move of one
-- deal takes its value from the old stage and adds it to the new one.
CREATE FUNCTION account_deal_stage_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO account_deal_stage_totals AS t (workspace_id, pipeline_id, stage_id, status, currency, owner_id, deals, value_minor)
      SELECT workspace_id, pipeline_id, stage_id, status, currency, owner_id, -count(*), -sum(value_minor) FROM old_rows
      GROUP BY workspace_id, pipeline_id, stage_id, status, currency, owner_id
    ON CONFLICT (workspace_id, pipeline_id, stage_id, status, currency, owner_id)
      DO UPDATE SET deals = t.deals + excluded.deals, value_minor = t.value_minor + excluded.value_minor;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO account_deal_stage_totals AS t (workspace_id, pipeline_id, stage_id, status, currency, owner_id, deals, value_minor)
      SELECT workspace_id, pipeline_id, stage_id, status, currency, owner_id, count(*), sum(value_minor) FROM new_rows
      GROUP BY workspace_id, pipeline_id, stage_id, status, currency, owner_id
    ON CONFLICT (workspace_id, pipeline_id, stage_id, status, currency, owner_id)
      DO UPDATE SET deals = t.deals + excluded.deals, value_minor = t.value_minor + excluded.value_minor;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER account_deals_totals_insert AFTER INSERT ON account_deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION account_deal_stage_totals_apply();
--> statement-breakpoint
CREATE TRIGGER account_deals_totals_update AFTER UPDATE ON account_deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION account_deal_stage_totals_apply();
--> statement-breakpoint
CREATE TRIGGER account_deals_totals_delete AFTER DELETE ON account_deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION account_deal_stage_totals_apply();
