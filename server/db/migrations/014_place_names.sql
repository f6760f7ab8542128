-- The place-names register (地名录): one record per standard name, with the fields of the
-- form of the Second National Place-Name Census (第二次全国地名普查).
CREATE TABLE place_names (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The register's code: the county-level code where the name is registered, 'PN' and a
  -- serial number within that county (410425PN00001); null while a name is only proposed.
  code text UNIQUE CHECK (code ~ '^[0-9]{6}PN[0-9]{5}$'),
  -- 标准名称: Han characters (and 〇 ·), no Latin letters or Arabic digits.
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  -- 罗马字母拼写: without tone marks (signs and maps carry none).
  roman_spelling text NOT NULL CHECK (length(roman_spelling) BETWEEN 1 AND 200),
  -- The eight categories of the 2022 《地名管理条例》 art. 3 (server/place-names/romanize.ts).
  category text NOT NULL CHECK (category IN ('natural', 'admin_division', 'village_seat', 'park', 'street',
                                              'residential', 'facility', 'other')),
  -- The generic (通名) kind within the category: 路, 街, 巷, 大道, 桥, 广场, 小区, 山, 河, 县, 镇 …
  sub_kind text CHECK (length(sub_kind) BETWEEN 1 AND 20),
  -- 行政区划代码 of an administrative division (6 or 9 digits).
  division_code text CHECK (division_code ~ '^[0-9]{6}([0-9]{3})?$'),
  meaning text CHECK (length(meaning) <= 2000),
  origin text CHECK (length(origin) <= 2000),
  history text CHECK (length(history) <= 2000),
  description text CHECK (length(description) <= 2000),
  -- Other names in use (别名), plain names.
  aliases text[] NOT NULL DEFAULT '{}',
  -- 曾用名, each written 名称|起年|止年 (either year may be empty when unknown).
  former_names text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('standard', 'proposed', 'abolished')),
  protected boolean NOT NULL DEFAULT false,
  -- The protection list it is on (千年古县, the 2022 条例 art. 25 list …): required when protected.
  protection_list text CHECK (length(protection_list) BETWEEN 1 AND 200),
  -- Where the record comes from (the approval document, the census sheet …).
  source text CHECK (length(source) <= 500),
  data_source text NOT NULL CHECK (data_source IN ('generated', 'census', 'register')),
  geom geometry(Geometry, 4326) NOT NULL
    CHECK (GeometryType(geom) IN ('POINT', 'MULTIPOINT', 'LINESTRING', 'MULTILINESTRING', 'POLYGON', 'MULTIPOLYGON')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  CHECK (NOT protected OR protection_list IS NOT NULL)
);
CREATE INDEX place_names_geom_idx ON place_names USING gist (geom);
-- Fuzzy name search (pg_trgm, migration 001).
CREATE INDEX place_names_name_trgm_idx ON place_names USING gin (name gin_trgm_ops);
CREATE INDEX place_names_category_idx ON place_names (category, status);

CREATE FUNCTION touch_place_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER place_names_touch BEFORE UPDATE ON place_names
  FOR EACH ROW EXECUTE FUNCTION touch_place_name();

CREATE TRIGGER place_names_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_names
  FOR EACH STATEMENT EXECUTE FUNCTION note_table_change();
INSERT INTO table_changes (table_name) VALUES ('place_names');
