-- Which eldercare facilities changed, and in which generation of the table: the coverage
-- analyses keep each community's nearest facility and update only what one edit touches.
-- The row trigger reads the table's generation FOR UPDATE, so that writers of the table
-- queue behind each other until they commit: a reader that sees generation G sees every
-- change of a generation up to G, and "changes since G" never misses a slower writer.
CREATE TABLE eldercare_facility_changes (
  generation bigint NOT NULL,
  -- null: the whole table changed (TRUNCATE)
  facility_id bigint
);
CREATE INDEX eldercare_facility_changes_generation_idx ON eldercare_facility_changes (generation);

CREATE FUNCTION note_eldercare_facility_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE next_generation bigint;
BEGIN
  INSERT INTO table_changes (table_name) VALUES (TG_TABLE_NAME) ON CONFLICT (table_name) DO NOTHING;
  SELECT generation + 1 INTO next_generation FROM table_changes WHERE table_name = TG_TABLE_NAME FOR UPDATE;
  INSERT INTO eldercare_facility_changes (generation, facility_id)
  VALUES (next_generation, CASE WHEN TG_OP = 'TRUNCATE' THEN NULL WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END $$;

CREATE TRIGGER eldercare_facilities_row_changes AFTER INSERT OR UPDATE OR DELETE ON eldercare_facilities
  FOR EACH ROW EXECUTE FUNCTION note_eldercare_facility_change();
CREATE TRIGGER eldercare_facilities_truncated BEFORE TRUNCATE ON eldercare_facilities
  FOR EACH STATEMENT EXECUTE FUNCTION note_eldercare_facility_change();
