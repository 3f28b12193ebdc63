CREATE TABLE "account_referrals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"referrer_id" uuid NOT NULL,
	"prospect_id" uuid NOT NULL,
	"deal_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"reward_minor" bigint,
	"reward_currency" text,
	"reward_status" text DEFAULT 'none' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"converted_at" timestamp with time zone,
	CONSTRAINT "account_referrals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_relationships" (
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"role" text NOT NULL,
	"title" text,
	"influence" integer NOT NULL,
	"attitude" text NOT NULL,
	"reports_to_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_relationships_workspace_id_account_id_contact_id_pk" PRIMARY KEY("workspace_id","account_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "key_account_shares" (
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "key_account_shares_workspace_id_account_id_user_id_pk" PRIMARY KEY("workspace_id","account_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "account_activities" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"deal_id" uuid,
	"subject" text NOT NULL,
	"body" text,
	"direction" text,
	"at" timestamp with time zone NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"time_zone" text,
	"location" text,
	"due_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"reminder_minutes" integer,
	"invitation" text DEFAULT 'none' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"owner_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_activities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_competitors" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"price_position" text NOT NULL,
	"strengths" text[] DEFAULT '{}'::text[] NOT NULL,
	"weaknesses" text[] DEFAULT '{}'::text[] NOT NULL,
	"opportunities" text[] DEFAULT '{}'::text[] NOT NULL,
	"threats" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_competitors_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_contract_documents" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_contract_documents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_contracts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"account_id" uuid NOT NULL,
	"deal_id" uuid,
	"quote_id" uuid,
	"title" text NOT NULL,
	"terms" text NOT NULL,
	"value_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"renewal_on" date,
	"reminder_days" integer NOT NULL,
	"status" text NOT NULL,
	"price_list_id" uuid,
	"bonus_terms" jsonb,
	"renewal_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_contracts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_deal_stage_history" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"deal_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"actor_id" uuid,
	CONSTRAINT "account_deal_stage_history_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_deals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"account_id" uuid NOT NULL,
	"contact_id" uuid,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"value_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"probability" integer NOT NULL,
	"expected_close_on" date,
	"owner_id" uuid NOT NULL,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_step" text,
	"next_step_due_on" date,
	"competitor_id" uuid,
	"lost_reason" text,
	"lost_to_competitor_id" uuid,
	"referral_id" uuid,
	"stage_entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_deals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_document_counters" (
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "account_document_counters_workspace_id_kind_year_pk" PRIMARY KEY("workspace_id","kind","year")
);
--> statement-breakpoint
CREATE TABLE "key_accounts" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"industry" text,
	"segment_id" uuid,
	"annual_potential_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"satisfaction" integer,
	"plan" jsonb NOT NULL,
	"last_activity_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_accounts_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "account_segments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"size_companies" integer,
	"potential_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_segments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_orders" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total_minor" bigint NOT NULL,
	"due_on" date,
	"external_ref" text,
	"history" jsonb NOT NULL,
	"delivered_at" timestamp with time zone,
	"overdue_alerted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_orders_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_pipeline_stages" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"key" text,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"probability" integer NOT NULL,
	"outcome" text NOT NULL,
	CONSTRAINT "account_pipeline_stages_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_pipelines" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_pipelines_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_price_lists" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"account_id" uuid,
	"currency" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"entries" jsonb NOT NULL,
	"discounts" jsonb NOT NULL,
	"bonus_terms" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_price_lists_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_products" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"base_price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_products_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_quotes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"deal_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"priced_on" date NOT NULL,
	"lines" jsonb NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"valid_until" date,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "account_quotes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_report_schedules" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"email" text NOT NULL,
	"owner_id" uuid,
	"language" text NOT NULL,
	"last_sent_month" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_report_schedules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "account_revenue_targets" (
	"workspace_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"month" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "account_revenue_targets_workspace_id_owner_id_month_pk" PRIMARY KEY("workspace_id","owner_id","month")
);
--> statement-breakpoint
ALTER TABLE "account_referrals" ADD CONSTRAINT "account_referrals_workspace_id_referrer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","referrer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_referrals" ADD CONSTRAINT "account_referrals_workspace_id_prospect_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","prospect_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_relationships" ADD CONSTRAINT "account_relationships_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_relationships" ADD CONSTRAINT "account_relationships_workspace_id_contact_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_account_shares" ADD CONSTRAINT "key_account_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_account_shares" ADD CONSTRAINT "key_account_shares_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_activities" ADD CONSTRAINT "account_activities_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_activities" ADD CONSTRAINT "account_activities_workspace_id_contact_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_activities" ADD CONSTRAINT "account_activities_workspace_id_deal_id_account_deals_workspace_id_id_fk" FOREIGN KEY ("workspace_id","deal_id") REFERENCES "public"."account_deals"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_competitors" ADD CONSTRAINT "account_competitors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_contract_documents" ADD CONSTRAINT "account_contract_documents_workspace_id_contract_id_account_contracts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contract_id") REFERENCES "public"."account_contracts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_contracts" ADD CONSTRAINT "account_contracts_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_contracts" ADD CONSTRAINT "account_contracts_workspace_id_quote_id_account_quotes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","quote_id") REFERENCES "public"."account_quotes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_contracts" ADD CONSTRAINT "account_contracts_workspace_id_price_list_id_account_price_lists_workspace_id_id_fk" FOREIGN KEY ("workspace_id","price_list_id") REFERENCES "public"."account_price_lists"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_deal_stage_history" ADD CONSTRAINT "account_deal_stage_history_workspace_id_deal_id_account_deals_workspace_id_id_fk" FOREIGN KEY ("workspace_id","deal_id") REFERENCES "public"."account_deals"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_deals" ADD CONSTRAINT "account_deals_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_deals" ADD CONSTRAINT "account_deals_workspace_id_contact_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_deals" ADD CONSTRAINT "account_deals_workspace_id_stage_id_account_pipeline_stages_workspace_id_id_fk" FOREIGN KEY ("workspace_id","stage_id") REFERENCES "public"."account_pipeline_stages"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_deals" ADD CONSTRAINT "account_deals_workspace_id_competitor_id_account_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","competitor_id") REFERENCES "public"."account_competitors"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_deals" ADD CONSTRAINT "account_deals_workspace_id_lost_to_competitor_id_account_competitors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","lost_to_competitor_id") REFERENCES "public"."account_competitors"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_document_counters" ADD CONSTRAINT "account_document_counters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_accounts" ADD CONSTRAINT "key_accounts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_accounts" ADD CONSTRAINT "key_accounts_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_accounts" ADD CONSTRAINT "key_accounts_workspace_id_segment_id_account_segments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","segment_id") REFERENCES "public"."account_segments"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_segments" ADD CONSTRAINT "account_segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_orders" ADD CONSTRAINT "account_orders_workspace_id_contract_id_account_contracts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contract_id") REFERENCES "public"."account_contracts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_orders" ADD CONSTRAINT "account_orders_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_pipeline_stages" ADD CONSTRAINT "account_pipeline_stages_workspace_id_pipeline_id_account_pipelines_workspace_id_id_fk" FOREIGN KEY ("workspace_id","pipeline_id") REFERENCES "public"."account_pipelines"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_pipelines" ADD CONSTRAINT "account_pipelines_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_price_lists" ADD CONSTRAINT "account_price_lists_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_price_lists" ADD CONSTRAINT "account_price_lists_workspace_id_account_id_key_accounts_workspace_id_customer_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."key_accounts"("workspace_id","customer_id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "account_products" ADD CONSTRAINT "account_products_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_quotes" ADD CONSTRAINT "account_quotes_workspace_id_deal_id_account_deals_workspace_id_id_fk" FOREIGN KEY ("workspace_id","deal_id") REFERENCES "public"."account_deals"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_report_schedules" ADD CONSTRAINT "account_report_schedules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_revenue_targets" ADD CONSTRAINT "account_revenue_targets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_revenue_targets" ADD CONSTRAINT "account_revenue_targets_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_referrals_prospect_key" ON "account_referrals" USING btree ("workspace_id","prospect_id","referrer_id");--> statement-breakpoint
CREATE INDEX "key_account_shares_user_idx" ON "key_account_shares" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "account_activities_account_idx" ON "account_activities" USING btree ("workspace_id","account_id","at");--> statement-breakpoint
CREATE INDEX "account_activities_deal_idx" ON "account_activities" USING btree ("workspace_id","deal_id","at");--> statement-breakpoint
CREATE INDEX "account_activities_contact_idx" ON "account_activities" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "account_activities_owner_idx" ON "account_activities" USING btree ("workspace_id","owner_id","at");--> statement-breakpoint
CREATE INDEX "account_activities_at_idx" ON "account_activities" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "account_competitors_name_key" ON "account_competitors" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "account_contract_documents_contract_idx" ON "account_contract_documents" USING btree ("workspace_id","contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "account_contracts_number_key" ON "account_contracts" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE INDEX "account_contracts_account_idx" ON "account_contracts" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "account_contracts_renewal_idx" ON "account_contracts" USING btree ("workspace_id","renewal_on");--> statement-breakpoint
CREATE INDEX "account_deal_stage_history_deal_idx" ON "account_deal_stage_history" USING btree ("workspace_id","deal_id","entered_at");--> statement-breakpoint
CREATE INDEX "account_deal_stage_history_entered_idx" ON "account_deal_stage_history" USING btree ("workspace_id","entered_at");--> statement-breakpoint
CREATE INDEX "account_deals_board_idx" ON "account_deals" USING btree ("workspace_id","pipeline_id","status","stage_id","stage_entered_at");--> statement-breakpoint
CREATE INDEX "account_deals_account_idx" ON "account_deals" USING btree ("workspace_id","account_id","status");--> statement-breakpoint
CREATE INDEX "account_deals_owner_idx" ON "account_deals" USING btree ("workspace_id","owner_id","status");--> statement-breakpoint
CREATE INDEX "account_deals_closed_idx" ON "account_deals" USING btree ("workspace_id","closed_at");--> statement-breakpoint
CREATE INDEX "key_accounts_owner_idx" ON "key_accounts" USING btree ("workspace_id","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "account_segments_name_key" ON "account_segments" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "account_orders_number_key" ON "account_orders" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE INDEX "account_orders_account_idx" ON "account_orders" USING btree ("workspace_id","account_id","status");--> statement-breakpoint
CREATE INDEX "account_orders_due_idx" ON "account_orders" USING btree ("workspace_id","due_on");--> statement-breakpoint
CREATE INDEX "account_orders_created_idx" ON "account_orders" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "account_pipeline_stages_position_key" ON "account_pipeline_stages" USING btree ("workspace_id","pipeline_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "account_pipelines_default_key" ON "account_pipelines" USING btree ("workspace_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "account_price_lists_account_idx" ON "account_price_lists" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "account_products_sku_key" ON "account_products" USING btree ("workspace_id","sku");--> statement-breakpoint
CREATE UNIQUE INDEX "account_quotes_number_key" ON "account_quotes" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE INDEX "account_quotes_deal_idx" ON "account_quotes" USING btree ("workspace_id","deal_id");