import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl'

/** The source of the "plan gaps" layer: the units failing the chosen rule (`code`, `level`, `name`). */
export const PLAN_GAPS_SOURCE = 'plan-gaps'

/** The shading of a failing unit, shared by the map and the legend. */
export const GAP_COLOUR = '#c2410c'
/** The outline of the unit picked in the list. */
export const PICKED_COLOUR = '#1d4ed8'

// Communities are points; every other level is an area.
const areas: ExpressionSpecification = ['!=', ['get', 'level'], 'community']
const points: ExpressionSpecification = ['==', ['get', 'level'], 'community']
const picked = (code: string): ExpressionSpecification => ['==', ['get', 'code'], code]
const both = (a: ExpressionSpecification, b: ExpressionSpecification): FilterSpecification => ['all', a, b]

/** The layers under the township outlines and labels: the failing areas shaded. */
export const planGapsAreaLayers: LayerSpecification[] = [
  { id: 'plan-gaps-fill', type: 'fill', source: PLAN_GAPS_SOURCE, filter: areas, layout: { visibility: 'none' }, paint: { 'fill-color': GAP_COLOUR, 'fill-opacity': 0.32 } },
  { id: 'plan-gaps-line', type: 'line', source: PLAN_GAPS_SOURCE, filter: areas, layout: { visibility: 'none' }, paint: { 'line-color': GAP_COLOUR, 'line-width': 1.5 } },
]

/** The layers over everything: failing communities as dots, the picked unit outlined. */
export const planGapsTopLayers: LayerSpecification[] = [
  {
    id: 'plan-gaps-points',
    type: 'circle',
    source: PLAN_GAPS_SOURCE,
    filter: points,
    layout: { visibility: 'none' },
    paint: { 'circle-color': GAP_COLOUR, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3.5, 13, 8], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.2 },
  },
  {
    id: 'plan-gaps-picked-line',
    type: 'line',
    source: PLAN_GAPS_SOURCE,
    filter: both(areas, picked('')),
    layout: { visibility: 'none' },
    paint: { 'line-color': PICKED_COLOUR, 'line-width': 3.5 },
  },
  {
    id: 'plan-gaps-picked-point',
    type: 'circle',
    source: PLAN_GAPS_SOURCE,
    filter: both(points, picked('')),
    layout: { visibility: 'none' },
    paint: { 'circle-color': PICKED_COLOUR, 'circle-radius': 10, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  },
]

/** Every layer of the plan mode. */
export const PLAN_LAYER_IDS = [...planGapsAreaLayers, ...planGapsTopLayers].map((l) => l.id)

/** The filters that outline the picked unit (by code). */
export function pickedFilters(code: string): Record<string, FilterSpecification> {
  return { 'plan-gaps-picked-line': both(areas, picked(code)), 'plan-gaps-picked-point': both(points, picked(code)) }
}
