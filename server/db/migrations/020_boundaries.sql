-- Boundary lines' agreements, markers (界桩), inspection rounds, joint inspections with
-- two-party confirmation, and each line's archive.

ALTER TABLE boundary_lines DROP CONSTRAINT boundary_lines_level_check;
ALTER TABLE boundary_lines ADD CONSTRAINT boundary_lines_level_check CHECK (level IN ('province', 'city', 'county', 'township'));
-- The line's agreement (界线协议书): its reference, the day it was signed, the scan in the file store.
ALTER TABLE boundary_lines ADD COLUMN agreement_ref text CHECK (length(agreement_ref) BETWEEN 1 AND 200);
ALTER TABLE boundary_lines ADD COLUMN agreement_signed_on date;
ALTER TABLE boundary_lines ADD COLUMN agreement_file_id bigint REFERENCES files (id);

-- Which units (sides of lines) a boundary inspector works for: a 4-digit city, a 6-digit
-- county-level or a 9-digit township-level code. A user of a neighbouring city attached
-- only to that city works on the lines it shares with this one and on no other.
CREATE TABLE boundary_inspector_units (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  unit_code text NOT NULL CHECK (unit_code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$'),
  PRIMARY KEY (user_id, unit_code)
);
CREATE INDEX boundary_inspector_units_unit_idx ON boundary_inspector_units (unit_code);

-- Boundary markers. The number (GB/T 17796-2009) is the line's code (its two sides' codes,
-- the smaller first), a 3-digit sequence along the line from 001 (west to east or north
-- to south), and a type letter: Q a single marker, A/B the two of a double pair (A on the
-- side of the smaller code), C/D/E the three of a triple set.
CREATE TABLE boundary_markers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  line_id text NOT NULL REFERENCES boundary_lines (id),
  number text NOT NULL CHECK (number ~ '^([0-9]{4}|[0-9]{6}|[0-9]{9}){2}[0-9]{3}[QABCDE]$'),
  kind text NOT NULL CHECK (kind IN ('single', 'double', 'triple')),
  -- The unit on whose side the marker stands (a marker of a pair or a set); null for a single one.
  side_code text,
  -- The registered elevation in metres (1985 national height datum).
  elevation_m double precision CHECK (elevation_m BETWEEN -500 AND 9000),
  -- 方位物, each written what|bearing in degrees|distance in metres (电杆|45|18.5); at least three.
  reference_objects text[] NOT NULL CHECK (cardinality(reference_objects) BETWEEN 3 AND 12),
  material text NOT NULL CHECK (material IN ('granite', 'concrete', 'steel', 'composite', 'other')),
  erected_on date,
  state text NOT NULL CHECK (state IN ('standing', 'damaged', 'missing', 'removed')),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'survey')),
  -- The registered position (CGCS2000, treated as EPSG:4326): changed only by an agreed finding.
  geom geometry(Point, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE UNIQUE INDEX boundary_markers_number_key ON boundary_markers (number) WHERE deleted_at IS NULL;
CREATE INDEX boundary_markers_line_idx ON boundary_markers (line_id);
CREATE INDEX boundary_markers_geom_idx ON boundary_markers USING gist (geom);

-- A sequence on a line belongs to one marker, one pair or one set: a second marker with
-- the same sequence must be of the same kind (and another letter, which the unique
-- number ensures). Reported as the number being taken.
CREATE FUNCTION check_boundary_marker_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  IF NEW.deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM boundary_markers m
    WHERE m.line_id = NEW.line_id AND m.id <> NEW.id AND m.deleted_at IS NULL
      AND left(right(m.number, 4), 3) = left(right(NEW.number, 4), 3)
      AND (m.kind <> NEW.kind OR NEW.kind = 'single')
  ) THEN
    RAISE EXCEPTION 'sequence of % is taken on line %', NEW.number, NEW.line_id
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'boundary_markers_number_key';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER boundary_markers_sequence BEFORE INSERT OR UPDATE ON boundary_markers
  FOR EACH ROW EXECUTE FUNCTION check_boundary_marker_sequence();
CREATE TRIGGER boundary_markers_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON boundary_markers
  FOR EACH STATEMENT EXECUTE FUNCTION note_table_change();
INSERT INTO table_changes (table_name) VALUES ('boundary_markers');

-- Joint-inspection rounds (联检轮次), every five years.
CREATE TABLE boundary_rounds (
  number integer PRIMARY KEY CHECK (number BETWEEN 1 AND 99),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  -- The plan document (联检工作方案): its reference and, when scanned, the file.
  plan_document text CHECK (length(plan_document) <= 500),
  plan_file_id bigint REFERENCES files (id),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'recorded'))
);

-- One inspection per line per round. `findings_version` counts the changes to what the two
-- sides confirm (the findings, the changes along the line, the disputes).
CREATE TABLE boundary_inspections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_number integer NOT NULL REFERENCES boundary_rounds (number),
  line_id text NOT NULL REFERENCES boundary_lines (id),
  status text NOT NULL CHECK (status IN ('not_started', 'planned', 'in_field', 'agreed', 'report_filed', 'archived')),
  planned_on date,
  started_on date,
  agreed_at timestamptz,
  filed_on date,
  findings_version integer NOT NULL DEFAULT 0 CHECK (findings_version >= 0),
  report_file_id bigint REFERENCES files (id),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'recorded')),
  -- The line as it was inspected (copied from boundary_lines), so that the OGC collection
  -- of inspections draws each on the map.
  geom geometry(MultiLineString, 4326) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_number, line_id)
);
CREATE INDEX boundary_inspections_line_idx ON boundary_inspections (line_id);
CREATE INDEX boundary_inspections_geom_idx ON boundary_inspections USING gist (geom);

-- A marker's finding in an inspection: one per marker, replaced when recorded again.
CREATE TABLE boundary_findings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES boundary_inspections (id),
  marker_id bigint NOT NULL REFERENCES boundary_markers (id),
  condition text NOT NULL CHECK (condition IN ('intact', 'damaged', 'missing', 'displaced', 'repainted', 'rebuilt')),
  note text CHECK (length(note) <= 2000),
  photo_ids bigint[] NOT NULL DEFAULT '{}',
  -- Where the marker was found (a phone's or a survey's position), with the GPS accuracy in metres.
  measured geometry(Point, 4326),
  measured_elevation_m double precision CHECK (measured_elevation_m BETWEEN -500 AND 9000),
  accuracy_m double precision CHECK (accuracy_m BETWEEN 0 AND 1000),
  -- Metres on the ellipsoid (WGS 84 / CGCS2000) from the registered position to the measured one.
  displacement_m double precision CHECK (displacement_m >= 0),
  -- Whether the measured position becomes the registered one once both sides agree.
  register_measured boolean NOT NULL DEFAULT false,
  repairs text CHECK (length(repairs) <= 2000),
  repaired_by text,
  side_code text NOT NULL,
  recorded_by bigint REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  findings_version integer NOT NULL,
  UNIQUE (inspection_id, marker_id),
  CHECK (NOT register_measured OR measured IS NOT NULL),
  CHECK ((measured IS NULL) = (displacement_m IS NULL))
);

-- Changes along the line: new roads, construction across it, a river that moved.
CREATE TABLE boundary_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES boundary_inspections (id),
  kind text NOT NULL CHECK (kind IN ('road', 'construction', 'river_shift', 'other')),
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  geom geometry(Geometry, 4326) NOT NULL,
  photo_ids bigint[] NOT NULL DEFAULT '{}',
  side_code text NOT NULL,
  recorded_by bigint REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  findings_version integer NOT NULL
);
CREATE INDEX boundary_changes_inspection_idx ON boundary_changes (inspection_id);

-- Disputes raised in an inspection (界线争议).
CREATE TABLE boundary_disputes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES boundary_inspections (id),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 2000),
  geom geometry(Geometry, 4326),
  since date,
  status text NOT NULL CHECK (status IN ('open', 'negotiating', 'resolved')),
  file_ids bigint[] NOT NULL DEFAULT '{}',
  side_code text NOT NULL,
  recorded_by bigint REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  findings_version integer NOT NULL
);
CREATE INDEX boundary_disputes_inspection_idx ON boundary_disputes (inspection_id);

-- What changed in each version of an inspection's findings, so that a confirmation of an
-- older version can say what has changed since.
CREATE TABLE boundary_inspection_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES boundary_inspections (id),
  findings_version integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('finding', 'change', 'dispute')),
  -- e.g. {"number": "41044110003Q", "condition": "displaced"} for a finding.
  summary jsonb NOT NULL,
  side_code text NOT NULL,
  user_id bigint REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX boundary_inspection_events_idx ON boundary_inspection_events (inspection_id, findings_version);

-- A side's confirmation of one version of the findings. The sample's (generated) ones name
-- a team, not a user.
CREATE TABLE boundary_confirmations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES boundary_inspections (id),
  side_code text NOT NULL,
  user_id bigint REFERENCES users (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  findings_version integer NOT NULL,
  confirmed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX boundary_confirmations_idx ON boundary_confirmations (inspection_id, side_code, findings_version);

-- Registered positions changed by agreed findings: the marker's history of positions.
CREATE TABLE boundary_marker_registrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  marker_id bigint NOT NULL REFERENCES boundary_markers (id),
  inspection_id bigint NOT NULL REFERENCES boundary_inspections (id),
  findings_version integer NOT NULL,
  old_geom geometry(Point, 4326) NOT NULL,
  new_geom geometry(Point, 4326) NOT NULL,
  old_elevation_m double precision,
  new_elevation_m double precision,
  registered_at timestamptz NOT NULL DEFAULT now()
);

-- The line's archive (界线档案): agreement scans, inspection record forms, photos, reports.
CREATE TABLE boundary_line_files (
  line_id text NOT NULL REFERENCES boundary_lines (id),
  file_id bigint NOT NULL REFERENCES files (id),
  kind text NOT NULL CHECK (kind IN ('agreement', 'record_form', 'photo', 'report', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  round_number integer REFERENCES boundary_rounds (number),
  added_by bigint REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (line_id, file_id)
);

CREATE TRIGGER boundary_inspections_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON boundary_inspections
  FOR EACH STATEMENT EXECUTE FUNCTION note_table_change();
CREATE TRIGGER boundary_findings_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON boundary_findings
  FOR EACH STATEMENT EXECUTE FUNCTION note_table_change();
INSERT INTO table_changes (table_name) VALUES ('boundary_inspections'), ('boundary_findings');
