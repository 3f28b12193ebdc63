-- Cheaper upkeep of customer_purchase_history (0013). The live till/ingest path adds
-- purchases on or after the last day a customer's row holds; those customers now take one
-- set-based UPDATE that bumps the last day's totals or appends the new days, with the
-- running totals carried on. Only the rest (new customers, older days, corrections,
-- deletions, moves) take the general grouped upsert that re-adds the two histories.
-- One statement, so the trigger functions built on customer_purchase_history_upsert keep
-- working unchanged. Concurrency: rows are locked in customer order before either path
-- writes (two paths would otherwise lock in two orders and deadlock, as measured); the
-- UPDATE's condition and values are taken from the row as it stands after the lock, and a
-- customer it did not update falls to the upsert, which combines with the row as it stands.
CREATE OR REPLACE FUNCTION customer_purchase_history_upsert(delta text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    WITH incoming AS (
      SELECT workspace_id, customer_id, array_agg(day ORDER BY day) AS days,
        array_agg(total_n ORDER BY day) AS purchases, array_agg(total_s ORDER BY day) AS spend_minor,
        bool_and(n > 0) AS additions_only
      FROM (
        SELECT workspace_id, customer_id, day, n,
          (sum(n) OVER (PARTITION BY workspace_id, customer_id ORDER BY day))::integer AS total_n,
          (sum(s) OVER (PARTITION BY workspace_id, customer_id ORDER BY day))::bigint AS total_s
        FROM (
          SELECT workspace_id, customer_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, sum(sign) AS n, sum(sign * amount_minor) AS s
          FROM (%s) AS delta GROUP BY 1, 2, 3
        ) per_day
      ) running
      GROUP BY workspace_id, customer_id
    ),
    -- Every history row the statement touches is locked first, in customer order, so two
    -- writers with overlapping customers queue instead of deadlocking (both paths below then
    -- find their rows already locked).
    locked AS (
      SELECT h.workspace_id, h.customer_id FROM customer_purchase_history h
      JOIN incoming i ON i.workspace_id = h.workspace_id AND i.customer_id = h.customer_id
      ORDER BY h.workspace_id, h.customer_id FOR UPDATE OF h
    ),
    appended AS (
      -- When the first incoming day is the last day held, that element is replaced (bumped);
      -- k and the bump are read from h itself so a re-check after a concurrent write stays right.
      UPDATE customer_purchase_history AS h SET
        days = h.days[:cardinality(h.days) - (i.days[1] = h.days[cardinality(h.days)])::integer] || i.days,
        purchases = h.purchases[:cardinality(h.days) - (i.days[1] = h.days[cardinality(h.days)])::integer] || CASE WHEN cardinality(i.days) = 1
          THEN ARRAY[h.purchases[cardinality(h.days)] + i.purchases[1]]
          ELSE ARRAY(SELECT h.purchases[cardinality(h.days)] + x.n FROM unnest(i.purchases) WITH ORDINALITY AS x(n, o) ORDER BY x.o) END,
        spend_minor = h.spend_minor[:cardinality(h.days) - (i.days[1] = h.days[cardinality(h.days)])::integer] || CASE WHEN cardinality(i.days) = 1
          THEN ARRAY[h.spend_minor[cardinality(h.days)] + i.spend_minor[1]]
          ELSE ARRAY(SELECT h.spend_minor[cardinality(h.days)] + x.s FROM unnest(i.spend_minor) WITH ORDINALITY AS x(s, o) ORDER BY x.o) END
      FROM incoming i JOIN locked l ON l.workspace_id = i.workspace_id AND l.customer_id = i.customer_id
      WHERE h.workspace_id = i.workspace_id AND h.customer_id = i.customer_id AND i.additions_only
        AND i.days[1] >= h.days[cardinality(h.days)]
      RETURNING h.workspace_id, h.customer_id
    )
    INSERT INTO customer_purchase_history AS h (workspace_id, customer_id, days, purchases, spend_minor)
    SELECT workspace_id, customer_id, days, purchases, spend_minor FROM incoming i
    WHERE NOT EXISTS (SELECT FROM appended a WHERE a.workspace_id = i.workspace_id AND a.customer_id = i.customer_id)
    ORDER BY workspace_id, customer_id
    ON CONFLICT (workspace_id, customer_id) DO UPDATE SET (days, purchases, spend_minor) =
      (SELECT m.days, m.purchases, m.spend_minor
       FROM customer_purchase_history_merge(h.days, h.purchases, h.spend_minor, excluded.days, excluded.purchases, excluded.spend_minor) m)
  $q$, delta)
$f$;
--> statement-breakpoint
-- Its append-only shortcut is covered by the UPDATE above; nothing calls it any more.
DROP FUNCTION customer_purchase_history_combine(date[], integer[], bigint[], date[], integer[], bigint[]);
