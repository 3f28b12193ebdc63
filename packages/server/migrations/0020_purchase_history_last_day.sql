-- The last day and the running totals on it beside the arrays (see customerPurchaseHistory in
-- campaigns/schema.ts); one statement so the table is rewritten once.
ALTER TABLE "customer_purchase_history" ADD COLUMN "last_day" date GENERATED ALWAYS AS (days[cardinality(days)]) STORED,
  ADD COLUMN "total_purchases" integer GENERATED ALWAYS AS (purchases[cardinality(purchases)]) STORED,
  ADD COLUMN "total_spend_minor" bigint GENERATED ALWAYS AS (spend_minor[cardinality(spend_minor)]) STORED;
