import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import type { DataFeature } from '../db/seed'
import { placeNameSearchColumns } from './search-forms'

const Count = z.object({ n: z.number() })

/** Inserts place names from GeoJSON features (properties as in data/<city>/sample/place_names.geojson). */
export async function insertPlaceNames(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  const searchable = features.map((f) => ({ ...f, search: placeNameSearchColumns(f.properties as Parameters<typeof placeNameSearchColumns>[0]) }))
  return db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO place_names (code, name, roman_spelling, category, sub_kind, division_code, meaning, origin, history,
        description, aliases, former_names, status, protected, protection_list, source, data_source, geom,
        search_pinyin, search_initials)
      SELECT p->>'code', p->>'name', p->>'roman_spelling', p->>'category', p->>'sub_kind', p->>'division_code',
             p->>'meaning', p->>'origin', p->>'history', p->>'description',
             ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'aliases', '[]'))),
             ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'former_names', '[]'))),
             p->>'status', coalesce((p->>'protected')::boolean, false), p->>'protection_list', p->>'source', p->>'data_source',
             ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326),
             ARRAY(SELECT jsonb_array_elements_text(f->'search'->'search_pinyin')),
             ARRAY(SELECT jsonb_array_elements_text(f->'search'->'search_initials'))
      FROM jsonb_array_elements(${sql.jsonb(searchable as never)}) WITH ORDINALITY AS e(f, n), LATERAL (SELECT f->'properties' AS p) x
      ORDER BY n
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
}
