import { isDeepStrictEqual } from 'node:util'

/** One changed field: its value before and after (null when absent). */
export type FieldChange = { old: unknown; new: unknown }

/**
 * The fields whose values differ between two versions of a record, with both values.
 * `before` null means a create, `after` null a delete.
 * @example diffFields({ name: 'a', beds: 1 }, { name: 'a', beds: 2 }) // { beds: { old: 1, new: 2 } }
 */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {}
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  for (const key of keys) {
    const old = before?.[key] ?? null
    const value = after?.[key] ?? null
    if (!isDeepStrictEqual(old, value)) changes[key] = { old, new: value }
  }
  return changes
}
