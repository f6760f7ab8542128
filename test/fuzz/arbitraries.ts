import fc from 'fast-check'
import type { z } from 'zod'

/** Text that stresses a parser or a column: NUL, controls, lone surrogates, SQL, long text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u0001\u001f\u007f', '%00', '\\u0000', "'; DROP TABLE users; --", '0x2', '1e308', ' ', ''),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // Long, but within what a URL may carry (Node refuses request heads over 16 KB before any handler).
  fc.constant('界'.repeat(1000)),
)

/** Hostile text for bodies, where size is the server's own limit to enforce: also a 200 KB string. */
export const hostileBodyText: fc.Arbitrary<string> = fc.oneof(hostileText, fc.constant('界'.repeat(70_000)))

/** Numbers beyond every column: int4 overflow, huge, negative, fractional. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(3_000_000_000, 2_147_483_648, 2_147_483_647, 1e308, -1, -2_147_483_649, 0.5, Number.MAX_SAFE_INTEGER + 2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

/** Any JSON value, of any type, for a field that expects another. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileBodyText,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(hostileText, hostileNumber), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), hostileText, { maxKeys: 3 }),
)

type Def = { typeName: string; [key: string]: any }

/** Values a zod schema would take (and near misses at its bounds), built from the schema itself. */
export function fromZod(schema: z.ZodTypeAny): fc.Arbitrary<unknown> {
  const def = schema._def as Def
  switch (def.typeName) {
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, fromZod(v)])), { requiredKeys: [] })
    }
    case 'ZodString': {
      const max = (def.checks as { kind: string; value: number }[]).find((c) => c.kind === 'max')?.value ?? 50
      return fc.oneof(fc.string({ minLength: 1, maxLength: Math.min(max, 30) }), fc.string({ minLength: max + 1, maxLength: max + 5 }))
    }
    case 'ZodNumber': {
      const checks = def.checks as { kind: string; value: number }[]
      const min = checks.find((c) => c.kind === 'min')?.value ?? -1000
      const max = checks.find((c) => c.kind === 'max')?.value ?? 1000
      const isInt = checks.some((c) => c.kind === 'int')
      return fc.oneof(
        isInt ? fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }) : fc.double({ min, max, noNaN: true }),
        fc.constantFrom(min - 1, max + 1, min, max),
      )
    }
    case 'ZodBoolean':
      return fc.boolean()
    case 'ZodEnum':
      return fc.oneof(fc.constantFrom(...(def.values as string[])), fc.constant('not-an-option'))
    case 'ZodLiteral':
      return fc.constant(def.value)
    case 'ZodArray':
      return fc.array(fromZod(def.type), { maxLength: (def.maxLength?.value ?? 3) + 1 })
    case 'ZodNullable':
      return fc.oneof(fc.constant(null), fromZod(def.innerType))
    case 'ZodOptional':
      return fc.oneof(fc.constant(undefined), fromZod(def.innerType))
    case 'ZodDefault':
      return fromZod(def.innerType)
    case 'ZodEffects':
      return fromZod(def.schema)
    default:
      return anyJson
  }
}

/**
 * A value of the schema, then perhaps mutated: one field given a value of another type or
 * out of range, a field dropped, an unknown field or `__proto__` added.
 */
export function mutated(schema: z.AnyZodObject): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(schema.shape)
  return fc
    .tuple(fromZod(schema) as fc.Arbitrary<Record<string, unknown>>, fc.nat(6), fc.constantFrom(...keys), anyJson)
    .map(([value, how, key, other]) => {
      const v = { ...value }
      if (how === 1) v[key] = other
      else if (how === 2) delete v[key]
      else if (how === 3) v.not_a_field = other
      else if (how === 4) return JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(v).slice(1)}`) as Record<string, unknown>
      return v
    })
}

const position = (lon: fc.Arbitrary<number>, lat: fc.Arbitrary<number>) => fc.tuple(lon, lat)

/**
 * Geometries for a register: inside the city (near the given points), anywhere, and
 * adversarial (across the antimeridian, around the world, self-intersecting, malformed).
 */
export function geometry(inside: [number, number][]): fc.Arbitrary<unknown> {
  const near = fc.constantFrom(...inside).chain(([x, y]) => position(fc.double({ min: x - 0.05, max: x + 0.05, noNaN: true }), fc.double({ min: y - 0.05, max: y + 0.05, noNaN: true })))
  const anywhere = position(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }))
  const square = (p: fc.Arbitrary<[number, number]>) =>
    fc.tuple(p, fc.double({ min: 0.0001, max: 0.02, noNaN: true })).map(([[x, y], d]) => ({
      type: 'Polygon',
      coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
    }))
  return fc.oneof(
    near.map((c) => ({ type: 'Point', coordinates: c })),
    anywhere.map((c) => ({ type: 'Point', coordinates: c })),
    square(near),
    square(near).map((g) => ({ type: 'MultiPolygon', coordinates: [g.coordinates] })),
    square(anywhere),
    fc.constantFrom(
      { type: 'Polygon', coordinates: [[[170, 10], [-170, 10], [-170, 20], [170, 20], [170, 10]]] },
      { type: 'Polygon', coordinates: [[[0, 90], [0, -90], [1, -90], [0, 90]]] },
      { type: 'LineString', coordinates: [[113, 90], [113, -90]] },
      { type: 'Point', coordinates: [113, 90] },
      { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] },
      { type: 'Polygon', coordinates: [[[113, 33.7], [113.1, 33.8], [113.1, 33.7], [113, 33.8], [113, 33.7]]] },
      { type: 'Polygon', coordinates: [[[113, 33.7], [113, 33.7], [113, 33.7], [113, 33.7]]] },
      { type: 'Point', coordinates: [] },
      { type: 'Point', coordinates: [1e308, 1e308] },
      { type: 'Point', coordinates: ['113', '33'] },
      { type: 'LineString', coordinates: [[113, 33.7], [113, 33.7]] },
      { type: 'GeometryCollection', geometries: [] },
      { type: 'Point' },
      null,
    ),
    anyJson,
  )
}
