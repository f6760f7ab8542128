import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }

/**
 * The style: a plain background, the optional raster basemap, empty GeoJSON sources that
 * the app fills, and the domains' layers. No `glyphs`: labels are drawn with local fonts,
 * so the map makes no request to any other host unless a basemap is configured.
 */
export function buildStyle(options: {
  sources: readonly string[]
  layers: readonly LayerSpecification[]
  basemapTilesUrl: string | null
}): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: Object.fromEntries(options.sources.map((id) => [id, { type: 'geojson', data: EMPTY }])),
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f7f6f2' } }, ...options.layers],
  }
  if (options.basemapTilesUrl) {
    style.sources.basemap = { type: 'raster', tiles: [options.basemapTilesUrl], tileSize: 256 }
    style.layers.splice(1, 0, { id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.6 } })
  }
  return style
}
