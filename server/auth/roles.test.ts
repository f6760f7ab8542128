import { describe, expect, it } from 'vitest'
import { hasRole, inScope, type AuthUser } from './roles'

const user = (roles: AuthUser['roles'], countyCodes: string[] = []): AuthUser => ({
  id: 1,
  username: 'u',
  displayName: '',
  roles,
  countyCodes,
})

describe('hasRole', () => {
  it('grants a held role and every role to admin', () => {
    expect(hasRole(user(['facility_editor']), 'facility_editor')).toBe(true)
    expect(hasRole(user(['facility_editor']), 'placename_editor')).toBe(false)
    expect(hasRole(user(['admin']), 'boundary_inspector')).toBe(true)
  })
})

describe('inScope', () => {
  it('lets an unscoped (city) user write anywhere', () => {
    expect(inScope(user(['admin']), ['410423', null])).toBe(true)
  })

  it('limits a scoped user to its counties, before and after the change', () => {
    const lushan = user(['facility_editor'], ['410423'])
    expect(inScope(lushan, ['410423'])).toBe(true)
    expect(inScope(lushan, ['410423', '410482'])).toBe(false)
    expect(inScope(lushan, [null])).toBe(false)
  })
})
