import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'
import { ApiError, getClientConfig, getFeatures, getRuleChecks } from './api/client'
import { onUserChange, restoreSession } from './api/session'
import { currentLang, onLangChange, setLang, t } from './i18n'
import { AREAS_SOURCES, areasLayers } from './layers/areas.layers'
import { BOUNDARY_LINES_SOURCE, boundariesLayers } from './layers/boundaries.layers'
import { ROADS_SOURCE, roadsLayers } from './layers/roads.layers'
import { ELDERCARE_SOURCE, eldercareLayers } from './layers/eldercare.layers'
import { FUNERAL_SOURCES, funeralLayers } from './layers/funeral.layers'
import { EDITOR_SOURCE, editorLayers } from './layers/editor.layers'
import { COVERAGE_POPUP_LAYERS, COVERAGE_SOURCES, coverageAreaLayers, coverageTopLayers } from './layers/coverage.layers'
import { SELECTION_SOURCE, selectionLayers } from './layers/selection.layers'
import { SOCIAL_WORK_SOURCE, socialWorkLayers } from './layers/social-work.layers'
import { labelPoints } from './map/label-points'
import { createMap, localizeControls } from './map/create-map'
import { detailByZoom } from './map/detail-by-zoom'
import { buildStyle } from './map/style'
import { attachCoverage } from './panels/coverage'
import { exclusiveModes } from './panels/modes'
import { attachPlan } from './panels/plan'
import { attachPlaceNames } from './panels/place-names'
import { attachSigns } from './panels/signs'
import { attachBoundaries } from './panels/boundaries'
import { attachEditor, editorActions } from './panels/editor'
import { renderFilters } from './panels/filters'
import { renderLegend } from './panels/legend'
import { attachPopups } from './panels/popup'
import { renderTable } from './panels/table'
import { attachSearch } from './panels/search'
import { REGISTERS, registerOf, setRuleChecks } from './registers/registers'
import { countyFeature, findRecord, homeCounties, onRecordsChange, onSelect, select, selected, setAreas, setHomeCounties, setRecords, visibleRecords } from './registers/store'
import { renderUserMenu } from './panels/user-menu'
import { showStatus } from './panels/status'
import { coveredInsets, MARGIN } from './panels/overlays'
import { createSheet } from './panels/sheet'
import './style.css'

declare global {
  interface Window {
    /** The map, for the browser tests and for the console. */
    appMap?: MapLibreMap
  }
}

/**
 * Each source and the OGC collection it is filled from; `labels` also fills a label-point
 * source; `detail` names the collection with full detail, loaded for the area in view from `zoom` on.
 */
const DATA: {
  collection: string
  source: string
  labels: string | undefined
  title: () => string
  detail?: { collection: string; zoom: number }
}[] = [
  {
    collection: 'counties_generalised',
    source: AREAS_SOURCES.counties,
    labels: AREAS_SOURCES.countyLabels,
    title: () => t('homeCounties'),
    // The generalised outlines are within about 110 m: more than a pixel from zoom 9.5 on.
    detail: { collection: 'counties', zoom: 9.5 },
  },
  { collection: 'townships', source: AREAS_SOURCES.townships, labels: AREAS_SOURCES.townshipLabels, title: () => t('townships') },
  { collection: 'communities', source: AREAS_SOURCES.communities, labels: undefined, title: () => t('communities') },
  { collection: 'boundary_lines', source: BOUNDARY_LINES_SOURCE, labels: undefined, title: () => t('cityLines') },
  { collection: 'eldercare_facilities', source: ELDERCARE_SOURCE, labels: undefined, title: () => t('eldercare') },
  { collection: 'social_work_stations', source: SOCIAL_WORK_SOURCE, labels: undefined, title: () => t('socialWork') },
  { collection: 'funeral_facilities', source: FUNERAL_SOURCES.facilities, labels: undefined, title: () => t('funeral') },
  { collection: 'cemeteries', source: FUNERAL_SOURCES.cemeteries, labels: undefined, title: () => t('cemeteries') },
]

/** The lon/lat box of a geometry's coordinates. */
function boundsOf(feature: Feature): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const walk = (node: unknown): void => {
    if (!Array.isArray(node)) return
    if (typeof node[0] === 'number') {
      box[0] = Math.min(box[0], node[0])
      box[1] = Math.min(box[1], node[1] as number)
      box[2] = Math.max(box[2], node[0])
      box[3] = Math.max(box[3], node[1] as number)
    } else node.forEach(walk)
  }
  if (feature.geometry && 'coordinates' in feature.geometry) walk(feature.geometry.coordinates)
  return box
}

/** Fits the map to a county-level unit (or, for '', the city), clear of the panels over the map. */
function zoomToCounty(map: MapLibreMap, code: string, cityBounds: [number, number, number, number]): void {
  const county = code ? countyFeature(code) : undefined
  if (code && !county) return
  const insets = coveredInsets(map.getContainer())
  const padding = { top: insets.top + MARGIN * 3, right: insets.right + MARGIN * 3, bottom: insets.bottom + MARGIN * 3, left: insets.left + MARGIN * 3 }
  map.fitBounds(county ? boundsOf(county) : cityBounds, { padding, maxZoom: 12, duration: 600 })
}

/** The sources that switch to full detail when zoomed in, by source id. */
const switched = new Map<string, ReturnType<typeof detailByZoom>>()

/** Replaces what a source shows (through its zoom switch, if it has one). */
function setSourceData(map: MapLibreMap, source: string, data: FeatureCollection): void {
  const zoomSwitch = switched.get(source)
  if (zoomSwitch) zoomSwitch.setGeneralised(data)
  else (map.getSource(source) as GeoJSONSource).setData(data)
}

/** Starts loading every source's collection at once; fillSources reports what fails. */
function loadCollections(): Map<string, Promise<FeatureCollection>> {
  return new Map(
    DATA.map((d) => {
      const loading = getFeatures(d.collection)
      loading.catch(() => undefined)
      return [d.collection, loading]
    }),
  )
}

/**
 * Fills the sources from the OGC API, or from loads already under way.
 * @returns false when some layer could not be loaded (the status line says why).
 */
async function fillSources(map: MapLibreMap, loads = loadCollections()): Promise<boolean> {
  let ok = true
  await Promise.all(
    DATA.map(async (d) => {
      try {
        const collection = await loads.get(d.collection)!
        // A register's records go through the store, which applies the filters.
        if (registerOf(d.collection)) setRecords(d.collection, collection)
        else setSourceData(map, d.source, collection)
        // The overview's outlines serve the county lookups (zoom, the editor's scope) well enough: within 110 m.
        if (d.source === AREAS_SOURCES.counties) setAreas('counties', collection.features)
        if (d.collection === 'townships') setAreas('townships', collection.features)
        if (d.collection === 'communities') setAreas('communities', collection.features)
        if (d.source === AREAS_SOURCES.counties) {
          setHomeCounties(collection.features.filter((f) => f.properties?.is_home).map((f) => ({ code: f.properties!.code, name: f.properties!.name })))
        }
        if (d.labels) (map.getSource(d.labels) as GeoJSONSource).setData(labelPoints(collection))
      } catch (error) {
        ok = false
        if (error instanceof ApiError && error.problem.status === 401) {
          // Signed out where reading needs a user: what was shown goes too.
          const empty: FeatureCollection = { type: 'FeatureCollection', features: [] }
          if (registerOf(d.collection)) setRecords(d.collection, empty)
          else for (const id of [d.source, d.labels]) if (id) setSourceData(map, id, empty)
          showStatus(t('signInToSee'))
        } else showStatus(t('loadFailed', { layer: d.title(), reason: error instanceof Error ? error.message : String(error) }), 'error')
      }
    }),
  )
  return ok
}

async function start(): Promise<void> {
  showStatus(t('loading'))
  // The layers' data loads while the map and its style are set up.
  let firstLoad: ReturnType<typeof loadCollections> | undefined = loadCollections()
  // All at once: the map waits for each of them.
  const [config, ruleChecks] = await Promise.all([getClientConfig(), getRuleChecks(), restoreSession()])
  onLangChange(() => {
    const city = currentLang() === 'en' ? config.city.name_en : config.city.name
    const title = t('appTitle', { city })
    document.title = title
    const heading = document.getElementById('app-title')!
    heading.textContent = title
    heading.title = title
    const toggle = document.getElementById('lang-toggle')!
    toggle.textContent = t('switchLanguage')
    toggle.setAttribute('aria-label', t('switchLanguageLabel'))
    toggle.title = t('switchLanguageLabel')
    toggle.setAttribute('lang', currentLang() === 'en' ? 'zh-CN' : 'en')
  })
  document.getElementById('lang-toggle')!.addEventListener('click', () => setLang(currentLang() === 'en' ? 'zh-CN' : 'en'))
  renderUserMenu(document.getElementById('user-menu')!)

  setRuleChecks(ruleChecks)
  const sources = [...DATA.flatMap((d) => (d.labels ? [d.source, d.labels] : [d.source])), ROADS_SOURCE, ...Object.values(COVERAGE_SOURCES), SELECTION_SOURCE, EDITOR_SOURCE]
  // The choropleth and the area in reach lie over the counties' fills, under the township outlines, the labels and every point.
  const underTownships = areasLayers.findIndex((l) => l.id === 'townships-outline')
  const layers = [
    ...areasLayers.slice(0, underTownships),
    ...coverageAreaLayers,
    ...roadsLayers,
    ...areasLayers.slice(underTownships),
    ...funeralLayers,
    ...boundariesLayers,
    ...socialWorkLayers,
    ...eldercareLayers,
    ...coverageTopLayers,
    ...selectionLayers,
    ...editorLayers,
  ]
  const map = createMap(
    document.getElementById('map')!,
    config,
    buildStyle({ sources, layers, basemapTilesUrl: config.basemapTilesUrl }),
  )
  window.appMap = map
  onLangChange(() => localizeControls(map, { map: t('mapLabel'), zoomIn: t('zoomIn'), zoomOut: t('zoomOut') }))
  for (const d of DATA) {
    const detail = d.detail
    if (!detail) continue
    switched.set(
      d.source,
      detailByZoom(map, {
        source: d.source,
        detailZoom: detail.zoom,
        loadDetail: (bbox) => getFeatures(detail.collection, { bbox: bbox.join(',') }),
        onError: (error) => showStatus(t('loadFailed', { layer: d.title(), reason: error instanceof Error ? error.message : String(error) }), 'error'),
      }),
    )
  }
  map.on('idle', () => (document.body.dataset.mapState = 'idle'))
  map.on('dataloading', () => (document.body.dataset.mapState = 'loading'))
  createSheet(document.getElementById('side-panel')!, { title: () => t('sidePanelTitle') })
  renderFilters(document.getElementById('filters')!, homeCounties, ruleChecks, (code) => zoomToCounty(map, code, config.city.bbox))
  renderLegend(document.getElementById('legend')!, map)
  renderTable(document.getElementById('table-drawer')!, document.getElementById('table-toggle')!)
  // The editor's and the coverage mode's click handlers go first: a click they use opens no popup.
  attachEditor(map, document.getElementById('editor')!)
  attachCoverage(map, document.getElementById('coverage-toggle') as HTMLButtonElement, document.getElementById('coverage-panel')!)
  attachPlan(map)
  attachPlaceNames(map)
  attachSearch(map, document.querySelector<HTMLElement>('main.layout')!)
  attachSigns(map)
  attachBoundaries(map)
  exclusiveModes()
  attachPopups(map, [...COVERAGE_POPUP_LAYERS, 'communities', 'boundary-lines-city', 'boundary-lines-county', 'townships-fill', 'home-counties-fill', 'neighbour-counties-fill'], {
    onEdited: () => void fillSources(map),
    extras: editorActions,
  })
  map.once('load', () => {
    const showSelection = () => {
      const selection = selected()
      const record = selection && findRecord(selection.collection, selection.id)
      ;(map.getSource(SELECTION_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: record ? [record] : [] })
    }
    onSelect(showSelection)
    onRecordsChange(() => {
      for (const register of REGISTERS) {
        ;(map.getSource(register.source) as GeoJSONSource).setData({ type: 'FeatureCollection', features: visibleRecords(register) })
      }
      // A selected record that the filters now hide is no longer selected.
      const selection = selected()
      const register = selection && registerOf(selection.collection)
      if (register && !visibleRecords(register).some((f) => f.id === selection.id)) select(null)
      else showSelection()
    })
    // Loads the layers now, and again when someone signs in or out (PUBLIC_READ=false hides them from anonymous users).
    onUserChange(async () => {
      showStatus(t('loading'))
      const loads = firstLoad
      firstLoad = undefined
      if (await fillSources(map, loads)) showStatus('')
    })
  })
}

start().catch((error) => showStatus(error instanceof Error ? error.message : String(error), 'error'))
