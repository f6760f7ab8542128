import type { Feature, FeatureCollection, Position } from 'geojson'
import { pointInArea } from '../map/point-in-area'
import type { Register } from './registers'
import { setCountyNames } from '../i18n/errors'

/** What the planner narrows the registers to; the map, the layer panel and the table all show the same. */
export type Filters = {
  /** Register collections switched off. */
  hiddenRegisters: Set<string>
  /** `collection/kind` pairs switched off. */
  hiddenKinds: Set<string>
  /** The status shown, or '' for all. */
  status: string
  /** County-level code, or '' for the whole city. */
  county: string
  /** '' = all records, '*' = those failing any rule check, or one rule check's id. */
  rule: string
}

/** A record picked on the map or in the table. */
export type Selection = { collection: string; id: string | number } | null

const features = new Map<string, Feature[]>()
const listeners = new Set<() => void>()
const selectionListeners = new Set<(selection: Selection) => void>()
let selection: Selection = null

/** The current filters; change them with `setFilters`. */
export const filters: Filters = { hiddenRegisters: new Set(), hiddenKinds: new Set(), status: '', county: '', rule: '' }

/** Calls `listener` whenever the records or the filters change. */
export function onRecordsChange(listener: () => void): void {
  listeners.add(listener)
}

function changed() {
  for (const listener of listeners) listener()
}

/** Replaces a register's records with a freshly loaded collection. */
export function setRecords(collection: string, data: FeatureCollection): void {
  features.set(collection, data.features)
  changed()
}

/** Puts a record as the server returned it after a write in place of its old copy (or adds it). */
export function putRecord(collection: string, record: Feature): void {
  const others = (features.get(collection) ?? []).filter((f) => f.id !== record.id)
  features.set(collection, [...others, record])
  changed()
}

/** Takes out a deleted record. */
export function removeRecord(collection: string, id: string | number): void {
  features.set(collection, (features.get(collection) ?? []).filter((f) => f.id !== id))
  changed()
}

/** Applies a change to the filters and tells every view. */
export function setFilters(change: (f: Filters) => void): void {
  change(filters)
  changed()
}

const failedRules = (f: Feature) => String(f.properties?.rules_failed ?? '').split(',').filter(Boolean)

/** Whether a record passes every filter but its register's and kind's switches (those the layer panel counts under). */
function matchesAttributes(f: Feature): boolean {
  const p = f.properties ?? {}
  if (filters.status && p.status !== filters.status) return false
  if (filters.county && p.county_code !== filters.county) return false
  if (filters.rule === '*' && failedRules(f).length === 0) return false
  if (filters.rule && filters.rule !== '*' && !failedRules(f).includes(filters.rule)) return false
  return true
}

/** Every loaded record of a register. */
export function allRecords(register: Register): Feature[] {
  return features.get(register.collection) ?? []
}

/** The records of a register that the filters let through, as the map and the table show them. */
export function visibleRecords(register: Register): Feature[] {
  if (filters.hiddenRegisters.has(register.collection)) return []
  return allRecords(register).filter(
    (f) => !filters.hiddenKinds.has(`${register.collection}/${f.properties?.[register.kindKey]}`) && matchesAttributes(f),
  )
}

/** Per kind, how many of a register's records pass the status, county and rule filters. */
export function kindCounts(register: Register): Map<string, number> {
  const counts = new Map<string, number>()
  for (const f of allRecords(register)) {
    if (!matchesAttributes(f)) continue
    const kind = String(f.properties?.[register.kindKey])
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return counts
}

/** The selected record, if any. */
export function selected(): Selection {
  return selection
}

/** Selects a record (or nothing) and tells the map and the table. */
export function select(next: Selection): void {
  selection = next
  for (const listener of selectionListeners) listener(selection)
}

/** Calls `listener` whenever the selection changes. */
export function onSelect(listener: (selection: Selection) => void): void {
  selectionListeners.add(listener)
}

/** The loaded record with this id, if any. */
export function findRecord(collection: string, id: string | number): Feature | undefined {
  return features.get(collection)?.find((f) => f.id === id)
}

let counties: { code: string; name: string }[] = []

/** The city's own county-level units, by code (filled when the counties load). */
export function setHomeCounties(list: { code: string; name: string }[]): void {
  counties = [...list].sort((a, b) => a.code.localeCompare(b.code))
  setCountyNames(counties.map((c) => [c.code, c.name]))
  changed()
}

/** The city's own county-level units, ordered by code. */
export function homeCounties(): { code: string; name: string }[] {
  return counties
}

/** A county-level unit's name, or its code when unknown. */
export function countyName(code: string | null | undefined): string {
  return counties.find((c) => c.code === code)?.name ?? String(code ?? '')
}

type AreaKind = 'townships' | 'counties' | 'communities'
let areas: Record<AreaKind, Feature[]> = { townships: [], counties: [], communities: [] }
const areaListeners = new Set<(kind: AreaKind) => void>()

/**
 * The loaded townships, county-level units (the city's and its neighbours') and
 * communities, for `countyAt`, zooming to a county and the coverage mode.
 */
export function setAreas(kind: AreaKind, list: Feature[]): void {
  areas = { ...areas, [kind]: list }
  for (const listener of areaListeners) listener(kind)
}

/** The loaded features of one kind of area. */
export function areaFeatures(kind: AreaKind): Feature[] {
  return areas[kind]
}

/** Calls `listener` whenever one kind of area is loaded again. */
export function onAreasChange(listener: (kind: AreaKind) => void): void {
  areaListeners.add(listener)
}

/** A township's name, or its code when unknown. */
export function townshipName(code: string): string {
  return String(areas.townships.find((f) => f.properties?.code === code)?.properties?.name ?? code)
}

/** A county-level unit's outline, if loaded. */
export function countyFeature(code: string): Feature | undefined {
  return areas.counties.find((f) => f.properties?.code === code)
}

/**
 * The county-level unit a lon/lat lies in, as the server judges a record's county: that
 * of the township containing it. Outside the city's townships `code` is null and `name`
 * names the county-level unit there (a neighbour's with its city), or is '' outside them all.
 */
export function countyAt(point: Position): { code: string | null; name: string } {
  const township = areas.townships.find((f) => f.geometry && pointInArea(point, f.geometry))
  if (township) {
    const code = String(township.properties?.county_code)
    return { code, name: countyName(code) }
  }
  const county = areas.counties.find((f) => f.geometry && pointInArea(point, f.geometry))?.properties
  return { code: null, name: county ? `${county.is_home ? '' : (county.city_name ?? '')}${county.name ?? ''}` : '' }
}
