import { describe, expect, it } from 'vitest'
import { areasLayers, AREAS_SOURCES } from '../layers/areas.layers'
import { boundariesLayers, BOUNDARY_LINES_SOURCE } from '../layers/boundaries.layers'
import { ELDERCARE_SOURCE, eldercareLayers } from '../layers/eldercare.layers'
import { FUNERAL_SOURCES, funeralLayers } from '../layers/funeral.layers'
import { SOCIAL_WORK_SOURCE, socialWorkLayers } from '../layers/social-work.layers'
import { buildStyle } from './style'

const sources = [...Object.values(AREAS_SOURCES), BOUNDARY_LINES_SOURCE, ELDERCARE_SOURCE, SOCIAL_WORK_SOURCE, ...Object.values(FUNERAL_SOURCES)]
const layers = [...areasLayers, ...funeralLayers, ...boundariesLayers, ...socialWorkLayers, ...eldercareLayers]

describe('buildStyle', () => {
  it('needs no other host: no glyphs, no sprite, only local GeoJSON sources', () => {
    const style = buildStyle({ sources, layers, basemapTilesUrl: null })
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(Object.values(style.sources).every((s) => s.type === 'geojson')).toBe(true)
  })

  it('gives every layer a source the style declares', () => {
    const style = buildStyle({ sources, layers, basemapTilesUrl: null })
    for (const layer of style.layers) {
      if ('source' in layer) expect(style.sources, layer.id).toHaveProperty(layer.source as string)
    }
  })

  it('puts the optional raster basemap under every data layer', () => {
    const style = buildStyle({ sources, layers, basemapTilesUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' })
    expect(style.sources.basemap).toEqual({ type: 'raster', tiles: ['https://tiles.example.org/{z}/{x}/{y}.png'], tileSize: 256 })
    expect(style.layers.map((l) => l.id).slice(0, 2)).toEqual(['background', 'basemap'])
  })
})
