-- Imports write two batches at once on two connections. New words go into the
-- vocabulary in word order, so two batches that both bring new words take their
-- locks in the same order and wait for each other instead of deadlocking.
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
    ORDER BY 1, 2
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
    ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
