import { describe, expect, it } from 'vitest'
import { diffFields } from './audit'

describe('diffFields', () => {
  it('lists only the changed fields with old and new values', () => {
    expect(diffFields({ name: '焦店镇', area: 1, tags: ['a'] }, { name: '焦店镇', area: 2, tags: ['a'] })).toEqual({
      area: { old: 1, new: 2 },
    })
  })

  it('records a create as every field from null, a delete as every field to null', () => {
    expect(diffFields(null, { name: 'x' })).toEqual({ name: { old: null, new: 'x' } })
    expect(diffFields({ name: 'x' }, null)).toEqual({ name: { old: 'x', new: null } })
  })

  it('compares geometries by value', () => {
    const g = { type: 'Point', coordinates: [113.3, 33.7] }
    expect(diffFields({ geometry: g }, { geometry: { ...g } })).toEqual({})
  })
})
