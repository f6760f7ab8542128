-- Base geography: county-level units (the city's own and its neighbours'), township-level
-- units, and which seed data sets have been loaded.

CREATE TABLE seed_runs (
  name text PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE counties (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  -- The prefecture-level city (4-digit code) the unit belongs to.
  city_code text NOT NULL CHECK (city_code ~ '^[0-9]{4}$'),
  city_name text NOT NULL,
  -- true for the service's own city; neighbouring cities' units are kept for context.
  is_home boolean NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX counties_geom_idx ON counties USING gist (geom);
CREATE INDEX counties_city_code_idx ON counties (city_code);

CREATE TABLE townships (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
  name text NOT NULL,
  -- GB/T 10114 ranges of the 3-digit suffix: 001-099 street, 100-199 town,
  -- 200-399 township, 400-599 other township-level units (管委会 and the like).
  kind text NOT NULL CHECK (kind IN ('street', 'town', 'township', 'other')),
  -- The county-level unit whose territory the township partitions.
  county_code text NOT NULL REFERENCES counties (code),
  -- The county-level unit that administers it: differs for development zones.
  admin_code text NOT NULL CHECK (admin_code ~ '^[0-9]{6}$'),
  -- 'approximate' areas are generated, not surveyed; the UI says so.
  geometry_source text NOT NULL CHECK (geometry_source IN ('approximate', 'surveyed')),
  seat geometry(Point, 4326) NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX townships_geom_idx ON townships USING gist (geom);
CREATE INDEX townships_county_code_idx ON townships (county_code);

CREATE TABLE boundary_lines (
  id text PRIMARY KEY,
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('city', 'county')),
  -- The two sides, in code order: the lower code first, as in the line's name.
  left_code text NOT NULL,
  left_name text NOT NULL,
  right_code text NOT NULL,
  right_name text NOT NULL,
  length_km double precision NOT NULL CHECK (length_km > 0),
  geom geometry(MultiLineString, 4326) NOT NULL,
  CHECK (left_code < right_code)
);
CREATE INDEX boundary_lines_geom_idx ON boundary_lines USING gist (geom);
