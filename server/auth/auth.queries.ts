import { z } from 'zod'
import type { CommonQueryMethods } from 'slonik'
import { sql } from '../db/sql'
import { Role, type AuthUser } from './roles'

const UserRow = z.object({
  id: z.number(),
  username: z.string(),
  display_name: z.string(),
  roles: z.array(Role),
  county_codes: z.array(z.string()),
  disabled: z.boolean(),
  created_at: z.number(),
  version: z.number(),
})
/** A user as the admin API shows it: never the password hash. */
export type UserRecord = z.infer<typeof UserRow>

const userColumns = sql.fragment`u.id::int AS id, u.username, u.display_name, u.roles, u.county_codes, u.disabled, u.created_at, u.version`

/** The AuthUser of a user row. */
export function toAuthUser(row: Pick<UserRecord, 'id' | 'username' | 'display_name' | 'roles' | 'county_codes'>): AuthUser {
  return { id: row.id, username: row.username, displayName: row.display_name, roles: row.roles, countyCodes: row.county_codes }
}

export function countUsers(db: CommonQueryMethods): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM users`)
}

/** Creates a user. @throws UniqueIntegrityConstraintViolationError when the username is taken (any case). */
export function createUser(
  db: CommonQueryMethods,
  user: { username: string; displayName: string; passwordHash: string; roles: Role[]; countyCodes: string[] },
): Promise<UserRecord> {
  return db.one(sql.type(UserRow)`
    INSERT INTO users AS u (username, display_name, password_hash, roles, county_codes)
    VALUES (${user.username}, ${user.displayName}, ${user.passwordHash},
            ${sql.array(user.roles, 'text')}, ${sql.array(user.countyCodes, 'text')})
    RETURNING ${userColumns}`)
}

const LoginRow = UserRow.extend({ password_hash: z.string() })

/** The user with this username (any case) and its password hash, for login only. */
export function getUserForLogin(db: CommonQueryMethods, username: string) {
  return db.maybeOne(sql.type(LoginRow)`
    SELECT ${userColumns}, u.password_hash FROM users u WHERE lower(u.username) = lower(${username})`)
}

/** Enabled users holding the admin role. Locks them, so concurrent demotions queue up. */
export async function countActiveAdmins(db: CommonQueryMethods): Promise<number> {
  const ids = await db.anyFirst(sql.type(z.object({ id: z.number() }))`
    SELECT id::int AS id FROM users WHERE 'admin' = ANY(roles) AND NOT disabled FOR UPDATE`)
  return ids.length
}

export function listUsers(db: CommonQueryMethods): Promise<readonly UserRecord[]> {
  return db.any(sql.type(UserRow)`SELECT ${userColumns} FROM users u ORDER BY u.username`)
}

export function getUser(db: CommonQueryMethods, id: number): Promise<UserRecord | null> {
  return db.maybeOne(sql.type(UserRow)`SELECT ${userColumns} FROM users u WHERE u.id = ${id}`)
}

/** Locks a user row for an update in this transaction. */
export function getUserForUpdate(db: CommonQueryMethods, id: number): Promise<UserRecord | null> {
  return db.maybeOne(sql.type(UserRow)`SELECT ${userColumns} FROM users u WHERE u.id = ${id} FOR UPDATE`)
}

/** Writes the given fields of a user and bumps its version. */
export function updateUser(
  db: CommonQueryMethods,
  id: number,
  fields: { displayName?: string; roles?: Role[]; countyCodes?: string[]; disabled?: boolean; passwordHash?: string },
): Promise<UserRecord> {
  const sets = [sql.fragment`version = u.version + 1`]
  if (fields.displayName !== undefined) sets.push(sql.fragment`display_name = ${fields.displayName}`)
  if (fields.roles !== undefined) sets.push(sql.fragment`roles = ${sql.array(fields.roles, 'text')}`)
  if (fields.countyCodes !== undefined) sets.push(sql.fragment`county_codes = ${sql.array(fields.countyCodes, 'text')}`)
  if (fields.disabled !== undefined) sets.push(sql.fragment`disabled = ${fields.disabled}`)
  if (fields.passwordHash !== undefined) sets.push(sql.fragment`password_hash = ${fields.passwordHash}`)
  return db.one(sql.type(UserRow)`
    UPDATE users AS u SET ${sql.join(sets, sql.fragment`, `)} WHERE u.id = ${id} RETURNING ${userColumns}`)
}

/** Counties that exist among the given codes (to validate a user's scope). */
export function findCountyCodes(db: CommonQueryMethods, codes: string[]): Promise<readonly string[]> {
  return db.anyFirst(sql.type(z.object({ code: z.string() }))`
    SELECT code FROM counties WHERE is_home AND code = ANY(${sql.array(codes, 'text')})`)
}

// Sessions

export function createSession(
  db: CommonQueryMethods,
  session: { idHash: string; userId: number; csrfToken: string; ttlSeconds: number },
): Promise<void> {
  return db
    .query(sql.typeAlias('void')`
      INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
      VALUES (${session.idHash}, ${session.userId}, ${session.csrfToken}, now() + make_interval(secs => ${session.ttlSeconds}))`)
    .then(() => undefined)
}

const SessionRow = UserRow.pick({ id: true, username: true, display_name: true, roles: true, county_codes: true }).extend({
  csrf_token: z.string(),
})

/** The live session's user and CSRF token: not expired, user not disabled. */
export function getSession(db: CommonQueryMethods, idHash: string) {
  return db.maybeOne(sql.type(SessionRow)`
    SELECT ${userColumns}, s.csrf_token
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = ${idHash} AND s.expires_at > now() AND NOT u.disabled`)
}

export function deleteSession(db: CommonQueryMethods, idHash: string): Promise<void> {
  return db.query(sql.typeAlias('void')`DELETE FROM sessions WHERE id_hash = ${idHash}`).then(() => undefined)
}

/** Ends every session of a user ("log out everywhere", or when an admin disables the user). */
export function deleteUserSessions(db: CommonQueryMethods, userId: number): Promise<void> {
  return db.query(sql.typeAlias('void')`DELETE FROM sessions WHERE user_id = ${userId}`).then(() => undefined)
}

// API tokens

const TokenRow = z.object({
  id: z.number(),
  name: z.string(),
  created_at: z.number(),
  last_used_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
})
export type TokenRecord = z.infer<typeof TokenRow>
const tokenColumns = sql.fragment`id::int AS id, name, created_at, last_used_at, revoked_at`

export function createToken(db: CommonQueryMethods, token: { userId: number; name: string; tokenHash: string }) {
  return db.one(sql.type(TokenRow)`
    INSERT INTO api_tokens (user_id, name, token_hash) VALUES (${token.userId}, ${token.name}, ${token.tokenHash})
    RETURNING ${tokenColumns}`)
}

export function listTokens(db: CommonQueryMethods, userId: number): Promise<readonly TokenRecord[]> {
  return db.any(sql.type(TokenRow)`
    SELECT ${tokenColumns} FROM api_tokens WHERE user_id = ${userId} ORDER BY created_at DESC`)
}

/** Revokes one of the user's tokens. @returns its name, or null when the user has no such live token. */
export function revokeToken(db: CommonQueryMethods, userId: number, tokenId: number): Promise<string | null> {
  return db.maybeOneFirst(sql.type(z.object({ name: z.string() }))`
    UPDATE api_tokens SET revoked_at = now() WHERE id = ${tokenId} AND user_id = ${userId} AND revoked_at IS NULL
    RETURNING name`)
}

/** The user of a live token; notes when it was last used (at most once a minute). */
export async function getTokenUser(db: CommonQueryMethods, tokenHash: string) {
  const row = await db.maybeOne(sql.type(SessionRow.omit({ csrf_token: true }).extend({ token_id: z.number(), stale: z.boolean() }))`
    SELECT ${userColumns}, t.id::int AS token_id,
           (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND NOT u.disabled`)
  if (row?.stale) await db.query(sql.typeAlias('void')`UPDATE api_tokens SET last_used_at = now() WHERE id = ${row.token_id}`)
  return row
}

// Login throttling

/** Failed logins in the last `windowSeconds`, for the username and for the address. */
export function countRecentFailures(db: CommonQueryMethods, username: string, address: string, windowSeconds: number) {
  return db.one(sql.type(z.object({ by_user: z.number(), by_address: z.number() }))`
    SELECT count(*) FILTER (WHERE username = lower(${username}))::int AS by_user,
           count(*) FILTER (WHERE address = ${address})::int AS by_address
    FROM login_failures
    WHERE failed_at > now() - make_interval(secs => ${windowSeconds})
      AND (username = lower(${username}) OR address = ${address})`)
}

/**
 * Records a login attempt as a failure before the password is checked, so that
 * concurrent guesses all count; a successful login clears the account's failures.
 */
export function recordLoginFailure(db: CommonQueryMethods, username: string, address: string): Promise<void> {
  return db
    .query(sql.typeAlias('void')`INSERT INTO login_failures (username, address) VALUES (lower(${username}), ${address})`)
    .then(() => undefined)
}

export function clearLoginFailures(db: CommonQueryMethods, username: string): Promise<void> {
  return db.query(sql.typeAlias('void')`DELETE FROM login_failures WHERE username = lower(${username})`).then(() => undefined)
}
