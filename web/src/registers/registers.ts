import { ELDERCARE_KINDS, ELDERCARE_SOURCE } from '../layers/eldercare.layers'
import { FUNERAL_SOURCES } from '../layers/funeral.layers'
import { SOCIAL_WORK_SOURCE, SOCIAL_WORK_STYLE } from '../layers/social-work.layers'
import type { RuleCheckInfo } from '../api/client'
import { currentLang, strings } from '../i18n'
import { countyName } from './store'
import { en } from '../i18n/en'
import { setCollectionTitle } from '../i18n/errors'
import { zhCN } from '../i18n/zh-CN'

type Labels = ReturnType<typeof strings>

/** One attribute of a register's records, as the table shows it and the form edits it. */
export type Field = {
  key: string
  label: (s: Labels) => string
  type: 'text' | 'integer' | 'number' | 'boolean' | 'choice' | 'choices' | 'date'
  /** The values of a choice (or of each item of `choices`), with their labels. */
  options?: readonly string[]
  optionLabel?: (s: Labels, value: string) => string
  nullable?: boolean
  /** Computed by the server (area, county, rule checks): shown, never sent. */
  readOnly?: boolean
  /** How to show a value, where the type's default will not do. */
  format?: (value: unknown, s: Labels) => string
}

/**
 * The items of a list property: the server sends a JSON array, and MapLibre hands back
 * a feature's array properties as JSON text.
 */
export function listValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  const text = String(value ?? '')
  if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map(String)
  return text.split(',').filter(Boolean)
}

/** A record's value as the popup and the table show it (and the CSV export writes it). */
export function formatValue(field: Field, value: unknown, s: Labels): string {
  if (value === null || value === undefined || value === '') return ''
  if (field.format) return field.format(value, s)
  switch (field.type) {
    case 'boolean':
      return value ? s.yes : s.no
    case 'choice':
      return field.optionLabel?.(s, String(value)) ?? String(value)
    case 'choices':
      return listValue(value).map((v) => field.optionLabel?.(s, v) ?? v).join(s.listSeparator)
    default:
      return String(value)
  }
}

/** A facility register: its OGC collection, its map source and layers, its kinds and fields. */
export type Register = {
  collection: 'eldercare_facilities' | 'social_work_stations' | 'funeral_facilities' | 'cemeteries'
  source: string
  /** The layers that draw its features (clicks, selection). */
  layers: string[]
  geometry: 'Point' | 'Polygon'
  title: (s: Labels) => string
  /** The property that tells its kinds apart (the layer panel turns kinds on and off). */
  kindKey: string
  kinds: readonly string[]
  kindLabel: (s: Labels, kind: string) => string
  kindColour: (kind: string) => string
  /** What else its symbols say, for the legend: a swatch (CSS) and its meaning. */
  legendKeys?: { swatch: string; label: (s: Labels) => string }[]
  fields: Field[]
}

/** The statuses every register's records go through. */
export const STATUSES = ['planned', 'under_construction', 'operating', 'closed'] as const
const SOURCES = ['generated', 'register', 'survey'] as const

const name: Field = { key: 'name', label: (s) => s.fieldNames.name, type: 'text' }
const county: Field = { key: 'county_code', label: (s) => s.county, type: 'text', readOnly: true, format: (v) => countyName(String(v)) }
const status: Field = { key: 'status', label: (s) => s.status, type: 'choice', options: STATUSES, optionLabel: (s, v) => s.statuses[v] ?? v }
const dataSource: Field = { key: 'data_source', label: (s) => s.fieldNames.data_source, type: 'choice', options: SOURCES, optionLabel: (s, v) => s.dataSources[v] ?? v }
const rulesFailed: Field = {
  key: 'rules_failed',
  label: (s) => s.rulesFailed,
  type: 'text',
  readOnly: true,
  format: (v) => String(v).split(',').map((id) => ruleTitle(id)).join('；'),
}
const percent = (v: unknown) => `${v}%`
const int = (key: string, label: (s: Labels) => string): Field => ({ key, label, type: 'integer' })
const bool = (key: string, label: (s: Labels) => string): Field => ({ key, label, type: 'boolean' })

const ELDERCARE_COLOURS = new Map<string, string>(ELDERCARE_KINDS)
const ELDERCARE_KIND_IDS = ELDERCARE_KINDS.map(([kind]) => kind)
const TIERS = ['guidance_centre', 'township_station', 'community_room'] as const
const FUNERAL_KINDS = ['funeral_home', 'service_station', 'columbarium'] as const
const CEMETERY_KINDS = ['urban_public', 'rural_public', 'commercial'] as const
const SIX_HAVES = ['has_premises', 'has_equipment', 'has_staff', 'has_services', 'has_procedures', 'has_rules'] as const

/** The four facility registers, in the order the panels list them. */
export const REGISTERS: Register[] = [
  {
    collection: 'eldercare_facilities',
    source: ELDERCARE_SOURCE,
    layers: ['eldercare-facilities'],
    geometry: 'Point',
    title: (s) => s.eldercare,
    kindKey: 'kind',
    kinds: ELDERCARE_KIND_IDS,
    kindLabel: (s, k) => s.eldercareKinds[k] ?? k,
    kindColour: (k) => ELDERCARE_COLOURS.get(k) ?? '#7f8c8d',
    fields: [
      name,
      { key: 'kind', label: (s) => s.kind, type: 'choice', options: ELDERCARE_KIND_IDS, optionLabel: (s, v) => s.eldercareKinds[v] ?? v },
      { key: 'ownership', label: (s) => s.ownership, type: 'choice', options: ['public', 'private', 'public_private'], optionLabel: (s, v) => s.ownerships[v] ?? v },
      status,
      county,
      int('beds', (s) => s.fieldNames.beds),
      int('nursing_beds', (s) => s.fieldNames.nursing_beds),
      int('embedded_beds', (s) => s.fieldNames.embedded_beds),
      { key: 'services', label: (s) => s.services, type: 'choices', options: ['full_time', 'day_care', 'home_visit'], optionLabel: (s, v) => s.serviceNames[v] ?? v },
      bool('medical_integration', (s) => s.medicalIntegration),
      { key: 'grade', label: (s) => s.fieldNames.grade, type: 'integer', nullable: true },
      bool('barrier_free', (s) => s.fieldNames.barrier_free),
      { key: 'opened_on', label: (s) => s.fieldNames.opened_on, type: 'date', nullable: true },
      dataSource,
      rulesFailed,
    ],
  },
  {
    collection: 'social_work_stations',
    source: SOCIAL_WORK_SOURCE,
    layers: ['social-work-stations'],
    geometry: 'Point',
    title: (s) => s.socialWork,
    kindKey: 'tier',
    kinds: TIERS,
    kindLabel: (s, k) => s.tiers[k] ?? k,
    kindColour: () => SOCIAL_WORK_STYLE.colour,
    legendKeys: [{ swatch: `background:${SOCIAL_WORK_STYLE.colour};border:2px solid ${SOCIAL_WORK_STYLE.failingRing}`, label: (s) => s.sixHavesRing }],
    fields: [
      name,
      { key: 'tier', label: (s) => s.kind, type: 'choice', options: TIERS, optionLabel: (s, v) => s.tiers[v] ?? v },
      status,
      county,
      int('staff', (s) => s.fieldNames.staff),
      int('certified_workers', (s) => s.fieldNames.certified_workers),
      ...SIX_HAVES.map((key) => bool(key, (s) => s.fieldNames[key])),
      dataSource,
      rulesFailed,
    ],
  },
  {
    collection: 'funeral_facilities',
    source: FUNERAL_SOURCES.facilities,
    layers: ['funeral-facilities'],
    geometry: 'Point',
    title: (s) => s.funeral,
    kindKey: 'kind',
    kinds: FUNERAL_KINDS,
    kindLabel: (s, k) => s.funeralKinds[k] ?? k,
    kindColour: () => '#34495e',
    fields: [
      name,
      { key: 'kind', label: (s) => s.kind, type: 'choice', options: FUNERAL_KINDS, optionLabel: (s, v) => s.funeralKinds[v] ?? v },
      status,
      county,
      int('capacity', (s) => s.fieldNames.capacity),
      int('used', (s) => s.fieldNames.used),
      dataSource,
    ],
  },
  {
    collection: 'cemeteries',
    source: FUNERAL_SOURCES.cemeteries,
    layers: ['cemeteries-fill'],
    geometry: 'Polygon',
    title: (s) => s.cemeteries,
    kindKey: 'kind',
    kinds: CEMETERY_KINDS,
    kindLabel: (s, k) => s.cemeteryKinds[k] ?? k,
    kindColour: (k) => (k === 'commercial' ? '#a0785a' : '#6b8e6b'),
    fields: [
      name,
      { key: 'kind', label: (s) => s.kind, type: 'choice', options: CEMETERY_KINDS, optionLabel: (s, v) => s.cemeteryKinds[v] ?? v },
      { key: 'level', label: (s) => s.fieldNames.level, type: 'choice', options: ['city', 'county', 'township'], optionLabel: (s, v) => s.cemeteryLevels[v] ?? v },
      status,
      county,
      { key: 'area_mu', label: (s) => s.landArea, type: 'number', readOnly: true, format: (v, s) => `${Number(v).toFixed(1)} ${s.mu}` },
      { key: 'area_m2', label: (s) => s.fieldNames.area_m2, type: 'number', readOnly: true },
      int('capacity', (s) => s.fieldNames.plots),
      int('plots_used', (s) => s.fieldNames.plots_used),
      { key: 'green_coverage_pct', label: (s) => s.greenCoverage, type: 'number', format: percent },
      { key: 'eco_burial_pct', label: (s) => s.fieldNames.eco_burial_pct, type: 'number', format: percent },
      { key: 'public_welfare_reserve_pct', label: (s) => s.reserve, type: 'number', nullable: true, format: percent },
      dataSource,
      rulesFailed,
    ],
  },
]

for (const r of REGISTERS) setCollectionTitle(r.collection, { 'zh-CN': r.title(zhCN), en: r.title(en) })

let ruleTitles = new Map<string, RuleCheckInfo>()

/** Tells the registers the server's rule checks, for their titles. */
export function setRuleChecks(checks: RuleCheckInfo[]): void {
  ruleTitles = new Map(checks.map((c) => [c.id, c]))
}

/** A rule check's title in the current language (its id if unknown). */
export function ruleTitle(id: string): string {
  return ruleTitles.get(id)?.title[currentLang()] ?? id
}

/** The rule check with this id, if the server has it. */
export function ruleCheck(id: string): RuleCheckInfo | undefined {
  return ruleTitles.get(id)
}

/** The register of a collection id. */
export function registerOf(collection: string): Register | undefined {
  return REGISTERS.find((r) => r.collection === collection)
}

/** The register whose layers include this layer id. */
export function registerOfLayer(layerId: string): Register | undefined {
  return REGISTERS.find((r) => r.layers.includes(layerId))
}
