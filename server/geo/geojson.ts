import { z } from 'zod'

const Position = z
  .array(z.number({ invalid_type_error: 'coordinates must be numbers' }).finite(), { invalid_type_error: 'a position must be an array [longitude, latitude]' })
  .min(2, 'a position needs a longitude and a latitude')
  .max(3, 'a position has at most 3 numbers')
  .superRefine((p, ctx) => {
    if (Math.abs(p[0]!) > 180) ctx.addIssue({ code: 'custom', message: `longitude ${p[0]} is outside -180..180` })
    if (Math.abs(p[1]!) > 90) {
      ctx.addIssue({ code: 'custom', message: `latitude ${p[1]} is outside -90..90 (are longitude and latitude swapped?)` })
    }
  })

const LineCoordinates = z.array(Position).min(2, 'a line needs at least 2 positions')

const Ring = z
  .array(Position)
  .min(4, 'a polygon ring needs at least 4 positions')
  .refine((ring) => ring.length < 4 || (ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1]), {
    message: 'a polygon ring must end where it starts',
  })

const PolygonCoordinates = z.array(Ring).min(1, 'a polygon needs an outer ring')

/** GeoJSON geometries (RFC 7946) that features may carry, checked for shape and coordinate ranges. */
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Position }).strict(),
  z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position).min(1) }).strict(),
  z.object({ type: z.literal('LineString'), coordinates: LineCoordinates }).strict(),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(LineCoordinates).min(1) }).strict(),
  z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordinates }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoordinates).min(1) }).strict(),
])
export type Geometry = z.infer<typeof Geometry>
