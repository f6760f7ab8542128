import { bbox } from '@turf/turf'
import * as maplibregl from 'maplibre-gl'
import type { GeoJSONSource } from 'maplibre-gl'
import type { FeatureCollection, Point, Position } from 'geojson'
import { ApiError } from '../api/client'
import { getCoverage, suggestSites, type CoverageAnswer, type CoverageParams, type SuggestAnswer, type TrialFacility } from '../api/coverage'
import { currentLang, onLangChange, strings, t } from '../i18n'
import { problemMessage } from '../i18n/errors'
import {
  COVERAGE_LAYER_IDS,
  COVERAGE_SOURCES,
  COVERED_COLOUR,
  NO_SHARE_COLOUR,
  REACH_COLOUR,
  SHARE_CLASSES,
  SUGGESTION_COLOUR,
  TRIAL_COLOUR,
  UNCOVERED_COLOUR,
} from '../layers/coverage.layers'
import { reachCircle } from '../map/reach-circle'
import { REGISTERS } from '../registers/registers'
import { allRecords, areaFeatures, countyName, onAreasChange, onRecordsChange, townshipName } from '../registers/store'
import { communityGaps, coveredCommunities, sortGaps, townshipChoropleth, townshipGaps, type CommunityGap, type GapSort, type TownshipGap } from './coverage-gaps'
import { DEFAULT_COVERAGE, setLatestCoverage } from './coverage-state'
import { h } from './dom'
import { coveredInsets, fitClearOfPanels, MARGIN } from './overlays'
import { createSheet, isPhone } from './sheet'
import { declutterer } from './modes'

/** How long the sliders wait after the last change before asking the server, in ms. */
const SETTLE_MS = 200
/** How long a dragged trial facility must rest before the server is asked, in ms. */
const DRAG_PAUSE_MS = 350
/** Rows the gap list draws at most (the rest are counted). */
const GAP_ROWS = 200
/** The registers the coverage mode switches off while it is on (the layer panel can bring them back). */
const OTHER_REGISTERS = ['social_work_stations', 'funeral_facilities', 'cemeteries']
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

type Trial = { n: number; kind: string; at: Position; marker: maplibregl.Marker }
type Tab = 'communities' | 'townships'
type CommunityKey = 'name' | 'township' | 'population_60plus' | 'distance_m'
type TownshipKey = 'name' | 'county' | 'share' | 'uncovered' | 'uncovered_60plus'

/** What went wrong, in the app's words for a problem the server sent. */
const failureText = (error: unknown) => (error instanceof ApiError ? problemMessage(error.problem) : error instanceof Error ? error.message : String(error))
const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError'
const paramsKey = (p: CoverageParams) => JSON.stringify([p.mode, p.minutes, p.speed_m_per_min, p.include_planned, p.scope])

/**
 * The coverage mode: the eldercare coverage of the communities, drawn and listed. The
 * panel (a sheet) sets the analysis — straight line or walking network, minutes, walking
 * speed, which communities, planned facilities as a what-if — and shows the figures, a
 * trial-facility tool, suggested sites and the gap list. The map shows the townships'
 * coverage share, the area in reach and the uncovered communities sized by 60+ population.
 * Slider changes redraw the circles at once and ask the server once they settle, cancelling
 * an answer still under way. Attach it before the popups: a click that places a trial
 * facility is taken (`preventDefault`) and opens no popup.
 */
export function attachCoverage(map: maplibregl.Map, toggle: HTMLButtonElement, container: HTMLElement): void {
  const params: CoverageParams = { ...DEFAULT_COVERAGE }
  let on = false
  let answer: CoverageAnswer | null = null
  let answerKey = ''
  let state: 'idle' | 'computing' | 'ready' | 'error' = 'idle'
  /** The walking network's isochrones, asked for after the figures, and how far they have come. */
  let networkReach: FeatureCollection | null = null
  let reachState: 'loading' | 'ready' | 'error' = 'ready'
  let failure = ''
  let startedAt = 0
  let controller: AbortController | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let tick: ReturnType<typeof setInterval> | undefined

  const trials: Trial[] = []
  let trialKind = ''
  let placing = false
  let justPlaced = false
  let trialCount = 0

  let suggestN = 5
  let suggestion: { answer: SuggestAnswer; key: string; markers: maplibregl.Marker[] } | null = null
  let suggestController: AbortController | null = null
  let suggestStartedAt = 0
  let suggestFailure = ''

  let tab: Tab = 'communities'
  let communitySort: GapSort<CommunityKey> = { key: 'population_60plus', descending: true }
  let townshipSort: GapSort<TownshipKey> = { key: 'share', descending: false }
  let picked: { tab: Tab; code: string } | null = null

  const sheet = createSheet(container, { title: () => t('coverageTitle'), side: 'left' })
  container.classList.add('panel', 'coverage-panel')
  container.hidden = true
  const parts = {
    controls: h('section', { class: 'coverage-controls' }),
    status: h('div', { id: 'coverage-status', class: 'coverage-status', role: 'status', 'aria-live': 'polite' }),
    summary: h('section', { id: 'coverage-summary', class: 'coverage-summary' }),
    trials: h('section', { id: 'coverage-trials' }),
    suggest: h('section', { id: 'coverage-suggest' }),
    gaps: h('section', { id: 'coverage-gaps' }),
    legend: h('section', { id: 'coverage-legend', class: 'coverage-legend' }),
  }
  sheet.body.replaceChildren(...Object.values(parts))

  const lang = () => currentLang()
  const num = (n: number) => n.toLocaleString(lang())
  const pct = (x: number) => new Intl.NumberFormat(lang(), { style: 'percent', maximumFractionDigits: 1 }).format(x)
  const setData = (source: string, data: FeatureCollection) => (map.getSource(source) as GeoJSONSource | undefined)?.setData(data)
  const budget = () => params.minutes * params.speed_m_per_min
  const kindLabel = (kind: string) => strings().eldercareKinds[kind] ?? kind

  /** The facility kinds that count for the chosen communities, as the last answer names them. */
  function countedKinds(): string[] {
    if (!answer) return []
    const { community, village } = answer.parameters.kinds
    return [...new Set([...(params.scope === 'village' ? [] : community), ...(params.scope === 'community' ? [] : village)])]
  }

  /** The reach in a straight line: a circle around each facility that counts, of the radius set now. */
  function straightReach(): FeatureCollection {
    if (!answer) return EMPTY
    const kinds = new Set(countedKinds())
    const statuses = new Set(answer.parameters.include_planned === params.include_planned ? answer.parameters.statuses : params.include_planned ? ['operating', 'under_construction', 'planned'] : ['operating'])
    const register = REGISTERS.find((r) => r.collection === 'eldercare_facilities')!
    const features = allRecords(register)
      .filter((f) => f.geometry?.type === 'Point' && kinds.has(String(f.properties?.kind)) && statuses.has(String(f.properties?.status)))
      .map((f) => reachCircle((f.geometry as Point).coordinates, params.minutes, params.speed_m_per_min, {}, 48))
    return { type: 'FeatureCollection', features }
  }

  function drawReach(): void {
    if (!on) return
    if (params.mode === 'straight') setData(COVERAGE_SOURCES.reach, straightReach())
    else if (networkReach) setData(COVERAGE_SOURCES.reach, networkReach)
  }

  function drawTrials(): void {
    const circles = trials.map((trial) => reachCircle(trial.at, params.minutes, params.speed_m_per_min, { n: trial.n }))
    setData(COVERAGE_SOURCES.trial, { type: 'FeatureCollection', features: circles })
  }

  function drawAnswer(): void {
    if (!on || !answer) return
    setData(COVERAGE_SOURCES.communities, coveredCommunities(areaFeatures('communities'), answer, townshipName))
    setData(COVERAGE_SOURCES.townships, townshipChoropleth(areaFeatures('townships'), answer.units))
    drawReach()
  }

  /** Asks the server for the coverage with the parameters set now, cancelling an answer still under way. */
  async function compute(): Promise<void> {
    clearTimeout(timer)
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    state = 'computing'
    startedAt = performance.now()
    renderStatus()
    const facilities: TrialFacility[] = trials.map((trial) => ({ kind: trial.kind, geometry: { type: 'Point', coordinates: [...trial.at] } }))
    const key = paramsKey(params)
    const asked = { ...params }
    try {
      // The figures first, without the polygons: on the walking network the isochrones take longer, and follow.
      const next = await getCoverage(asked, { facilities, signal: mine.signal })
      if (controller !== mine) return
      answer = next
      answerKey = key
      state = 'ready'
      reachState = asked.mode === 'network' ? 'loading' : 'ready'
      setLatestCoverage(next)
      if (!trialKind || !countedKinds().includes(trialKind)) trialKind = countedKinds()[0] ?? ''
      drawAnswer()
      renderAll()
      if (asked.mode !== 'network') return
      try {
        const drawn = await getCoverage(asked, { facilities, geometry: true, signal: mine.signal })
        if (controller !== mine) return
        networkReach = drawn.coverage ?? EMPTY
        reachState = 'ready'
        drawReach()
      } catch (error) {
        if (isAbort(error) || controller !== mine) return
        reachState = 'error'
        failure = failureText(error)
      }
      renderStatus()
    } catch (error) {
      if (isAbort(error) || controller !== mine) return
      state = 'error'
      failure = failureText(error)
      renderStatus()
    } finally {
      if (controller === mine) controller = null
    }
  }

  /** Asks the server after `delay` ms; what it would answer now is outdated at once, and cancelled. */
  function schedule(delay: number): void {
    clearTimeout(timer)
    controller?.abort()
    controller = null
    state = 'computing'
    startedAt = performance.now()
    renderStatus()
    timer = setTimeout(() => void compute(), delay)
  }

  /** A parameter changed: the browser's part of the drawing follows at once, the server's once it settles. */
  function changed(delay = SETTLE_MS): void {
    drawTrials()
    if (params.mode === 'straight') drawReach()
    else if (answer?.parameters.mode !== 'network') {
      networkReach = null
      setData(COVERAGE_SOURCES.reach, EMPTY)
    }
    drawSuggestions()
    renderReach()
    schedule(delay)
  }

  // Controls ---------------------------------------------------------------------------

  const reachText = h('p', { class: 'coverage-reach' })
  const renderReach = () => {
    reachText.textContent = t('reachValue', { m: num(budget()) })
    const minutes = parts.controls.querySelector('#coverage-minutes-value')
    const speed = parts.controls.querySelector('#coverage-speed-value')
    if (minutes) minutes.textContent = t('minutesValue', { n: params.minutes })
    if (speed) speed.textContent = t('speedValue', { n: params.speed_m_per_min })
  }

  function slider(id: string, label: string, value: number, min: number, max: number, step: number, set: (v: number) => void): HTMLElement {
    const input = h('input', { id, type: 'range', min, max, step, value, 'aria-describedby': `${id}-value` })
    input.addEventListener('input', () => {
      set(Number(input.value))
      changed()
    })
    return h('label', { class: 'coverage-slider' }, h('span', { class: 'coverage-slider-head' }, h('span', {}, label), h('output', { id: `${id}-value`, for: id })), input)
  }

  function renderControls(): void {
    const s = strings()
    const modes = h(
      'div',
      { class: 'coverage-modes', role: 'radiogroup', 'aria-label': t('coverageMode') },
      ...(['straight', 'network'] as const).map((mode) => {
        const input = h('input', { type: 'radio', name: 'coverage-mode', value: mode, checked: params.mode === mode })
        input.addEventListener('change', () => {
          if (!input.checked) return
          params.mode = mode
          changed(0)
        })
        return h('label', { class: 'coverage-mode' }, input, h('span', {}, s.coverageModes[mode]))
      }),
    )
    const scope = h('select', { id: 'coverage-scope' }, ...(['all', 'community', 'village'] as const).map((v) => h('option', { value: v, selected: params.scope === v }, s.coverageScopes[v])))
    scope.addEventListener('change', () => {
      params.scope = scope.value as CoverageParams['scope']
      changed(0)
    })
    const planned = h('input', { id: 'coverage-planned', type: 'checkbox', checked: params.include_planned })
    planned.addEventListener('change', () => {
      params.include_planned = planned.checked
      changed(0)
    })
    parts.controls.replaceChildren(
      modes,
      slider('coverage-minutes', t('coverageMinutes'), params.minutes, 5, 30, 1, (v) => (params.minutes = v)),
      slider('coverage-speed', t('coverageSpeed'), params.speed_m_per_min, 40, 100, 5, (v) => (params.speed_m_per_min = v)),
      reachText,
      h('label', { class: 'coverage-row' }, h('span', {}, t('coverageScope')), scope),
      h('label', { class: 'coverage-check' }, planned, h('span', {}, t('includePlanned'))),
    )
    renderReach()
  }

  function renderStatus(): void {
    clearInterval(tick)
    const box = parts.status
    container.dataset.state = state
    container.dataset.reach = reachState
    box.dataset.kind = state === 'error' || (state === 'ready' && reachState === 'error') ? 'error' : state
    const since = (from: number) => Math.floor((performance.now() - from) / 1000)
    if (state === 'computing') {
      const draw = () => box.replaceChildren(h('span', { class: 'progress-bar', 'aria-hidden': 'true' }), since(startedAt) >= 1 ? t('computingFor', { s: since(startedAt) }) : t('computing'))
      draw()
      tick = setInterval(draw, 500)
    } else if (state === 'error') box.replaceChildren(t('coverageFailed', { reason: failure }))
    else if (state === 'ready' && answer) {
      const done = t('computedIn', { ms: num(Math.round(answer.computation.ms)) })
      if (reachState === 'loading') {
        const from = performance.now()
        const draw = () => box.replaceChildren(h('span', { class: 'progress-bar', 'aria-hidden': 'true' }), `${done}${t('semicolon')}${t('reachLoading', { s: since(from) })}`)
        draw()
        tick = setInterval(draw, 500)
      } else if (reachState === 'error') box.replaceChildren(`${done}${t('semicolon')}${t('reachFailed', { reason: failure })}`)
      else box.replaceChildren(done)
    } else box.replaceChildren()
  }

  function renderSummary(): void {
    if (!answer) {
      parts.summary.replaceChildren()
      return
    }
    const { communities, population_60plus } = answer.summary
    const row = (label: string, value: string, cls = '') => h('div', { class: `summary-row ${cls}` }, h('span', {}, label), h('strong', {}, value))
    Object.assign(parts.summary.dataset, { covered: String(communities.covered), uncovered: String(communities.uncovered), total: String(communities.total) })
    const difference = answer.difference
    parts.summary.replaceChildren(
      row(t('summaryCommunities'), t('ofTotal', { n: num(communities.covered), total: num(communities.total), share: pct(answer.summary.share_covered) })),
      row(t('summaryUncovered'), num(communities.uncovered), 'summary-uncovered'),
      row(t('summaryElderly'), t('ofTotal', { n: num(population_60plus.covered), total: num(population_60plus.total), share: pct(population_60plus.total ? population_60plus.covered / population_60plus.total : 0) })),
      row(t('summaryElderlyUncovered'), num(population_60plus.uncovered), 'summary-uncovered'),
      difference ? h('p', { class: 'summary-gain', id: 'coverage-gain' }, t('whatIfGain', { communities: num(difference.communities), people: num(difference.population_60plus) })) : '',
      h('p', { class: 'coverage-note' }, t('facilitiesCounted', { kinds: countedKinds().map(kindLabel).join(t('listSeparator')) })),
    )
  }

  // Trial facilities --------------------------------------------------------------------

  function trialMarker(n: number, at: Position): maplibregl.Marker {
    const element = h('div', { class: 'trial-marker', title: t('trialName', { n }) }, String(n))
    const marker = new maplibregl.Marker({ element, draggable: true }).setLngLat(at as [number, number])
    marker.on('drag', () => {
      const trial = trials.find((x) => x.marker === marker)
      if (!trial) return
      const { lng, lat } = marker.getLngLat()
      trial.at = [lng, lat]
      drawTrials()
      schedule(DRAG_PAUSE_MS)
    })
    marker.on('dragend', () => schedule(0))
    return marker
  }

  function addTrial(at: Position): void {
    trialCount += 1
    const trial: Trial = { n: trialCount, kind: trialKind || countedKinds()[0] || 'day_care', at, marker: trialMarker(trialCount, at) }
    trials.push(trial)
    trial.marker.addTo(map)
    drawTrials()
    renderTrials()
    void compute()
  }

  function removeTrial(trial: Trial): void {
    trial.marker.remove()
    trials.splice(trials.indexOf(trial), 1)
    drawTrials()
    renderTrials()
    void compute()
  }

  function setPlacing(next: boolean): void {
    placing = next
    map.getContainer().classList.toggle('coverage-placing', placing)
    renderTrials()
  }

  function renderTrials(): void {
    const kinds = countedKinds()
    const kind = h('select', { id: 'trial-kind', 'aria-label': t('kind') }, ...kinds.map((k) => h('option', { value: k, selected: k === trialKind }, kindLabel(k))))
    kind.addEventListener('change', () => (trialKind = kind.value))
    const place = h('button', { type: 'button', id: 'place-trial', 'aria-pressed': String(placing), class: placing ? 'active' : '' }, t('placeTrial'))
    place.addEventListener('click', () => setPlacing(!placing))
    const list = trials.map((trial) =>
      h(
        'li',
        { 'data-trial': trial.n, 'data-kind': trial.kind, 'data-lon': trial.at[0], 'data-lat': trial.at[1] },
        h('span', { class: 'trial-dot', 'aria-hidden': 'true' }, String(trial.n)),
        h('span', {}, `${t('trialName', { n: trial.n })} · ${kindLabel(trial.kind)}`),
        h('button', { type: 'button', class: 'link', onclick: () => removeTrial(trial) }, t('removeTrial')),
      ),
    )
    const clear = h('button', {
      type: 'button',
      class: 'link',
      onclick: () => {
        for (const trial of trials.splice(0)) trial.marker.remove()
        drawTrials()
        renderTrials()
        void compute()
      },
    }, t('clearTrials'))
    parts.trials.replaceChildren(
      h('h3', {}, t('trialTitle')),
      h('div', { class: 'coverage-row' }, kind, place),
      placing ? h('p', { class: 'coverage-hint' }, t('placingTrial')) : '',
      trials.length ? h('ul', { class: 'trial-list' }, ...list) : '',
      trials.length > 1 ? clear : '',
      h('p', { class: 'coverage-note' }, t('trialNote')),
    )
  }

  // Suggested sites ---------------------------------------------------------------------

  function drawSuggestions(): void {
    const sites = on && suggestion ? suggestion.answer.sites : []
    setData(COVERAGE_SOURCES.suggestions, {
      type: 'FeatureCollection',
      features: sites.map((site) => reachCircle(site.geometry.coordinates, params.minutes, params.speed_m_per_min, { rank: site.rank })),
    })
  }

  function clearSuggestions(): void {
    for (const marker of suggestion?.markers ?? []) marker.remove()
    suggestion = null
    drawSuggestions()
    renderSuggestions()
  }

  function siteName(candidate: string | number, rank: number): string {
    const community = answer?.communities.find((c) => c.code === String(candidate))
    return community ? t('suggestNear', { name: community.name, township: townshipName(community.township_code) }) : t('suggestCandidate', { n: rank })
  }

  async function suggest(): Promise<void> {
    suggestController?.abort()
    const mine = new AbortController()
    suggestController = mine
    suggestStartedAt = performance.now()
    suggestFailure = ''
    const key = paramsKey(params)
    renderSuggestions()
    const progress = setInterval(renderSuggestProgress, 500)
    try {
      const next = await suggestSites({ ...params, n: suggestN }, mine.signal)
      if (suggestController !== mine) return
      for (const marker of suggestion?.markers ?? []) marker.remove()
      const markers = next.sites.map((site) => {
        const element = h('div', { class: 'suggestion-marker', title: siteName(site.candidate, site.rank) }, String(site.rank))
        element.dataset.rank = String(site.rank)
        const marker = new maplibregl.Marker({ element }).setLngLat(site.geometry.coordinates as [number, number])
        return on ? marker.addTo(map) : marker
      })
      suggestion = { answer: next, key, markers }
      drawSuggestions()
    } catch (error) {
      if (isAbort(error) || suggestController !== mine) return
      suggestFailure = failureText(error)
    } finally {
      clearInterval(progress)
      if (suggestController === mine) suggestController = null
      renderSuggestions()
    }
  }

  function renderSuggestProgress(): void {
    const text = parts.suggest.querySelector('.suggest-progress-text')
    if (text) text.textContent = t('suggesting', { s: Math.floor((performance.now() - suggestStartedAt) / 1000) })
  }

  function renderSuggestions(): void {
    const count = h('input', { id: 'suggest-n', type: 'number', min: 1, max: 50, step: 1, value: suggestN, 'aria-label': t('suggestCount') })
    count.addEventListener('change', () => {
      suggestN = Math.min(50, Math.max(1, Math.round(Number(count.value) || 1)))
      count.value = String(suggestN)
    })
    const busy = !!suggestController
    const run = h('button', { type: 'button', id: 'suggest-run', class: 'primary', disabled: busy }, t('suggestRun'))
    run.addEventListener('click', () => void suggest())
    const sites = suggestion?.answer.sites ?? []
    parts.suggest.replaceChildren(
      h('h3', {}, t('suggestTitle')),
      h('div', { class: 'coverage-row' }, h('label', { class: 'suggest-count' }, h('span', {}, t('suggestCount')), count), run),
      busy
        ? h('div', { class: 'suggest-progress', role: 'status' }, h('span', { class: 'progress-bar', 'aria-hidden': 'true' }), h('span', { class: 'suggest-progress-text' }, t('suggesting', { s: 0 })),
            h('button', { type: 'button', class: 'link', onclick: () => { suggestController?.abort(); suggestController = null; renderSuggestions() } }, t('cancel')))
        : '',
      suggestFailure ? h('p', { class: 'form-error' }, suggestFailure) : '',
      suggestion && suggestion.key !== paramsKey(params) ? h('p', { class: 'coverage-hint' }, t('suggestStale')) : '',
      sites.length
        ? h(
            'ol',
            { id: 'suggest-list', class: 'suggest-list' },
            ...sites.map((site) =>
              h(
                'li',
                { 'data-rank': site.rank },
                h('button', {
                  type: 'button',
                  class: 'suggest-site',
                  onclick: () => flyTo(site.geometry.coordinates, 12),
                }, h('span', { class: 'suggestion-dot', 'aria-hidden': 'true' }, String(site.rank)), h('span', {}, siteName(site.candidate, site.rank))),
                h('div', { class: 'suggest-gain' }, t('suggestGain', { communities: num(site.gain.communities), people: num(site.gain.population_60plus) })),
                h('div', { class: 'coverage-note' }, t('suggestCumulative', { share: pct(site.cumulative.share_60plus_covered) })),
              ),
            ),
          )
        : '',
      suggestion ? h('p', { class: 'coverage-note' }, strings().suggestMethods[suggestion.answer.method] ?? '') : '',
      suggestion ? h('button', { type: 'button', class: 'link', onclick: clearSuggestions }, t('clearSuggestions')) : '',
    )
  }

  // The gap list ------------------------------------------------------------------------

  function flyTo(at: Position, zoom: number): void {
    const insets = coveredInsets(map.getContainer())
    const padding = { top: insets.top + MARGIN, right: insets.right + MARGIN, bottom: insets.bottom + MARGIN, left: insets.left + MARGIN }
    map.easeTo({ center: at as [number, number], zoom: Math.max(map.getZoom(), zoom), padding, duration: 500 })
  }

  function pick(kind: Tab, code: string, move: boolean): void {
    picked = { tab: kind, code }
    if (kind === 'communities') {
      const point = areaFeatures('communities').find((f) => f.properties?.code === code)
      setData(COVERAGE_SOURCES.highlight, { type: 'FeatureCollection', features: point ? [point] : [] })
      if (point && move) flyTo((point.geometry as Point).coordinates, 12)
    } else {
      const township = areaFeatures('townships').find((f) => f.properties?.code === code)
      setData(COVERAGE_SOURCES.highlight, { type: 'FeatureCollection', features: township ? [township] : [] })
      if (township && move) {
        const insets = coveredInsets(map.getContainer())
        const box = bbox(township) as [number, number, number, number]
        map.fitBounds(box, { padding: { top: insets.top + 24, right: insets.right + 24, bottom: insets.bottom + 24, left: insets.left + 24 }, maxZoom: 12, duration: 500 })
      }
    }
    for (const row of parts.gaps.querySelectorAll<HTMLElement>('tbody tr')) row.classList.toggle('selected', row.dataset.code === code)
  }

  function header<K extends string>(label: string, key: K, sort: GapSort<K>, setSort: (s: GapSort<K>) => void, numeric = false): HTMLElement {
    const active = sort.key === key
    const button = h('button', { type: 'button', title: t('sortBy', { column: label }) }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort.descending ? '▼' : '▲') : ''))
    button.addEventListener('click', () => {
      setSort({ key, descending: active ? !sort.descending : numeric })
      renderGaps()
    })
    return h('th', { class: numeric ? 'num' : '', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none', 'data-key': key }, button)
  }

  function distanceText(m: number | null): string {
    if (m === null) return t('noneInReach')
    return m >= 1000 ? `${(m / 1000).toFixed(1)} ${t('km')}` : `${num(Math.round(m))} ${t('metres')}`
  }

  function gapTable<R extends { code: string }>(rows: R[], head: HTMLElement[], cells: (row: R) => (string | HTMLElement)[], kind: Tab): HTMLElement {
    const body = rows.slice(0, GAP_ROWS).map((row) => {
      const tr = h('tr', { 'data-code': row.code, tabindex: 0, class: picked?.code === row.code ? 'selected' : '' }, ...cells(row).map((c, i) => h('td', { class: i > 1 ? 'num' : '' }, c)))
      tr.addEventListener('click', () => pick(kind, row.code, true))
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault()
          pick(kind, row.code, true)
        }
      })
      return tr
    })
    return h(
      'div',
      { class: 'gap-scroll' },
      h('table', { class: 'gap-table', 'data-tab': kind }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...body)),
      rows.length > GAP_ROWS ? h('p', { class: 'coverage-note' }, t('gapsMore', { n: num(rows.length - GAP_ROWS) })) : '',
      rows.length === 0 ? h('p', { class: 'coverage-note' }, t('gapsNone')) : '',
    )
  }

  function renderGaps(): void {
    if (!answer) {
      parts.gaps.replaceChildren()
      return
    }
    const communities = sortGaps(communityGaps(answer, townshipName), communitySort)
    const townships = sortGaps(townshipGaps(answer, countyName), townshipSort)
    const tabButton = (id: Tab, label: string) => {
      const button = h('button', { type: 'button', role: 'tab', class: 'gap-tab', 'data-tab': id, 'aria-selected': String(tab === id) }, label)
      button.addEventListener('click', () => {
        tab = id
        renderGaps()
      })
      return button
    }
    const table =
      tab === 'communities'
        ? gapTable<CommunityGap>(
            communities,
            [
              header(t('colName'), 'name', communitySort, (s) => (communitySort = s)),
              header(t('colTownship'), 'township', communitySort, (s) => (communitySort = s)),
              header(t('colElderly'), 'population_60plus', communitySort, (s) => (communitySort = s), true),
              header(t('colDistance'), 'distance_m', communitySort, (s) => (communitySort = s), true),
            ],
            (r) => [r.name, r.township, num(r.population_60plus), distanceText(r.distance_m)],
            'communities',
          )
        : gapTable<TownshipGap>(
            townships,
            [
              header(t('colName'), 'name', townshipSort, (s) => (townshipSort = s)),
              header(t('colCounty'), 'county', townshipSort, (s) => (townshipSort = s)),
              header(t('colShare'), 'share', townshipSort, (s) => (townshipSort = s), true),
              header(t('colUncovered'), 'uncovered', townshipSort, (s) => (townshipSort = s), true),
              header(t('colElderly'), 'uncovered_60plus', townshipSort, (s) => (townshipSort = s), true),
            ],
            (r) => [r.name, r.county, pct(r.share), `${num(r.uncovered)} / ${num(r.total)}`, num(r.uncovered_60plus)],
            'townships',
          )
    parts.gaps.replaceChildren(
      h('h3', {}, t('gapsTitle')),
      h('div', { class: 'gap-tabs', role: 'tablist' }, tabButton('communities', t('gapsCommunities', { n: num(communities.length) })), tabButton('townships', t('gapsTownships', { n: num(townships.length) }))),
      table,
    )
  }

  function renderLegend(): void {
    const row = (swatch: string, label: string) => h('div', { class: 'legend-explain' }, h('span', { class: 'swatch', style: swatch }), label)
    const dot = (colour: string, size: number) => `background:${colour};border-radius:50%;width:${size}px;height:${size}px;margin:0 ${(20 - size) / 2}px`
    const classes = SHARE_CLASSES.map(([bound, colour], i) => {
      const upper = SHARE_CLASSES[i + 1]?.[0] ?? 1
      return h('span', { class: 'share-class' }, h('span', { class: 'swatch', style: `background:${colour}` }), `${pct(bound)}–${pct(upper)}`)
    })
    parts.legend.replaceChildren(
      h('h3', {}, t('legendTitle')),
      h('div', { class: 'legend-note' }, t('legendShare')),
      h('div', { class: 'share-classes' }, ...classes, h('span', { class: 'share-class' }, h('span', { class: 'swatch', style: `background:${NO_SHARE_COLOUR}` }), t('legendNoCommunities'))),
      row(dot(UNCOVERED_COLOUR, 14), t('legendUncovered')),
      row(dot(COVERED_COLOUR, 6), t('legendCovered')),
      row(`background:${REACH_COLOUR}33;border:1px solid ${REACH_COLOUR}`, t('legendReach', { mode: strings().coverageModes[params.mode]! })),
      row(`background:${TRIAL_COLOUR}26;border:2px dashed ${TRIAL_COLOUR}`, t('legendTrial')),
      row(`background:${SUGGESTION_COLOUR}26;border:2px dashed ${SUGGESTION_COLOUR}`, t('legendSuggestion')),
    )
  }

  function renderAll(): void {
    renderStatus()
    renderSummary()
    renderTrials()
    renderSuggestions()
    renderGaps()
    renderLegend()
  }

  // The mode on and off -----------------------------------------------------------------

  // The other registers and the plain community dots make way for the coverage while the mode is on.
  const declutter = declutterer(map, OTHER_REGISTERS)

  function setOn(next: boolean): void {
    on = next
    declutter(on)
    container.hidden = !on
    document.body.classList.toggle('coverage-on', on)
    toggle.setAttribute('aria-pressed', String(on))
    for (const id of COVERAGE_LAYER_IDS) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
    for (const marker of [...trials.map((x) => x.marker), ...(suggestion?.markers ?? [])]) {
      if (on) marker.addTo(map)
      else marker.remove()
    }
    if (on) {
      sheet.setExpanded(true)
      // On a phone the sheet takes the lower part of the screen: the city is fitted into the part left above it.
      if (isPhone()) fitClearOfPanels(map, areaFeatures('townships'))
      drawTrials()
      drawSuggestions()
      if (answer && answerKey === paramsKey(params)) drawAnswer()
      else void compute()
    } else {
      controller?.abort()
      setPlacing(false)
    }
  }

  toggle.addEventListener('click', () => setOn(!on))
  map.on('click', (event) => {
    if (!on || !placing) return
    event.preventDefault()
    justPlaced = true
    setTimeout(() => (justPlaced = false))
    setPlacing(false)
    addTrial([event.lngLat.lng, event.lngLat.lat])
  })
  map.on('click', 'coverage-communities-uncovered', (event) => {
    const code = event.features?.[0]?.properties?.code
    if (justPlaced || !code) return
    tab = 'communities'
    renderGaps()
    pick('communities', String(code), false)
    parts.gaps.querySelector<HTMLElement>(`tr[data-code="${code}"]`)?.scrollIntoView({ block: 'nearest' })
  })
  // With the townships' list open, a click on a township picks its row.
  map.on('click', 'coverage-townships-fill', (event) => {
    const code = event.features?.[0]?.properties?.code
    if (justPlaced || !code || tab !== 'townships' || map.queryRenderedFeatures(event.point, { layers: ['coverage-communities-uncovered'] }).length) return
    pick('townships', String(code), false)
    parts.gaps.querySelector<HTMLElement>(`tr[data-code="${code}"]`)?.scrollIntoView({ block: 'nearest' })
  })
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && placing) setPlacing(false)
  })
  // The communities and townships load with the page; the facilities' circles follow the register.
  onAreasChange((kind) => {
    if (kind !== 'counties') drawAnswer()
  })
  onRecordsChange(() => on && params.mode === 'straight' && drawReach())
  onLangChange(() => {
    toggle.textContent = t('coverage')
    toggle.setAttribute('aria-label', t('coverageToggleLabel'))
    toggle.title = t('coverageToggleLabel')
    renderControls()
    renderAll()
  })
}
