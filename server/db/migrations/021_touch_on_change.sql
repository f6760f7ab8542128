-- A place name's updated_at moves only when the record changed: a write that stores the
-- same values (a client's GET → PUT of what it read) leaves it, as it leaves the data.
CREATE OR REPLACE FUNCTION touch_place_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'version' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'version' - 'updated_at') THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;
