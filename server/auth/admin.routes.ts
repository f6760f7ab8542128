import { z } from 'zod'
import type { DatabasePool } from 'slonik'
import { UniqueIntegrityConstraintViolationError, type CommonQueryMethods } from 'slonik'
import { INT8_SAFE_MAX, Timestamp } from '../http/fields'
import { parseInteger } from '../http/params'
import { route, type RouteTable } from '../http/routes'
import { badRequest, fieldError, HttpProblem, notFound } from '../http/problem'
import { requireIfMatch, setEtag, staleVersion } from '../http/versioning'
import { diffFields } from './audit'
import { listAudit, recordAudit } from './audit.queries'
import { countActiveAdmins, createUser, deleteUserSessions, findCountyCodes, getUserForUpdate, listUsers, updateUser, type UserRecord } from './auth.queries'
import { CreateUserBody, UpdateUserBody } from './auth.schemas'
import { hashPassword } from './password'

/** The audited view of a user: what an admin may change, never the password hash. */
function auditedFields(user: UserRecord) {
  return { username: user.username, display_name: user.display_name, roles: user.roles, county_codes: user.county_codes, disabled: user.disabled }
}

async function checkCounties(db: CommonQueryMethods, codes: string[] | undefined) {
  if (!codes?.length) return
  const known = new Set(await findCountyCodes(db, codes))
  const unknown = codes.filter((c) => !known.has(c))
  if (unknown.length) throw badRequest([fieldError('county_codes', 'unknown_counties', { codes: unknown })])
}

const AuditQuery = z
  .object({
    username: z.string().max(64),
    table: z.string().max(64),
    record_id: z.string().max(100),
    from: Timestamp,
    to: Timestamp,
    limit: z.string(),
    offset: z.string(),
  })
  .partial()
  .strict()

/** `/api/admin`: users, roles and county scopes, and the audit log. Admins only. */
export function adminRoutes(db: DatabasePool): RouteTable {
  return {
    mount: '/api/admin',
    routes: [
      route({
        method: 'get',
        path: '/users',
        summary: 'Every user with roles and county scope',
        access: ['admin'],
        handler: async ({ res }) => {
          res.json({ users: await listUsers(db) })
        },
      }),
      route({
        method: 'post',
        path: '/users',
        summary: 'Create a user',
        access: ['admin'],
        body: CreateUserBody,
        handler: async ({ res, user: admin, body }) => {
          await checkCounties(db, body.county_codes)
          const passwordHash = await hashPassword(body.password)
          const user = await db
            .transaction(async (tx) => {
              const created = await createUser(tx, { username: body.username, displayName: body.display_name, passwordHash, roles: body.roles, countyCodes: body.county_codes })
              await recordAudit(tx, { user: admin, action: 'create', table: 'users', recordId: String(created.id), changes: diffFields(null, auditedFields(created)) })
              return created
            })
            .catch((error) => {
              if (error instanceof UniqueIntegrityConstraintViolationError) throw new HttpProblem(409, 'conflict', {}, [fieldError('username', 'taken')])
              throw error
            })
          setEtag(res, user.version)
          res.status(201).location(`/api/admin/users/${user.id}`).json(user)
        },
      }),
      route({
        method: 'patch',
        path: '/users/:id',
        summary: 'Change a user (If-Match: its ETag)',
        access: ['admin'],
        integerParams: { id: INT8_SAFE_MAX },
        body: UpdateUserBody,
        handler: async ({ req, res, user: admin, params, body }) => {
          const id = Number(params.id)
          const version = requireIfMatch(req)
          await checkCounties(db, body.county_codes)
          const passwordHash = body.password ? await hashPassword(body.password) : undefined
          const user = await db.transaction(async (tx) => {
            const before = await getUserForUpdate(tx, id)
            if (!before) throw notFound('unknown_user', { id })
            if (before.version !== version) throw staleVersion(before.version)
            if (before.id === admin.id && (body.disabled || (body.roles && !body.roles.includes('admin')))) {
              throw badRequest([fieldError(body.disabled ? 'disabled' : 'roles', 'self_lockout')])
            }
            const after = await updateUser(tx, id, { displayName: body.display_name, roles: body.roles, countyCodes: body.county_codes, disabled: body.disabled, passwordHash })
            // Two admins demoting each other at once must not leave the city without one.
            if ((await countActiveAdmins(tx)) === 0) throw badRequest([fieldError(body.disabled ? 'disabled' : 'roles', 'last_admin')])
            const changes = diffFields(auditedFields(before), auditedFields(after))
            if (passwordHash) changes.password = { old: '(hidden)', new: '(changed)' }
            await recordAudit(tx, { user: admin, action: 'update', table: 'users', recordId: String(id), changes })
            if (body.disabled || passwordHash) await deleteUserSessions(tx, id)
            return after
          })
          setEtag(res, user.version)
          res.json(user)
        },
      }),
      route({
        method: 'get',
        path: '/audit',
        summary: 'The audit log, newest first, filtered by user, table, record and time',
        access: ['admin'],
        query: AuditQuery,
        handler: async ({ res, query: q }) => {
          const limit = q.limit === undefined ? 50 : parseInteger(q.limit, 'limit', 1, 500)
          const offset = q.offset === undefined ? 0 : parseInteger(q.offset, 'offset', 0, INT8_SAFE_MAX)
          const page = await listAudit(db, { username: q.username, table: q.table, recordId: q.record_id, from: q.from, to: q.to, limit, offset })
          res.json({ ...page, limit, offset })
        },
      }),
    ],
  }
}
