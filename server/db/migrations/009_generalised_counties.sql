-- Generalised county outlines for small-scale maps (the city's overview), computed once
-- per write by PostgreSQL itself, so they cannot fall out of step with the full outlines.
-- 0.001° is about 110 m here, under a pixel at the overview's zoom; a ring narrower than
-- that (a tiny exclave) may collapse or go. Each outline is simplified on its own, so
-- neighbours' shared edges may part by up to that much.
ALTER TABLE counties
  ADD COLUMN geom_generalised geometry(MultiPolygon, 4326)
  GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(geom, 0.001))) STORED;
CREATE INDEX counties_geom_generalised_idx ON counties USING gist (geom_generalised);
