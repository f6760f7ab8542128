import { fieldLabel } from '../i18n/errors'
import type { strings } from '../i18n'
import { sphericalDistance } from '../map/spherical-distance'
import { formatValue, registerOf } from '../registers/registers'

type Labels = ReturnType<typeof strings>
type Change = { old: unknown; new: unknown }

/** A distance for people, in the interface's words: metres below 1 km, else km with one decimal. */
function distanceText(m: number, s: Labels): string {
  return m < 1000 ? `${Math.round(m)} ${s.metres}` : `${(m / 1000).toFixed(1)} ${s.km}`
}

function geometryText(change: Change, s: Labels): string {
  const [a, b] = [change.old, change.new] as ({ type?: string; coordinates?: number[] } | null)[]
  if (a?.type === 'Point' && b?.type === 'Point') return s.auditMoved.replace('{distance}', distanceText(sphericalDistance(a.coordinates!, b.coordinates!), s))
  if (!a) return s.auditPlaced
  if (!b) return s.auditRemoved
  return s.auditReshaped
}

/** One value of a field in people's words: a register's labels, role names, county names. */
function valueText(table: string, field: string, value: unknown, s: Labels, countyName: (code: string) => string): string {
  if (value === null || value === undefined || value === '') return '—'
  const register = registerOf(table)
  const spec = register?.fields.find((f) => f.key === field)
  if (spec) return formatValue(spec, value, s) || '—'
  if (field === 'roles' && Array.isArray(value)) return value.map((r) => s.roleNames[String(r)] ?? r).join(s.listSeparator) || '—'
  if (field === 'county_codes' && Array.isArray(value)) return value.length ? value.map((c) => countyName(String(c))).join(s.listSeparator) : s.allCounties
  if (field === 'county_code' || field === 'admin_code') return countyName(String(value))
  if (field === 'kind' && table === 'townships') return s.kinds[String(value)] ?? String(value)
  if (typeof value === 'boolean') return value ? s.yes : s.no
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/**
 * What an audit entry changed, one line per field, in people's words: field labels, kind
 * and status labels, county names, and "位置已移动 120 米" for a point that moved.
 * @example describeChanges('eldercare_facilities', { beds: { old: 40, new: 60 } }, zhCN, (c) => c) // ['床位：40 → 60']
 */
export function describeChanges(table: string, changes: Record<string, Change>, s: Labels, countyName: (code: string) => string): string[] {
  return Object.entries(changes).map(([field, change]) => {
    if (field === 'geometry') return geometryText(change, s)
    if (field === 'password') return s.auditPasswordChanged
    const label = fieldLabel(field)
    const before = valueText(table, field, change.old, s, countyName)
    const after = valueText(table, field, change.new, s, countyName)
    if (change.old === null || change.old === undefined) return `${label}${s.colon}${after}`
    return `${label}${s.colon}${before} → ${after}`
  })
}
