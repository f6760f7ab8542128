import { z } from 'zod'

/** The roles a user may hold; admin may do everything. */
export const ROLES = ['viewer', 'placename_editor', 'boundary_inspector', 'facility_editor', 'admin'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

/** Who is making a request, as the permission checks see it. */
export type AuthUser = {
  id: number
  username: string
  displayName: string
  roles: Role[]
  /** County-level codes the user may edit in; empty = the whole city. */
  countyCodes: string[]
}

/** Whether the user holds the role (admin holds every role). */
export function hasRole(user: AuthUser, role: Role): boolean {
  return user.roles.includes('admin') || user.roles.includes(role)
}

/** Whether the user may write records of these counties: unscoped users everywhere, scoped users only in theirs. */
export function inScope(user: AuthUser, countyCodes: readonly (string | null)[]): boolean {
  if (user.countyCodes.length === 0) return true
  return countyCodes.every((code) => code !== null && user.countyCodes.includes(code))
}
