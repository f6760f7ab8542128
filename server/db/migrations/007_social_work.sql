-- Social-work stations in three tiers (第八章第三节; 专栏8), with the 六有 checklist.
CREATE TABLE social_work_stations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- guidance_centre 县级社会工作指导中心; township_station 乡镇（街道）社会工作站;
  -- community_room 村（社区）社会工作室.
  tier text NOT NULL CHECK (tier IN ('guidance_centre', 'township_station', 'community_room')),
  staff integer NOT NULL CHECK (staff >= 0),
  certified_workers integer NOT NULL CHECK (certified_workers BETWEEN 0 AND staff),
  -- 六有: 有场地, 有设施, 有人员, 有服务, 有流程, 有制度.
  has_premises boolean NOT NULL,
  has_equipment boolean NOT NULL,
  has_staff boolean NOT NULL,
  has_services boolean NOT NULL,
  has_procedures boolean NOT NULL,
  has_rules boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('planned', 'under_construction', 'operating', 'closed')),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'register', 'survey')),
  geom geometry(Point, 4326) NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX social_work_stations_geom_idx ON social_work_stations USING gist (geom);
CREATE INDEX social_work_stations_tier_idx ON social_work_stations (tier, status);
