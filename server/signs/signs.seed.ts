import sharp from 'sharp'
import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import type { DataFeature } from '../db/seed'
import { sql } from '../db/sql'
import { PHOTO_POLICY, storeFile } from '../files/files'
import { escapeHtml } from './html'

const Count = z.object({ n: z.number() })
const PhotoRow = z.object({ id: z.coerce.number(), name: z.string(), code: z.string(), condition: z.string(), inspected_at: z.string() })

const CONDITION_NAMES: Record<string, string> = { soiled: '污损', faded: '褪色', tilted: '倾斜变形', broken: '破损', missing: '缺失', obstructed: '遮挡', wrong_content: '内容错误' }

/** A generated stand-in for an inspection photo: a JPEG that says on its face that it is generated. */
export function samplePhoto(p: { name: string; code: string; condition: string; date: string }): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9db8cf"/><stop offset="1" stop-color="#d9e2e8"/></linearGradient></defs>
<rect width="800" height="600" fill="url(#sky)"/><rect y="430" width="800" height="170" fill="#7d8a78"/>
<rect x="392" y="250" width="16" height="300" fill="#6b6f73"/>
<g transform="rotate(${p.condition === 'tilted' ? 8 : 0} 400 230)"><rect x="210" y="160" width="380" height="130" rx="6" fill="${p.condition === 'faded' ? '#7f9bb8' : '#0b4f8a'}" stroke="#fff" stroke-width="6"/>
<text x="400" y="228" font-size="56" font-family="Noto Sans CJK SC, sans-serif" fill="#fff" text-anchor="middle">${escapeHtml(p.name)}</text></g>
<rect x="0" y="0" width="800" height="56" fill="#000000a0"/>
<text x="20" y="38" font-size="28" font-family="Noto Sans CJK SC, sans-serif" fill="#fff">示例照片（生成）Generated sample photo · ${escapeHtml(p.code)}</text>
<text x="20" y="580" font-size="26" font-family="Noto Sans CJK SC, sans-serif" fill="#fff">${escapeHtml(CONDITION_NAMES[p.condition] ?? p.condition)} · ${escapeHtml(p.date)}</text></svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 72 }).toBuffer()
}

/**
 * Inserts the sample signs (data/<city>/sample/signs.geojson) with their inspections,
 * follow-ups, public reports and generated photos. Times are day offsets before now, so a
 * sample loaded today has the overdue signs that the generator meant.
 * @returns how many signs it inserted.
 */
export async function insertSampleSigns(db: CommonQueryMethods, features: DataFeature[]): Promise<number> {
  const data = sql.jsonb(features as never)
  const n = await db.oneFirst(sql.type(Count)`
    WITH ins AS (
      INSERT INTO signs (code, sign_type, place_name_id, bearing, road_side, width_mm, height_mm, material, installer, installed_on, status, data_source, geom)
      SELECT p->>'code', p->>'sign_type', pn.id, (p->>'bearing')::int, p->>'road_side', (p->>'width_mm')::int, (p->>'height_mm')::int,
             p->>'material', p->>'installer', (now() AT TIME ZONE 'Asia/Shanghai')::date - (p->>'installed_days_ago')::int, p->>'status',
             p->>'data_source', ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
      FROM jsonb_array_elements(${data}) WITH ORDINALITY AS e(f, n)
      CROSS JOIN LATERAL (SELECT f->'properties' AS p) x
      JOIN place_names pn ON pn.code = p->>'place_name_code' AND pn.deleted_at IS NULL
      ORDER BY n
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)

  const photos = await db.any(sql.type(PhotoRow)`
    WITH src AS MATERIALIZED (
      SELECT s.id AS sign_id, s.geom AS sign_geom, i, now() - make_interval(days => (i->>'days_ago')::int, hours => 3) AS at
      FROM jsonb_array_elements(${data}) f
      CROSS JOIN LATERAL jsonb_array_elements(f->'properties'->'inspections') i
      JOIN signs s ON s.code = f->'properties'->>'code'),
    ins AS (
      INSERT INTO sign_inspections (sign_id, inspector, inspected_at, condition, notes, geom, accuracy_m, distance_m, data_source)
      SELECT sign_id, i->>'inspector', at, i->>'condition', i->>'notes', g, (i->>'accuracy_m')::float8, ST_Distance(g::geography, sign_geom::geography), 'generated'
      FROM src CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint((i->'position'->>0)::float8, (i->'position'->>1)::float8), 4326) AS g) p
      RETURNING id, sign_id, inspected_at, condition),
    items AS (
      INSERT INTO sign_work_items (sign_id, source, inspection_id, description, action, state, assignee, due_on, completed_by, completed_at, data_source, created_at)
      SELECT ins.sign_id, 'inspection', ins.id, src.i->>'notes', u->>'action', u->>'state', u->>'assignee',
             (now() AT TIME ZONE 'Asia/Shanghai')::date + (u->>'due_in_days')::int,
             CASE WHEN u->>'state' = 'done' THEN '维护班组（示例）' END,
             CASE WHEN u->>'state' = 'done' THEN now() - make_interval(days => (u->>'completed_days_ago')::int) END,
             'generated', ins.inspected_at
      FROM ins JOIN src ON src.sign_id = ins.sign_id AND src.at = ins.inspected_at
      CROSS JOIN LATERAL (SELECT src.i->'follow_up' AS u) x
      -- A data-modifying CTE runs whether or not it is read.
      WHERE u IS NOT NULL)
    SELECT ins.id, pn.name, s.code, ins.condition, to_char(ins.inspected_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS inspected_at
    FROM ins JOIN src ON src.sign_id = ins.sign_id AND src.at = ins.inspected_at
    JOIN signs s ON s.id = ins.sign_id JOIN place_names pn ON pn.id = s.place_name_id
    WHERE (src.i->>'photo')::boolean
    ORDER BY ins.id`)

  for (const photo of photos) {
    const bytes = await samplePhoto({ name: photo.name, code: photo.code, condition: photo.condition, date: photo.inspected_at })
    const stored = await storeFile(db, bytes, { policy: PHOTO_POLICY, field: 'photo', name: `sample-${photo.code}.jpg` })
    await db.query(sql.typeAlias('void')`UPDATE sign_inspections SET photo_ids = ARRAY[${stored.id}::bigint] WHERE id = ${photo.id}`)
    await db.query(sql.typeAlias('void')`UPDATE sign_work_items SET photo_ids = ARRAY[${stored.id}::bigint] WHERE inspection_id = ${photo.id}`)
  }

  await db.query(sql.typeAlias('void')`
    INSERT INTO sign_work_items (sign_id, source, problem, description, contact, state, action, dismiss_reason, completed_by, completed_at, data_source, created_at)
    SELECT s.id, 'public', r->>'problem', r->>'description', r->>'contact', r->>'state',
           CASE WHEN r->>'state' = 'done' THEN 'repair' END, r->>'dismiss_reason',
           CASE WHEN r->>'state' = 'done' THEN '维护班组（示例）' END,
           CASE WHEN r->>'state' = 'done' THEN now() - make_interval(days => greatest(0, (r->>'days_ago')::int - 1)) END,
           'generated', now() - make_interval(days => (r->>'days_ago')::int)
    FROM jsonb_array_elements(${data}) f
    CROSS JOIN LATERAL jsonb_array_elements(f->'properties'->'reports') r
    JOIN signs s ON s.code = f->'properties'->>'code'`)

  // Each sign's latest inspection; a latest finding of 破损 or 缺失 makes it damaged.
  await db.query(sql.typeAlias('void')`
    UPDATE signs SET last_inspected_at = l.inspected_at, last_condition = l.condition,
      status = CASE WHEN l.condition IN ('broken', 'missing') AND signs.status = 'in_use' THEN 'damaged' ELSE signs.status END
    FROM (SELECT DISTINCT ON (sign_id) sign_id, inspected_at, condition FROM sign_inspections WHERE data_source = 'generated'
          ORDER BY sign_id, inspected_at DESC) l
    WHERE l.sign_id = signs.id AND signs.data_source = 'generated'`)
  return n
}
