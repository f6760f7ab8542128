import { randomBytes } from 'node:crypto'
import type { DatabasePool } from 'slonik'
import { createToken, createUser } from '../../server/auth/auth.queries'
import { hashSecret } from '../../server/auth/auth.middleware'
import { hashPassword } from '../../server/auth/password'
import type { Role } from '../../server/auth/roles'

/** A user made for one test, with a password and a personal API token. */
export type TestUser = { id: number; username: string; password: string; token: string }

const passwordHashes = new Map<string, string>()

/** Creates a user with a unique name, the given roles and scope, and an API token. */
export async function createTestUser(
  pool: DatabasePool,
  roles: Role[],
  countyCodes: string[] = [],
  prefix = 'u',
): Promise<TestUser> {
  const username = `${prefix}-${randomBytes(5).toString('hex')}`
  const password = 'correct horse battery staple'
  // One scrypt hash serves every test user: hashing is deliberately slow.
  const passwordHash = passwordHashes.get(password) ?? (await hashPassword(password))
  passwordHashes.set(password, passwordHash)
  const user = await createUser(pool, { username, displayName: username, passwordHash, roles, countyCodes })
  const token = `cam_test_${randomBytes(16).toString('hex')}`
  await createToken(pool, { userId: user.id, name: 'test', tokenHash: hashSecret(token) })
  return { id: user.id, username, password, token }
}
