CREATE TABLE "customer_purchase_history" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"days" date[] NOT NULL,
	"purchases" integer[] NOT NULL,
	"spend_minor" bigint[] NOT NULL,
	CONSTRAINT "customer_purchase_history_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "customer_purchase_history" ADD CONSTRAINT "customer_purchase_history_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Two cumulative histories (days ascending, running totals) added day by day into one;
-- days whose purchases cancel out (a purchase deleted or moved) drop out.
CREATE FUNCTION customer_purchase_history_merge(a_days date[], a_purchases integer[], a_spend bigint[], b_days date[], b_purchases integer[], b_spend bigint[],
  OUT days date[], OUT purchases integer[], OUT spend_minor bigint[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(day ORDER BY day), '{}'), coalesce(array_agg(total_n ORDER BY day), '{}'), coalesce(array_agg(total_s ORDER BY day), '{}')
  FROM (
    SELECT day, (sum(n) OVER (ORDER BY day))::integer AS total_n, (sum(s) OVER (ORDER BY day))::bigint AS total_s
    FROM (
      SELECT day, sum(n) AS n, sum(s) AS s FROM (
        SELECT day, n - coalesce(lag(n) OVER (ORDER BY day), 0) AS n, s - coalesce(lag(s) OVER (ORDER BY day), 0) AS s
          FROM unnest(a_days, a_purchases, a_spend) AS a(day, n, s)
        UNION ALL
        SELECT day, n - coalesce(lag(n) OVER (ORDER BY day), 0), s - coalesce(lag(s) OVER (ORDER BY day), 0)
          FROM unnest(b_days, b_purchases, b_spend) AS b(day, n, s)
      ) per_side GROUP BY day HAVING sum(n) <> 0
    ) per_day
  ) running
$$;
--> statement-breakpoint
-- The same, with the usual case first: purchases after every day already held (a till's sale
-- today) are appended with the running totals carried on, without re-aggregating the history.
CREATE FUNCTION customer_purchase_history_combine(a_days date[], a_purchases integer[], a_spend bigint[], b_days date[], b_purchases integer[], b_spend bigint[],
  OUT days date[], OUT purchases integer[], OUT spend_minor bigint[])
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  k integer := coalesce(cardinality(a_days), 0);
  j integer := coalesce(cardinality(b_days), 0);
BEGIN
  IF k > 0 AND j > 0 AND b_days[1] > a_days[k] AND b_purchases[1] > 0 THEN
    days := a_days || b_days;
    purchases := a_purchases;
    spend_minor := a_spend;
    FOR i IN 1..j LOOP
      -- Only additions can fall after the last day held; anything else takes the general way.
      IF i > 1 AND b_purchases[i] <= b_purchases[i - 1] THEN
        SELECT m.days, m.purchases, m.spend_minor INTO days, purchases, spend_minor
          FROM customer_purchase_history_merge(a_days, a_purchases, a_spend, b_days, b_purchases, b_spend) m;
        RETURN;
      END IF;
      purchases := purchases || (a_purchases[k] + b_purchases[i]);
      spend_minor := spend_minor || (a_spend[k] + b_spend[i]);
    END LOOP;
    RETURN;
  END IF;
  SELECT m.days, m.purchases, m.spend_minor INTO days, purchases, spend_minor
    FROM customer_purchase_history_merge(a_days, a_purchases, a_spend, b_days, b_purchases, b_spend) m;
END $$;
--> statement-breakpoint
-- The statement adding signed purchase rows (customer, instant, amount, sign -1 takes a
-- deleted or moved purchase back) to the histories: one grouped upsert in customer order;
-- a conflicting row is combined with the row as it stands after waiting for its lock, so
-- concurrent writers for one customer both count. Built as text because a trigger's
-- transition tables can only be read by statements the trigger function itself runs.
CREATE FUNCTION customer_purchase_history_upsert(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO customer_purchase_history AS h (workspace_id, customer_id, days, purchases, spend_minor)
    SELECT workspace_id, customer_id, array_agg(day ORDER BY day), array_agg(total_n ORDER BY day), array_agg(total_s ORDER BY day)
    FROM (
      SELECT workspace_id, customer_id, day,
        (sum(n) OVER (PARTITION BY workspace_id, customer_id ORDER BY day))::integer AS total_n,
        (sum(s) OVER (PARTITION BY workspace_id, customer_id ORDER BY day))::bigint AS total_s
      FROM (
        SELECT workspace_id, customer_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS n, sum(sign * amount_minor) AS s
        FROM (%s) AS delta GROUP BY 1, 2, 3
      ) per_day
    ) running
    GROUP BY workspace_id, customer_id
    ORDER BY workspace_id, customer_id
    ON CONFLICT (workspace_id, customer_id) DO UPDATE SET (days, purchases, spend_minor) =
      (SELECT m.days, m.purchases, m.spend_minor
       FROM customer_purchase_history_combine(h.days, h.purchases, h.spend_minor, excluded.days, excluded.purchases, excluded.spend_minor) m)
  $q$, delta)
$f$;
--> statement-breakpoint
-- After purchases were taken back: customers left without any purchase lose their row.
CREATE FUNCTION customer_purchase_history_prune(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    DELETE FROM customer_purchase_history h USING (SELECT DISTINCT workspace_id, customer_id FROM (%s) AS delta) d
    WHERE h.workspace_id = d.workspace_id AND h.customer_id = d.customer_id AND cardinality(h.days) = 0
  $q$, delta)
$f$;
--> statement-breakpoint
-- Imported sales history (rows that came from loyalty are counted from loyalty_purchases).
CREATE FUNCTION customer_purchase_history_from_transactions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    delta := $d$SELECT workspace_id, customer_id, occurred_at, amount_minor, 1 AS sign FROM new_rows WHERE source <> 'loyalty'$d$;
  ELSIF TG_OP = 'DELETE' THEN
    delta := $d$SELECT workspace_id, customer_id, occurred_at, amount_minor, -1 AS sign FROM old_rows WHERE source <> 'loyalty'$d$;
  ELSE
    delta := $d$SELECT x.* FROM old_rows o JOIN new_rows n ON n.workspace_id = o.workspace_id AND n.id = o.id
      CROSS JOIN LATERAL (
        SELECT o.workspace_id, o.customer_id, o.occurred_at, o.amount_minor, -1 AS sign WHERE o.source <> 'loyalty'
        UNION ALL SELECT n.workspace_id, n.customer_id, n.occurred_at, n.amount_minor, 1 WHERE n.source <> 'loyalty') x
      WHERE (o.customer_id, o.occurred_at, o.amount_minor, o.source <> 'loyalty') IS DISTINCT FROM (n.customer_id, n.occurred_at, n.amount_minor, n.source <> 'loyalty')$d$;
  END IF;
  EXECUTE customer_purchase_history_upsert(delta);
  IF TG_OP <> 'INSERT' THEN EXECUTE customer_purchase_history_prune(delta); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Loyalty purchases belong to the customer of their member.
CREATE FUNCTION customer_purchase_history_from_loyalty_purchases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    delta := $d$SELECT p.workspace_id, m.customer_id, p.occurred_at, p.amount_minor, 1 AS sign FROM new_rows p
      JOIN loyalty_members m ON m.workspace_id = p.workspace_id AND m.id = p.member_id$d$;
  ELSIF TG_OP = 'DELETE' THEN
    delta := $d$SELECT p.workspace_id, m.customer_id, p.occurred_at, p.amount_minor, -1 AS sign FROM old_rows p
      JOIN loyalty_members m ON m.workspace_id = p.workspace_id AND m.id = p.member_id$d$;
  ELSE
    delta := $d$SELECT x.* FROM old_rows o JOIN new_rows n ON n.workspace_id = o.workspace_id AND n.id = o.id
      JOIN loyalty_members om ON om.workspace_id = o.workspace_id AND om.id = o.member_id
      JOIN loyalty_members nm ON nm.workspace_id = n.workspace_id AND nm.id = n.member_id
      CROSS JOIN LATERAL (
        SELECT o.workspace_id, om.customer_id, o.occurred_at, o.amount_minor, -1 AS sign
        UNION ALL SELECT n.workspace_id, nm.customer_id, n.occurred_at, n.amount_minor, 1) x
      WHERE (om.customer_id, o.occurred_at, o.amount_minor) IS DISTINCT FROM (nm.customer_id, n.occurred_at, n.amount_minor)$d$;
  END IF;
  EXECUTE customer_purchase_history_upsert(delta);
  IF TG_OP <> 'INSERT' THEN EXECUTE customer_purchase_history_prune(delta); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A member moved to another customer (a customer merge) takes its purchases along.
CREATE FUNCTION customer_purchase_history_from_member_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := $d$SELECT p.workspace_id, x.customer_id, p.occurred_at, p.amount_minor, x.sign FROM loyalty_purchases p
    CROSS JOIN (VALUES ($1, -1), ($2, 1)) AS x(customer_id, sign) WHERE p.workspace_id = $3 AND p.member_id = $4$d$;
BEGIN
  EXECUTE customer_purchase_history_upsert(delta) USING OLD.customer_id, NEW.customer_id, NEW.workspace_id, NEW.id;
  EXECUTE customer_purchase_history_prune(delta) USING OLD.customer_id, NEW.customer_id, NEW.workspace_id, NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_purchase_history_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_purchase_history_from_transactions();
--> statement-breakpoint
CREATE TRIGGER transactions_purchase_history_update AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_purchase_history_from_transactions();
--> statement-breakpoint
CREATE TRIGGER transactions_purchase_history_delete AFTER DELETE ON transactions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_purchase_history_from_transactions();
--> statement-breakpoint
CREATE TRIGGER loyalty_purchases_purchase_history_insert AFTER INSERT ON loyalty_purchases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_purchase_history_from_loyalty_purchases();
--> statement-breakpoint
CREATE TRIGGER loyalty_purchases_purchase_history_update AFTER UPDATE ON loyalty_purchases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_purchase_history_from_loyalty_purchases();
--> statement-breakpoint
CREATE TRIGGER loyalty_purchases_purchase_history_delete AFTER DELETE ON loyalty_purchases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_purchase_history_from_loyalty_purchases();
--> statement-breakpoint
CREATE TRIGGER loyalty_members_purchase_history_move AFTER UPDATE OF customer_id ON loyalty_members
  FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id) EXECUTE FUNCTION customer_purchase_history_from_member_move();
--> statement-breakpoint
-- The history so far.
DO $$ BEGIN
  EXECUTE customer_purchase_history_upsert($d$
    SELECT workspace_id, customer_id, occurred_at, amount_minor, 1 AS sign FROM transactions WHERE source <> 'loyalty'
    UNION ALL
    SELECT p.workspace_id, m.customer_id, p.occurred_at, p.amount_minor, 1 FROM loyalty_purchases p
      JOIN loyalty_members m ON m.workspace_id = p.workspace_id AND m.id = p.member_id$d$);
END $$;
