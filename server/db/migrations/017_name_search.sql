-- Search as you type over every name on the map (server/place-names/search.queries.ts):
-- one row per searchable form of a name (a place name, each of its aliases and former
-- names; a division, community or facility by its name), with the form's toneless pinyin
-- and initials, kept by triggers on the tables they come from.

-- The pinyin of a place name's forms, filled on write from the name (server/place-names/search-forms.ts):
-- [the standard name, each alias, each former name] in that order, lowercase, without spaces.
ALTER TABLE place_names ADD COLUMN search_pinyin text[], ADD COLUMN search_initials text[];
CREATE INDEX place_names_division_code_idx ON place_names (division_code) WHERE deleted_at IS NULL;

-- The characters and pairs of characters of a name: what a one- or two-character query is
-- found by (a trigram index finds nothing shorter than three characters).
CREATE FUNCTION name_grams(s text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT substr(s, i, 1) AS g FROM generate_series(1, length(s)) i
    UNION ALL
    SELECT substr(s, i, 2) FROM generate_series(1, length(s) - 1) i) x
$$;

CREATE TABLE search_terms (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The collection the record is published in, and its feature id there.
  source text NOT NULL,
  source_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('name', 'alias', 'former')),
  -- C collation: one btree serves both `LIKE 'q%'` and the order of the prefix matches.
  term text COLLATE "C" NOT NULL,
  -- Of a former name: the years it was used (1958–1984), as written.
  years text,
  -- Lowercase toneless pinyin without spaces (zhongxinglu) and the initials (zxl); null until
  -- filled from the name in Node (the database has no pinyin dictionary).
  pinyin text COLLATE "C",
  initials text COLLATE "C",
  grams text[] GENERATED ALWAYS AS (name_grams(term)) STORED,
  -- The place-name category, or the facility's or community's kind.
  category text,
  sub_kind text,
  status text,
  -- 0 standard or in use, 1 proposed or planned, 2 abolished or closed: ranks within a match class.
  status_rank smallint NOT NULL DEFAULT 0,
  spelling text,
  -- Where to fly to: a point on the record, and its extent.
  point geometry(Point, 4326) NOT NULL,
  extent box2d NOT NULL
);
CREATE INDEX search_terms_source_idx ON search_terms (source, source_id);
CREATE INDEX search_terms_term_idx ON search_terms (term);
CREATE INDEX search_terms_pinyin_idx ON search_terms (pinyin);
CREATE INDEX search_terms_initials_idx ON search_terms (initials);
CREATE INDEX search_terms_grams_idx ON search_terms USING gin (grams);
CREATE INDEX search_terms_term_trgm_idx ON search_terms USING gin (term gin_trgm_ops);
CREATE INDEX search_terms_pinyin_trgm_idx ON search_terms USING gin (pinyin gin_trgm_ops);
CREATE INDEX search_terms_unfilled_idx ON search_terms (source) WHERE pinyin IS NULL;

-- A write that changes a name's forms but not their pinyin (an SQL update, an import) leaves
-- the pinyin to be filled again rather than stale.
CREATE FUNCTION place_name_search_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.name, NEW.roman_spelling, NEW.aliases, NEW.former_names) IS DISTINCT FROM (OLD.name, OLD.roman_spelling, OLD.aliases, OLD.former_names)
     AND NEW.search_pinyin IS NOT DISTINCT FROM OLD.search_pinyin THEN
    NEW.search_pinyin := NULL;
    NEW.search_initials := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER place_names_search_stale BEFORE UPDATE ON place_names
  FOR EACH ROW EXECUTE FUNCTION place_name_search_stale();

-- A place name's forms: the name, its aliases, its former names (名称|起年|止年), as rows
-- of search_terms (none for a deleted record). The trigger below writes them for one
-- record; a bulk load can write them for many in one statement.
CREATE FUNCTION place_name_search_rows(p place_names)
RETURNS TABLE (source text, source_id text, kind text, term text, years text, pinyin text, initials text, category text,
               sub_kind text, status text, status_rank smallint, spelling text, point geometry, extent box2d)
LANGUAGE sql STABLE AS $$
  SELECT 'place_names', p.id::text, f.kind, CASE f.kind WHEN 'former' THEN split_part(f.form, '|', 1) ELSE f.form END,
         CASE f.kind WHEN 'former' THEN nullif(split_part(f.form, '|', 2) || '–' || split_part(f.form, '|', 3), '–') END,
         p.search_pinyin[f.n], p.search_initials[f.n], p.category, p.sub_kind, p.status,
         (CASE p.status WHEN 'standard' THEN 0 WHEN 'proposed' THEN 1 ELSE 2 END)::smallint,
         p.roman_spelling, ST_PointOnSurface(p.geom), Box2D(p.geom)
  FROM (SELECT u.form, u.n, CASE WHEN u.n = 1 THEN 'name' WHEN u.n <= 1 + cardinality(p.aliases) THEN 'alias' ELSE 'former' END AS kind
        FROM unnest(ARRAY[p.name] || p.aliases || p.former_names) WITH ORDINALITY u(form, n)) f
  WHERE p.deleted_at IS NULL
$$;

CREATE FUNCTION place_name_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM search_terms WHERE source = 'place_names' AND source_id = OLD.id::text;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO search_terms (source, source_id, kind, term, years, pinyin, initials, category, sub_kind, status, status_rank,
                              spelling, point, extent)
    SELECT * FROM place_name_search_rows(NEW);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER place_names_search AFTER INSERT OR UPDATE OR DELETE ON place_names
  FOR EACH ROW EXECUTE FUNCTION place_name_search_terms();

-- Another published table's names: TG_ARGV[0] the id column, TG_ARGV[1] the kind column (or
-- ''); counties have no deleted_at, the others are deleted softly; the status, where the table has one (planned, operating, closed …), ranks it.
CREATE FUNCTION register_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row jsonb;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM search_terms WHERE source = TG_TABLE_NAME AND source_id = to_jsonb(OLD) ->> TG_ARGV[0];
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    row := to_jsonb(NEW) - 'geom' - 'geom_generalised';
    IF row ->> 'deleted_at' IS NOT NULL THEN
      RETURN NULL;
    END IF;
    INSERT INTO search_terms (source, source_id, kind, term, category, status, status_rank, point, extent)
    VALUES (TG_TABLE_NAME, row ->> TG_ARGV[0], 'name', NEW.name, row ->> TG_ARGV[1], row ->> 'status',
            CASE row ->> 'status' WHEN 'closed' THEN 2 WHEN 'planned' THEN 1 WHEN 'under_construction' THEN 1 ELSE 0 END,
            ST_PointOnSurface(NEW.geom), Box2D(NEW.geom));
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES ('counties', 'code', ''), ('townships', 'code', ''), ('communities', 'code', 'kind'),
                                 ('eldercare_facilities', 'id', 'kind'), ('social_work_stations', 'id', 'tier'),
                                 ('funeral_facilities', 'id', 'kind'), ('cemeteries', 'id', 'kind')) v(t, id, kind) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION register_search_terms(%L, %L)',
                   r.t || '_search', r.t, r.id, r.kind);
    -- Rows already there (a database migrated after seeding): their pinyin is filled on the next search.
    EXECUTE format('INSERT INTO search_terms (source, source_id, kind, term, category, status, status_rank, point, extent)
                    SELECT %L, x.%I::text, ''name'', x.name, (to_jsonb(x) - ''geom'') ->> %L, (to_jsonb(x) - ''geom'') ->> ''status'',
                           CASE (to_jsonb(x) - ''geom'') ->> ''status'' WHEN ''closed'' THEN 2 WHEN ''planned'' THEN 1
                                WHEN ''under_construction'' THEN 1 ELSE 0 END,
                           ST_PointOnSurface(x.geom), Box2D(x.geom)
                    FROM %I x WHERE (to_jsonb(x) - ''geom'') ->> ''deleted_at'' IS NULL', r.t, r.id, r.kind, r.t);
  END LOOP;
END $$;

-- The place names already there (their pinyin is filled on the next search).
INSERT INTO search_terms (source, source_id, kind, term, years, pinyin, initials, category, sub_kind, status, status_rank,
                          spelling, point, extent)
SELECT r.* FROM place_names p, place_name_search_rows(p) r;
