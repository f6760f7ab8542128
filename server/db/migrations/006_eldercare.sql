-- Eldercare facilities of every kind the plan names (shared/DOMAIN.md §1).
CREATE TABLE eldercare_facilities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- institution 养老机构; township_home 乡镇敬老院（特困人员供养服务设施）;
  -- regional_centre 区域养老服务中心; street_centre 街道综合养老服务中心;
  -- day_care 社区老年人日间照料中心; home_care_station 小区居家养老服务站;
  -- embedded 嵌入式养老服务机构; village_home 村级幸福院.
  kind text NOT NULL CHECK (kind IN ('institution', 'township_home', 'regional_centre', 'street_centre',
                                      'day_care', 'home_care_station', 'embedded', 'village_home')),
  -- 公办 public, 民办 private, 公建民营 public_private.
  ownership text NOT NULL CHECK (ownership IN ('public', 'private', 'public_private')),
  beds integer NOT NULL CHECK (beds >= 0),
  nursing_beds integer NOT NULL CHECK (nursing_beds BETWEEN 0 AND beds),
  embedded_beds integer NOT NULL CHECK (embedded_beds BETWEEN 0 AND beds),
  -- full_time 全托, day_care 日托, home_visit 上门.
  services text[] NOT NULL CHECK (services <@ ARRAY['full_time', 'day_care', 'home_visit']),
  medical_integration boolean NOT NULL,
  grade smallint CHECK (grade BETWEEN 1 AND 5),
  barrier_free boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('planned', 'under_construction', 'operating', 'closed')),
  opened_on date,
  data_source text NOT NULL CHECK (data_source IN ('generated', 'register', 'survey')),
  geom geometry(Point, 4326) NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX eldercare_facilities_geom_idx ON eldercare_facilities USING gist (geom);
CREATE INDEX eldercare_facilities_geog_idx ON eldercare_facilities USING gist ((geom::geography));
CREATE INDEX eldercare_facilities_kind_idx ON eldercare_facilities (kind, status);
