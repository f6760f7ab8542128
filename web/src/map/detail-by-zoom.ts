import type { GeoJSONSource, LngLatBounds, Map as MapLibreMap } from 'maplibre-gl'
import type { Feature, FeatureCollection } from 'geojson'

/** A bounding box in CRS84 degrees: [west, south, east, north]. */
export type Bbox = [number, number, number, number]

/** What a source switched by zoom needs: its id, the zoom full detail starts at, and how to fetch full detail for an area. */
export type DetailByZoomOptions = {
  source: string
  detailZoom: number
  loadDetail: (bbox: Bbox) => Promise<FeatureCollection>
  onError: (error: unknown) => void
}

/** Whether box `inner` lies wholly inside `outer`. */
export function contains(outer: Bbox, inner: Bbox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}

/** The view's bounds grown by half their size on each side, so that panning a little needs no new request. */
export function grow(bounds: LngLatBounds): Bbox {
  const w = bounds.getEast() - bounds.getWest()
  const h = bounds.getNorth() - bounds.getSouth()
  return [
    Math.max(-180, bounds.getWest() - w / 2),
    Math.max(-90, bounds.getSouth() - h / 2),
    Math.min(180, bounds.getEast() + w / 2),
    Math.min(90, bounds.getNorth() + h / 2),
  ]
}

/**
 * Keeps a GeoJSON source at the detail the zoom needs: generalised features below
 * `detailZoom`; from it on, each feature in view in full detail, fetched by bbox once per
 * area and then kept (a detailed feature replaces its generalised copy by id).
 * @returns `setGeneralised`, to give the source its generalised features (again after a reload).
 */
export function detailByZoom(map: MapLibreMap, options: DetailByZoomOptions): { setGeneralised: (data: FeatureCollection) => void } {
  let generalised: Feature[] = []
  const detailed = new Map<string | number, Feature>()
  const covered: Bbox[] = []
  let showing: 'generalised' | 'detail' | null = null
  let pending: Promise<void> | null = null

  const source = () => map.getSource(options.source) as GeoJSONSource
  const show = (what: 'generalised' | 'detail') => {
    const features = what === 'generalised' ? generalised : generalised.map((f) => (f.id !== undefined && detailed.get(f.id)) || f)
    source().setData({ type: 'FeatureCollection', features })
    showing = what
  }

  async function update(): Promise<void> {
    // With nothing to detail (signed out where reading needs a user, say) nothing is asked for.
    if (map.getZoom() < options.detailZoom || !generalised.length) {
      if (showing !== 'generalised') show('generalised')
      return
    }
    const view = grow(map.getBounds())
    if (covered.some((box) => contains(box, view))) {
      if (showing !== 'detail') show('detail')
      return
    }
    if (pending) return
    let loaded = false
    pending = options
      .loadDetail(view)
      .then((data) => {
        for (const f of data.features) if (f.id !== undefined) detailed.set(f.id, f)
        covered.push(view)
        showing = null
        loaded = true
      })
      .catch(options.onError)
      .finally(() => (pending = null))
    await pending
    // The view may have moved on while the detail loaded.
    if (loaded) await update()
  }

  map.on('moveend', () => void update())
  return {
    setGeneralised: (data) => {
      generalised = data.features
      detailed.clear()
      covered.length = 0
      showing = null
      void update()
    },
  }
}
