CREATE TABLE "loyalty_coupon_redemptions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"coupon_id" uuid NOT NULL,
	"member_id" uuid,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_coupon_redemptions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_coupons" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"code" text NOT NULL,
	"batch_id" uuid,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_member" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"conditions" jsonb NOT NULL,
	"benefit" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_coupons_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_earning_rules" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rule" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"priority" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_earning_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_ledger_entries" (
	"workspace_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "loyalty_ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"programme_id" uuid NOT NULL,
	"posting_id" text NOT NULL,
	"posting_kind" text NOT NULL,
	"account" text NOT NULL,
	"member_id" uuid,
	"lot_id" text,
	"amount" integer NOT NULL,
	"cause_kind" text NOT NULL,
	"cause" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_ledger_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_lots" (
	"workspace_id" uuid NOT NULL,
	"id" text NOT NULL,
	"member_id" uuid NOT NULL,
	"purchase_id" uuid,
	"earned_at" timestamp with time zone NOT NULL,
	"expires_on" date,
	"release_at" timestamp with time zone,
	"initial" integer NOT NULL,
	"available" integer NOT NULL,
	"pending" integer NOT NULL,
	"warned_at" timestamp with time zone,
	CONSTRAINT "loyalty_lots_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_member_balances" (
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"available" bigint DEFAULT 0 NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL,
	"debt" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_member_balances_workspace_id_member_id_pk" PRIMARY KEY("workspace_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_members" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"card_number" text NOT NULL,
	"referral_code" text NOT NULL,
	"joined_on" date NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opted_out_at" timestamp with time zone,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"segment_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"birth_month" integer,
	"purchase_count" integer DEFAULT 0 NOT NULL,
	"tier_id" uuid,
	"held_tier_id" uuid,
	"last_review_on" date,
	"grace_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_members_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_programmes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"point_value_minor" integer NOT NULL,
	"return_window_days" integer NOT NULL,
	"expiry_months" integer,
	"expiry_warning_days" integer NOT NULL,
	"negative_balance" text NOT NULL,
	"earning" jsonb NOT NULL,
	"burning" jsonb NOT NULL,
	"tier_settings" jsonb NOT NULL,
	"referral" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"rules_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_programmes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_purchase_lines" (
	"workspace_id" uuid NOT NULL,
	"purchase_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"position" integer NOT NULL,
	"sku" text NOT NULL,
	"category" text,
	"brand" text,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"amount_minor" bigint NOT NULL,
	"earnable" boolean DEFAULT true NOT NULL,
	"points" integer NOT NULL,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loyalty_purchase_lines_workspace_id_purchase_id_line_id_pk" PRIMARY KEY("workspace_id","purchase_id","line_id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_purchases" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"local_date" date NOT NULL,
	"store_id" text,
	"channel" text,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"paid_with_points_minor" bigint DEFAULT 0 NOT NULL,
	"points_earned" integer NOT NULL,
	"posting_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_purchases_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_redemptions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"reward_id" uuid,
	"points" integer NOT NULL,
	"status" text NOT NULL,
	"external_id" text,
	"posting_id" text NOT NULL,
	"cancel_posting_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "loyalty_redemptions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_referrals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"referrer_member_id" uuid NOT NULL,
	"referee_member_id" uuid NOT NULL,
	"status" text NOT NULL,
	"fraud_reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"rewarded_at" timestamp with time zone,
	"purchase_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_referrals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_returns" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"purchase_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"lines" jsonb NOT NULL,
	"points_due" integer NOT NULL,
	"points_reversed" integer NOT NULL,
	"shortfall" integer NOT NULL,
	"spend_returned_minor" bigint NOT NULL,
	"posting_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_returns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_rewards" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"points_cost" integer NOT NULL,
	"stock" integer,
	"per_member_limit" integer,
	"tier_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_rewards_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_rule_usage" (
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"rule_id" text NOT NULL,
	"on" date NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "loyalty_rule_usage_workspace_id_member_id_rule_id_on_pk" PRIMARY KEY("workspace_id","member_id","rule_id","on")
);
--> statement-breakpoint
CREATE TABLE "loyalty_tier_activity" (
	"workspace_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"on" date NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	"purchases" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loyalty_tier_activity_workspace_id_member_id_on_pk" PRIMARY KEY("workspace_id","member_id","on")
);
--> statement-breakpoint
CREATE TABLE "loyalty_tiers" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	"requires" jsonb NOT NULL,
	"earning_multiplier_percent" integer DEFAULT 100 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_tiers_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "loyalty_coupon_redemptions" ADD CONSTRAINT "loyalty_coupon_redemptions_workspace_id_coupon_id_loyalty_coupons_workspace_id_id_fk" FOREIGN KEY ("workspace_id","coupon_id") REFERENCES "public"."loyalty_coupons"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_coupons" ADD CONSTRAINT "loyalty_coupons_workspace_id_programme_id_loyalty_programmes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","programme_id") REFERENCES "public"."loyalty_programmes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_earning_rules" ADD CONSTRAINT "loyalty_earning_rules_workspace_id_programme_id_loyalty_programmes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","programme_id") REFERENCES "public"."loyalty_programmes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_lots" ADD CONSTRAINT "loyalty_lots_workspace_id_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_member_balances" ADD CONSTRAINT "loyalty_member_balances_workspace_id_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_workspace_id_programme_id_loyalty_programmes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","programme_id") REFERENCES "public"."loyalty_programmes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_programmes" ADD CONSTRAINT "loyalty_programmes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_purchase_lines" ADD CONSTRAINT "loyalty_purchase_lines_workspace_id_purchase_id_loyalty_purchases_workspace_id_id_fk" FOREIGN KEY ("workspace_id","purchase_id") REFERENCES "public"."loyalty_purchases"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_purchases" ADD CONSTRAINT "loyalty_purchases_workspace_id_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_redemptions" ADD CONSTRAINT "loyalty_redemptions_workspace_id_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_referrals" ADD CONSTRAINT "loyalty_referrals_workspace_id_referrer_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","referrer_member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_referrals" ADD CONSTRAINT "loyalty_referrals_workspace_id_referee_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","referee_member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_returns" ADD CONSTRAINT "loyalty_returns_workspace_id_purchase_id_loyalty_purchases_workspace_id_id_fk" FOREIGN KEY ("workspace_id","purchase_id") REFERENCES "public"."loyalty_purchases"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_workspace_id_programme_id_loyalty_programmes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","programme_id") REFERENCES "public"."loyalty_programmes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_tier_activity" ADD CONSTRAINT "loyalty_tier_activity_workspace_id_member_id_loyalty_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."loyalty_members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_tiers" ADD CONSTRAINT "loyalty_tiers_workspace_id_programme_id_loyalty_programmes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","programme_id") REFERENCES "public"."loyalty_programmes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_coupon_redemptions_external_key" ON "loyalty_coupon_redemptions" USING btree ("workspace_id","coupon_id","external_id");--> statement-breakpoint
CREATE INDEX "loyalty_coupon_redemptions_member_idx" ON "loyalty_coupon_redemptions" USING btree ("workspace_id","coupon_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_coupons_code_key" ON "loyalty_coupons" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE INDEX "loyalty_rules_programme_idx" ON "loyalty_earning_rules" USING btree ("workspace_id","programme_id");--> statement-breakpoint
CREATE INDEX "loyalty_ledger_posting_idx" ON "loyalty_ledger_entries" USING btree ("workspace_id","posting_id");--> statement-breakpoint
CREATE INDEX "loyalty_ledger_member_idx" ON "loyalty_ledger_entries" USING btree ("workspace_id","member_id","id");--> statement-breakpoint
CREATE INDEX "loyalty_lots_member_idx" ON "loyalty_lots" USING btree ("workspace_id","member_id") WHERE available <> 0 or pending <> 0;--> statement-breakpoint
CREATE INDEX "loyalty_lots_expiry_idx" ON "loyalty_lots" USING btree ("workspace_id","expires_on") WHERE expires_on is not null and (available > 0 or pending > 0);--> statement-breakpoint
CREATE INDEX "loyalty_lots_release_idx" ON "loyalty_lots" USING btree ("workspace_id","release_at") WHERE pending > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_members_customer_key" ON "loyalty_members" USING btree ("workspace_id","programme_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_members_card_key" ON "loyalty_members" USING btree ("workspace_id","card_number");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_members_referral_key" ON "loyalty_members" USING btree ("workspace_id","referral_code");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_purchases_external_key" ON "loyalty_purchases" USING btree ("workspace_id","external_id");--> statement-breakpoint
CREATE INDEX "loyalty_purchases_member_idx" ON "loyalty_purchases" USING btree ("workspace_id","member_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_redemptions_external_key" ON "loyalty_redemptions" USING btree ("workspace_id","external_id");--> statement-breakpoint
CREATE INDEX "loyalty_redemptions_member_idx" ON "loyalty_redemptions" USING btree ("workspace_id","member_id","reward_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_referrals_referee_key" ON "loyalty_referrals" USING btree ("workspace_id","referee_member_id");--> statement-breakpoint
CREATE INDEX "loyalty_referrals_referrer_idx" ON "loyalty_referrals" USING btree ("workspace_id","referrer_member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_returns_external_key" ON "loyalty_returns" USING btree ("workspace_id","external_id");--> statement-breakpoint
CREATE INDEX "loyalty_returns_purchase_idx" ON "loyalty_returns" USING btree ("workspace_id","purchase_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_tiers_rank_key" ON "loyalty_tiers" USING btree ("workspace_id","programme_id","rank");--> statement-breakpoint
CREATE FUNCTION "loyalty_ledger_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'loyalty_ledger_entries is append-only: post a correcting entry instead of %', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "loyalty_ledger_entries_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "loyalty_ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "loyalty_ledger_append_only"();
--> statement-breakpoint
-- Rows rewritten on every purchase: leave room on each page so the updates stay HOT (no index writes).
ALTER TABLE "loyalty_members" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "loyalty_member_balances" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "loyalty_lots" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "loyalty_tier_activity" SET (fillfactor = 80);
