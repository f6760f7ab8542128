-- Funeral facilities (points) and cemeteries (polygons) (第九章第二节; 专栏10).
CREATE TABLE funeral_facilities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- funeral_home 殡仪馆; service_station 殡仪服务站（中心）; columbarium 公益性骨灰堂.
  kind text NOT NULL CHECK (kind IN ('funeral_home', 'service_station', 'columbarium')),
  -- Niches of a columbarium; 0 for the others.
  capacity integer NOT NULL CHECK (capacity >= 0),
  used integer NOT NULL CHECK (used BETWEEN 0 AND capacity),
  status text NOT NULL CHECK (status IN ('planned', 'under_construction', 'operating', 'closed')),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'register', 'survey')),
  geom geometry(Point, 4326) NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX funeral_facilities_geom_idx ON funeral_facilities USING gist (geom);

CREATE TABLE cemeteries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- urban_public 城市公益性公墓; rural_public 农村公益性公墓; commercial 经营性公墓.
  kind text NOT NULL CHECK (kind IN ('urban_public', 'rural_public', 'commercial')),
  -- Which minimum land area applies: township 50 亩, county 100 亩, city 200 亩.
  level text NOT NULL CHECK (level IN ('city', 'county', 'township')),
  capacity integer NOT NULL CHECK (capacity >= 0),
  plots_used integer NOT NULL CHECK (plots_used BETWEEN 0 AND capacity),
  green_coverage_pct numeric(5, 2) NOT NULL CHECK (green_coverage_pct BETWEEN 0 AND 100),
  eco_burial_pct numeric(5, 2) NOT NULL CHECK (eco_burial_pct BETWEEN 0 AND 100),
  -- Commercial cemeteries only: share of unsold plots reserved for public-welfare use.
  public_welfare_reserve_pct numeric(5, 2) CHECK (public_welfare_reserve_pct BETWEEN 0 AND 100),
  status text NOT NULL CHECK (status IN ('planned', 'under_construction', 'operating', 'closed')),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'register', 'survey')),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX cemeteries_geom_idx ON cemeteries USING gist (geom);
