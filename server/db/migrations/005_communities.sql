-- Communities (社区) and administrative villages (行政村) with their population: the base
-- of every coverage analysis. Township and county totals are sums over them.
CREATE TABLE communities (
  -- 12 digits: the township's 9 and 3 of its own (001-199 社区, 200-399 村), as in
  -- the statistical division codes.
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  kind text NOT NULL CHECK (kind IN ('community', 'village')),
  township_code text NOT NULL REFERENCES townships (code),
  population integer NOT NULL CHECK (population >= 0),
  population_60plus integer NOT NULL CHECK (population_60plus BETWEEN 0 AND population),
  -- generated: sample figures, not real ones; the UI says so.
  data_source text NOT NULL CHECK (data_source IN ('generated', 'census', 'survey')),
  geom geometry(Point, 4326) NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX communities_geom_idx ON communities USING gist (geom);
CREATE INDEX communities_geog_idx ON communities USING gist ((geom::geography));
CREATE INDEX communities_township_code_idx ON communities (township_code);
