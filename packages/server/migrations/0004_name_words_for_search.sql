-- Search by any word of a name, and typo tolerance, without trigram-scanning
-- every customer: words live in a B-tree (byte order, so a prefix is a range),
-- typos are matched against the workspace's small vocabulary of distinct words.
CREATE TABLE "customer_name_vocabulary" (
	"workspace_id" uuid NOT NULL,
	"word" text COLLATE "C" NOT NULL,
	CONSTRAINT "customer_name_vocabulary_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
CREATE TABLE "customer_name_words" (
	"workspace_id" uuid NOT NULL,
	"word" text COLLATE "C" NOT NULL,
	"customer_id" uuid NOT NULL,
	CONSTRAINT "customer_name_words_workspace_id_word_customer_id_pk" PRIMARY KEY("workspace_id","word","customer_id")
);
--> statement-breakpoint
DROP INDEX "customers_name_trgm_idx";--> statement-breakpoint
CREATE INDEX "customer_name_vocabulary_trgm_idx" ON "customer_name_vocabulary" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_name_words_customer_idx" ON "customer_name_words" USING btree ("workspace_id","customer_id");--> statement-breakpoint
-- Statement-level triggers with transition tables: an import batch of 5,000 rows
-- adds its words in one set-based statement, not 5,000 row triggers.
CREATE FUNCTION customer_name_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_name_words (workspace_id, word, customer_id)
    SELECT DISTINCT n.workspace_id, w.word, n.id
    FROM new_rows n, regexp_split_to_table(n.name_key, ' ') AS w(word)
    WHERE w.word <> ''
  ON CONFLICT DO NOTHING;
  INSERT INTO customer_name_vocabulary (workspace_id, word)
    SELECT DISTINCT n.workspace_id, w.word
    FROM new_rows n, regexp_split_to_table(n.name_key, ' ') AS w(word)
    WHERE w.word <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION customer_name_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose folded name changed; most updates (consent, tags, imports of other columns) touch no words.
  DELETE FROM customer_name_words w USING new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
    WHERE o.name_key IS DISTINCT FROM n.name_key AND w.workspace_id = n.workspace_id AND w.customer_id = n.id;
  INSERT INTO customer_name_words (workspace_id, word, customer_id)
    SELECT DISTINCT n.workspace_id, w.word, n.id
    FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id, regexp_split_to_table(n.name_key, ' ') AS w(word)
    WHERE o.name_key IS DISTINCT FROM n.name_key AND w.word <> ''
  ON CONFLICT DO NOTHING;
  INSERT INTO customer_name_vocabulary (workspace_id, word)
    SELECT DISTINCT n.workspace_id, w.word
    FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id, regexp_split_to_table(n.name_key, ' ') AS w(word)
    WHERE o.name_key IS DISTINCT FROM n.name_key AND w.word <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION customer_name_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_name_words w USING old_rows o WHERE w.workspace_id = o.workspace_id AND w.customer_id = o.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER customers_name_words_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_added();--> statement-breakpoint
CREATE TRIGGER customers_name_words_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_changed();--> statement-breakpoint
CREATE TRIGGER customers_name_words_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_removed();--> statement-breakpoint
INSERT INTO customer_name_words (workspace_id, word, customer_id)
  SELECT DISTINCT c.workspace_id, w.word, c.id FROM customers c, regexp_split_to_table(c.name_key, ' ') AS w(word) WHERE w.word <> ''
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO customer_name_vocabulary (workspace_id, word)
  SELECT DISTINCT c.workspace_id, w.word FROM customers c, regexp_split_to_table(c.name_key, ' ') AS w(word) WHERE w.word <> ''
ON CONFLICT DO NOTHING;
