-- Cheaper name words for imports: a, e and ə count as one letter in word keys
-- (Əliyev is typed Aliyev or Eliyev, and the folded name holds both), so an
-- Azerbaijani name adds half the rows; and a renamed or removed customer's old
-- words are found through the primary key from the old name, so the second
-- index on customer_id goes.
DROP INDEX "customer_name_words_customer_idx";--> statement-breakpoint
TRUNCATE customer_name_words, customer_name_vocabulary;--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_name_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_name_words (workspace_id, word, customer_id)
    SELECT DISTINCT n.workspace_id, translate(w.word, 'a', 'e'), n.id
    FROM new_rows n, unnest(string_to_array(n.name_key, ' ')) AS w(word)
    WHERE w.word <> ''
  ON CONFLICT DO NOTHING;
  INSERT INTO customer_name_vocabulary (workspace_id, word)
    SELECT DISTINCT n.workspace_id, translate(w.word, 'a', 'e')
    FROM new_rows n, unnest(string_to_array(n.name_key, ' ')) AS w(word)
    WHERE w.word <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_name_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose folded name changed; most updates (consent, tags, imports of other columns) touch no words.
  DELETE FROM customer_name_words w
    USING new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id, unnest(string_to_array(o.name_key, ' ')) AS ow(word)
    WHERE o.name_key IS DISTINCT FROM n.name_key
      AND w.workspace_id = n.workspace_id AND w.word = translate(ow.word, 'a', 'e') AND w.customer_id = n.id;
  INSERT INTO customer_name_words (workspace_id, word, customer_id)
    SELECT DISTINCT n.workspace_id, translate(w.word, 'a', 'e'), n.id
    FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id, unnest(string_to_array(n.name_key, ' ')) AS w(word)
    WHERE o.name_key IS DISTINCT FROM n.name_key AND w.word <> ''
  ON CONFLICT DO NOTHING;
  INSERT INTO customer_name_vocabulary (workspace_id, word)
    SELECT DISTINCT n.workspace_id, translate(w.word, 'a', 'e')
    FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id, unnest(string_to_array(n.name_key, ' ')) AS w(word)
    WHERE o.name_key IS DISTINCT FROM n.name_key AND w.word <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION customer_name_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_name_words w USING old_rows o, unnest(string_to_array(o.name_key, ' ')) AS ow(word)
    WHERE w.workspace_id = o.workspace_id AND w.word = translate(ow.word, 'a', 'e') AND w.customer_id = o.id;
  RETURN NULL;
END $$;--> statement-breakpoint
INSERT INTO customer_name_words (workspace_id, word, customer_id)
  SELECT DISTINCT c.workspace_id, translate(w.word, 'a', 'e'), c.id FROM customers c, unnest(string_to_array(c.name_key, ' ')) AS w(word) WHERE w.word <> ''
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO customer_name_vocabulary (workspace_id, word)
  SELECT DISTINCT c.workspace_id, translate(w.word, 'a', 'e') FROM customers c, unnest(string_to_array(c.name_key, ' ')) AS w(word) WHERE w.word <> ''
ON CONFLICT DO NOTHING;
