import fs from 'node:fs/promises'
import path from 'node:path'
import type { DatabasePool } from 'slonik'
import { UniqueIntegrityConstraintViolationError } from 'slonik'
import { countUsers, createUser } from './auth.queries'
import { hashPassword, randomSecret } from './password'

/** File in DATA_DIR holding the first admin's generated password (mode 0600). */
export const ADMIN_PASSWORD_FILE = 'admin-password.txt'

/**
 * On a database without users, creates `admin` with `adminPassword` or a random one.
 * A generated password is written to `<dataDir>/admin-password.txt`, readable only by
 * the owner, and returned so that the caller prints it once.
 * @returns what was created, or null when users already exist.
 */
export async function ensureAdmin(
  db: DatabasePool,
  options: { dataDir: string; adminPassword: string | undefined },
): Promise<{ username: string; password: string | null; file: string | null } | null> {
  if ((await countUsers(db)) > 0) return null
  const password = options.adminPassword ?? randomSecret(15)
  try {
    await createUser(db, {
      username: 'admin',
      displayName: '系统管理员',
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      countyCodes: [],
    })
  } catch (error) {
    // Another process created it first.
    if (error instanceof UniqueIntegrityConstraintViolationError) return null
    throw error
  }
  if (options.adminPassword) return { username: 'admin', password: null, file: null }
  await fs.mkdir(options.dataDir, { recursive: true })
  const file = path.join(options.dataDir, ADMIN_PASSWORD_FILE)
  await fs.writeFile(file, `admin\n${password}\n`, { mode: 0o600 })
  await fs.chmod(file, 0o600)
  return { username: 'admin', password, file }
}
