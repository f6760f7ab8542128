-- The walking network: street and path centrelines, and the graph built from them.
CREATE TABLE roads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text CHECK (length(name) BETWEEN 1 AND 100),
  -- OSM highway values people walk on (trunk only where foot=yes).
  class text NOT NULL CHECK (class IN ('primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street',
                                        'service', 'pedestrian', 'footway', 'path', 'steps', 'track', 'cycleway', 'trunk')),
  walkable boolean NOT NULL,
  -- Kept from the source; walking ignores it.
  oneway boolean NOT NULL DEFAULT false,
  osm_id bigint,
  data_source text NOT NULL CHECK (data_source IN ('generated', 'osm', 'survey')),
  geom geometry(LineString, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX roads_geom_idx ON roads USING gist (geom);

CREATE TRIGGER roads_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION note_table_change();
INSERT INTO table_changes (table_name) VALUES ('roads');

-- The graph of the walkable, live roads, rebuilt as a whole (server/roads/graph.queries.ts):
-- a node at each vertex shared by two or more roads and at each line end, an edge for each
-- stretch of a road between two nodes.
CREATE TABLE road_nodes (
  id bigint PRIMARY KEY,
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX road_nodes_geom_idx ON road_nodes USING gist (geom);

CREATE TABLE road_edges (
  id bigint PRIMARY KEY,
  road_id bigint NOT NULL,
  source bigint NOT NULL,
  target bigint NOT NULL,
  -- Metres on the spheroid (geom::geography).
  length_m float8 NOT NULL,
  geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX road_edges_geom_idx ON road_edges USING gist (geom);
CREATE INDEX road_edges_source_idx ON road_edges (source);
CREATE INDEX road_edges_target_idx ON road_edges (target);

-- The roads' table_changes generation the graph was built from (one row once built).
CREATE TABLE road_graph_builds (
  generation bigint NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  ms integer NOT NULL DEFAULT 0
);
