-- Townships become editable (an administrator replaces an approximate area with the
-- surveyed one, or records a renaming): a version for optimistic concurrency and a soft
-- delete, so that nothing published is ever lost.
ALTER TABLE townships ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE townships ADD COLUMN deleted_at timestamptz;

-- Each township keeps a seat inside its area: when an edit moves the area away from the
-- seat (or gives none), the seat becomes a point on the new area's surface.
CREATE FUNCTION townships_keep_seat() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seat IS NULL OR NOT ST_Intersects(NEW.seat, NEW.geom) THEN
    NEW.seat := ST_PointOnSurface(NEW.geom);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER townships_keep_seat BEFORE INSERT OR UPDATE ON townships
  FOR EACH ROW EXECUTE FUNCTION townships_keep_seat();
ALTER TABLE townships ALTER COLUMN seat DROP NOT NULL;
