-- A change counter per published table, bumped by a statement-level trigger on every
-- insert, update and delete, by the service or by anyone else. The OGC API reads it to
-- keep collection extents cached until the data changes, and to answer If-None-Match
-- with the same ETag on every server process.
CREATE TABLE table_changes (
  table_name text PRIMARY KEY,
  generation bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT date_trunc('second', now())
);

CREATE FUNCTION note_table_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO table_changes (table_name) VALUES (TG_TABLE_NAME)
  ON CONFLICT (table_name) DO UPDATE
    SET generation = table_changes.generation + 1,
        -- whole seconds: HTTP dates have no fractions, and a later change must never look older
        changed_at = greatest(date_trunc('second', now()), table_changes.changed_at);
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['counties', 'townships', 'communities', 'eldercare_facilities', 'social_work_stations',
                           'funeral_facilities', 'cemeteries', 'boundary_lines'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION note_table_change()', t || '_changes', t);
    INSERT INTO table_changes (table_name) VALUES (t);
  END LOOP;
END $$;
