import { z } from 'zod'
import { issue } from '../http/fields'

const Position = z.array(z.unknown()).superRefine((p, ctx) => {
  if (p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return issue(ctx, 'bad_position')
  const [lon, lat] = p as number[]
  if (Math.abs(lon!) > 180) issue(ctx, 'longitude_range', { value: lon! })
  if (Math.abs(lat!) > 90) issue(ctx, 'latitude_range', { value: lat! })
}) as unknown as z.ZodType<number[]>

/** Positions of a line or ring, at least `min` of them, no edge spanning 180° of longitude or more. */
function path(min: number) {
  return z.array(Position).superRefine((positions, ctx) => {
    if (positions.length < min) return issue(ctx, 'too_few_positions', { minimum: min })
    for (let i = 1; i < positions.length; i += 1) {
      // PostGIS's geography (areas, distances on the spheroid) cannot take an edge of 180°
      // or more ("Antipodal edge"); on a plane it would run the wrong way round the world.
      const span = Math.abs(positions[i]![0]! - positions[i - 1]![0]!)
      if (span >= 180) return issue(ctx, 'crosses_antimeridian', { degrees: Math.round(span) })
      // From one pole to the other: the two ends are antipodal whatever their longitudes.
      if (Math.abs(positions[i]![1]! - positions[i - 1]![1]!) >= 180) return issue(ctx, 'antipodal_edge')
    }
  })
}

const Ring = path(4).superRefine((ring, ctx) => {
  if (ring.length >= 4 && (ring[0]![0] !== ring.at(-1)![0] || ring[0]![1] !== ring.at(-1)![1])) issue(ctx, 'ring_not_closed')
})

const PolygonCoordinates = z.array(Ring).min(1)

/**
 * GeoJSON geometries (RFC 7946) that features may carry, checked for shape, coordinate
 * ranges and edges that would cross the antimeridian.
 */
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Position }).strict(),
  z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position).min(1) }).strict(),
  z.object({ type: z.literal('LineString'), coordinates: path(2) }).strict(),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(path(2)).min(1) }).strict(),
  z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordinates }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoordinates).min(1) }).strict(),
])
export type Geometry = z.infer<typeof Geometry>
