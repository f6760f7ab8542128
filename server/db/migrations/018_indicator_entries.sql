-- Figures of the plan's indicator table (专栏1) that an administrator enters: each entry
-- keeps its value, its source and the date it is for. Entries are never changed or
-- removed: a correction is a new entry, so the history of every row stays whole (the
-- current value is the entry for the latest date, the newest entry among those).
CREATE TABLE indicator_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The row's number in 专栏1 (1-13).
  indicator smallint NOT NULL CHECK (indicator BETWEEN 1 AND 13),
  value double precision NOT NULL,
  -- The second figure a row compares against (row 1: the growth of per-capita
  -- consumption; row 12: the local minimum-living standard); null for the other rows.
  comparison_value double precision,
  -- The document the figure comes from, and the department that issued it.
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  department text CHECK (length(department) BETWEEN 1 AND 100),
  as_of date NOT NULL CHECK (as_of >= DATE '2020-01-01'),
  note text CHECK (length(note) <= 1000),
  entered_by bigint REFERENCES users (id),
  entered_by_name text NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX indicator_entries_indicator_idx ON indicator_entries (indicator, as_of DESC, id DESC);

CREATE FUNCTION indicator_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'indicator_entries is append-only: enter a new figure instead';
END;
$$;

CREATE TRIGGER indicator_entries_append_only BEFORE UPDATE OR DELETE ON indicator_entries
  FOR EACH ROW EXECUTE FUNCTION indicator_entries_append_only();
