import { getMe, login, logout, type Role, type User } from './client'

let user: User | null = null
const listeners = new Set<() => void>()

/** The signed-in user, or null. */
export function currentUser(): User | null {
  return user
}

/** Whether the signed-in user holds the role (admins hold every role). */
export function userHasRole(role: Role): boolean {
  return !!user && (user.roles.includes('admin') || user.roles.includes(role))
}

/** Calls `listener` now and whenever the user signs in or out. */
export function onUserChange(listener: () => void): void {
  listeners.add(listener)
  listener()
}

function set(next: User | null) {
  user = next
  for (const listener of listeners) listener()
}

/** Restores the session of this browser, if any. */
export async function restoreSession(): Promise<void> {
  set(await getMe())
}

export async function signIn(username: string, password: string): Promise<void> {
  set(await login(username, password))
}

export async function signOut(everywhere = false): Promise<void> {
  await logout(everywhere)
  set(null)
}

/**
 * Whether the signed-in user's county scope lets them change a record in this county: a
 * user with no counties listed may edit anywhere, one with counties only in those. The
 * server checks it again; this keeps the interface from offering what it would refuse.
 */
export function userMayEditIn(countyCode: string | null | undefined): boolean {
  if (!user) return false
  if (user.countyCodes.length === 0) return true
  return !!countyCode && user.countyCodes.includes(countyCode)
}
