-- QR place-name signs (二维码地名标志牌), their inspections (巡检), the repair queue, scan
-- counts and the public report form's rate limits.

-- One row: settings every server process shares.
CREATE TABLE sign_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- A sign not inspected within this many months is overdue.
  inspection_months integer NOT NULL DEFAULT 12 CHECK (inspection_months BETWEEN 1 AND 120),
  -- The key of the report form's time proof, made by the first process that needs it.
  report_secret text CHECK (length(report_secret) >= 32)
);
INSERT INTO sign_settings DEFAULT VALUES;

CREATE TABLE signs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- County-level code, a 5-digit serial and an ISO 7064 MOD 11-2 check character (41040200017X).
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{11}[0-9X]$'),
  -- The six national types (民地标〔2006〕1号), server/signs/signs.schemas.ts.
  sign_type text NOT NULL CHECK (sign_type IN ('admin_area', 'residential_street', 'house_number', 'natural_feature',
                                               'building_station', 'auxiliary')),
  place_name_id bigint NOT NULL REFERENCES place_names (id),
  -- The text printed on the sign: the place name's when it was made; a rename leaves it behind.
  printed_name text NOT NULL,
  printed_spelling text NOT NULL,
  -- Set by a trigger when the place name's name or spelling changes, whoever changes it; cleared by a replacement.
  content_outdated boolean NOT NULL DEFAULT false,
  content_outdated_since timestamptz,
  -- The direction the sign's face looks to, degrees clockwise from north.
  bearing integer CHECK (bearing BETWEEN 0 AND 359),
  road_side text CHECK (road_side IN ('north', 'east', 'south', 'west', 'junction')),
  width_mm integer CHECK (width_mm BETWEEN 50 AND 10000),
  height_mm integer CHECK (height_mm BETWEEN 50 AND 10000),
  material text CHECK (material IN ('aluminium', 'stainless_steel', 'enamel', 'reflective_film', 'stone', 'other')),
  installer text CHECK (length(installer) <= 200),
  installed_on date,
  status text NOT NULL CHECK (status IN ('in_use', 'damaged', 'removed')),
  -- The latest inspection's time and condition (kept by the inspection queries).
  last_inspected_at timestamptz,
  last_condition text,
  data_source text NOT NULL CHECK (data_source IN ('generated', 'register')),
  geom geometry(Point, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz
);
CREATE INDEX signs_geom_idx ON signs USING gist (geom);
-- ::geography for the nearest signs to a phone and distances in metres.
CREATE INDEX signs_geog_idx ON signs USING gist ((geom::geography));
CREATE INDEX signs_place_name_idx ON signs (place_name_id);

CREATE FUNCTION sign_printed_text() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pn record;
BEGIN
  SELECT name, roman_spelling INTO pn FROM place_names WHERE id = NEW.place_name_id;
  -- Said as the foreign key would say it, which is checked only after this trigger.
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'signs_place_name_id_fkey',
      MESSAGE = format('place name %s does not exist', NEW.place_name_id);
  END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.printed_name := coalesce(NEW.printed_name, pn.name);
    NEW.printed_spelling := coalesce(NEW.printed_spelling, pn.roman_spelling);
  ELSIF (to_jsonb(NEW) - 'version' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'version' - 'updated_at') THEN
    -- Only a real change moves it: a write of the same values leaves it.
    NEW.updated_at := now();
  END IF;
  -- Pointed at another name, the sign as printed is outdated unless it already shows that name.
  IF (TG_OP = 'INSERT' OR NEW.place_name_id IS DISTINCT FROM OLD.place_name_id)
     AND (NEW.printed_name IS DISTINCT FROM pn.name OR NEW.printed_spelling IS DISTINCT FROM pn.roman_spelling) THEN
    NEW.content_outdated := true;
    NEW.content_outdated_since := coalesce(NEW.content_outdated_since, now());
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER signs_printed_text BEFORE INSERT OR UPDATE ON signs FOR EACH ROW EXECUTE FUNCTION sign_printed_text();

-- A renamed (or respelled) place name flags every sign that shows the old text.
CREATE FUNCTION flag_outdated_signs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE signs SET content_outdated = true, content_outdated_since = now()
  WHERE place_name_id = NEW.id AND NOT content_outdated AND deleted_at IS NULL
    AND (printed_name IS DISTINCT FROM NEW.name OR printed_spelling IS DISTINCT FROM NEW.roman_spelling);
  RETURN NULL;
END $$;
CREATE TRIGGER place_names_flag_signs AFTER UPDATE OF name, roman_spelling ON place_names
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.roman_spelling IS DISTINCT FROM NEW.roman_spelling)
  EXECUTE FUNCTION flag_outdated_signs();

CREATE TABLE sign_inspections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sign_id bigint NOT NULL REFERENCES signs (id),
  inspector_id bigint REFERENCES users (id),
  inspector text NOT NULL CHECK (length(inspector) BETWEEN 1 AND 100),
  inspected_at timestamptz NOT NULL,
  condition text NOT NULL CHECK (condition IN ('intact', 'soiled', 'faded', 'tilted', 'broken', 'missing', 'obstructed', 'wrong_content')),
  notes text CHECK (length(notes) <= 2000),
  -- files(id) of the photos (server/files), checked when recorded.
  photo_ids bigint[] NOT NULL DEFAULT '{}',
  -- Where the phone was, and its GPS accuracy in metres.
  geom geometry(Point, 4326) NOT NULL,
  accuracy_m double precision CHECK (accuracy_m >= 0 AND accuracy_m <= 100000),
  -- From the sign's registered position, on the spheroid, when recorded.
  distance_m double precision NOT NULL CHECK (distance_m >= 0),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'register')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_inspections_sign_idx ON sign_inspections (sign_id, inspected_at DESC);
CREATE INDEX sign_inspections_geom_idx ON sign_inspections USING gist (geom);

-- The repair queue: public reports, inspection follow-ups and other work, in one table.
CREATE TABLE sign_work_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sign_id bigint NOT NULL REFERENCES signs (id),
  source text NOT NULL CHECK (source IN ('public', 'inspection', 'other')),
  -- What a public report says is wrong.
  problem text CHECK (problem IN ('damaged', 'missing', 'wrong_content', 'obstructed', 'other')),
  inspection_id bigint REFERENCES sign_inspections (id),
  -- As given, shown escaped wherever it is shown.
  description text CHECK (length(description) <= 2000),
  contact text CHECK (length(contact) <= 200),
  photo_ids bigint[] NOT NULL DEFAULT '{}',
  action text CHECK (action IN ('repair', 'replace', 'remove')),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'assigned', 'done', 'merged', 'dismissed')),
  assignee text CHECK (length(assignee) BETWEEN 1 AND 100),
  due_on date,
  completed_by_id bigint REFERENCES users (id),
  completed_by text,
  completed_at timestamptz,
  completion_note text CHECK (length(completion_note) <= 2000),
  completion_photo_ids bigint[] NOT NULL DEFAULT '{}',
  merged_into bigint REFERENCES sign_work_items (id),
  dismiss_reason text CHECK (length(dismiss_reason) BETWEEN 1 AND 500),
  -- The report form's single-use proof: a replayed form is refused.
  report_nonce text UNIQUE,
  data_source text NOT NULL DEFAULT 'register' CHECK (data_source IN ('generated', 'register')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (state <> 'done' OR completed_at IS NOT NULL),
  CHECK (state <> 'merged' OR merged_into IS NOT NULL),
  CHECK (state <> 'dismissed' OR dismiss_reason IS NOT NULL)
);
CREATE INDEX sign_work_items_sign_idx ON sign_work_items (sign_id);
CREATE INDEX sign_work_items_state_idx ON sign_work_items (state, created_at);

-- Scans of a sign's page per day: a count, nothing about who scanned.
CREATE TABLE sign_scans (
  sign_id bigint NOT NULL REFERENCES signs (id),
  day date NOT NULL,
  count integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (sign_id, day)
);

-- Counters of the public report form per bucket (a keyed hash of an address, or a sign)
-- and window: one row each, incremented atomically, so every server process sees them.
CREATE TABLE sign_rate_limits (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['signs', 'sign_inspections'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION note_table_change()', t || '_changes', t);
    INSERT INTO table_changes (table_name) VALUES (t);
  END LOOP;
END $$;
