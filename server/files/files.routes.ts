import type { Response } from 'express'
import type { DatabasePool } from 'slonik'
import { z } from 'zod'
import { INT8_SAFE_MAX } from '../http/fields'
import { limitedBody } from '../http/input-guard'
import { HttpProblem } from '../http/problem'
import { route, type RouteTable } from '../http/routes'
import { DOCUMENT_POLICY, MAX_FILE_BYTES, PHOTO_POLICY, readFileBytes, readStoredFiles, storeFile, type FileVariant } from './files'

const POLICIES = { photo: PHOTO_POLICY, document: DOCUMENT_POLICY }

/** Query of `POST /api/files`: what the file is for (which decides the types and size taken), and its name. */
const UploadQuery = z
  .object({
    purpose: z.enum(['photo', 'document']),
    name: z.string().min(1).max(200).optional(),
  })
  .strict()

/** Sends one variant of a stored file: files never change, so a client may keep it. */
async function sendFile(db: DatabasePool, res: Response, id: number, variant: FileVariant) {
  const file = await readFileBytes(db, id, variant)
  if (!file) throw new HttpProblem(404, 'unknown_file', { id })
  res.set('Cache-Control', 'private, max-age=31536000, immutable')
  res.set('ETag', `"${file.sha256}${variant === 'original' ? '' : `-${variant}`}"`)
  if (file.name) res.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
  res.type(file.contentType).send(file.bytes)
}

/**
 * `/api/files`: the shared file store (server/files/files.ts). A client uploads a file
 * here and then names its id in a record (a photo of an inspection, a case's report).
 */
export function filesRoutes(db: DatabasePool): RouteTable {
  return {
    mount: '/api/files',
    routes: [
      route({
        method: 'post',
        path: '/',
        summary: 'Store a file (the body, any Content-Type: the type is read from the bytes): photo = JPEG/PNG/WebP up to 10 MB, document = PDF or a photo up to 20 MB; images get a thumbnail',
        access: 'user',
        query: UploadQuery,
        body: 'application/octet-stream',
        before: [limitedBody('application/octet-stream', MAX_FILE_BYTES)],
        handler: async ({ req, res, user, query }) => {
          const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
          const stored = await storeFile(db, bytes, { policy: POLICIES[query.purpose], field: 'body', name: query.name, claimedType: req.get('content-type'), userId: user.id })
          res.status(201).location(stored.url).json(stored)
        },
      }),
      route({
        method: 'get',
        path: '/:id',
        summary: 'A stored file as uploaded',
        access: 'user',
        integerParams: { id: INT8_SAFE_MAX },
        handler: ({ res, params }) => sendFile(db, res, params.id as number, 'original'),
      }),
      route({
        method: 'get',
        path: '/:id/thumbnail',
        summary: 'An image file’s thumbnail: a JPEG at most 320 px on its longer side',
        access: 'user',
        integerParams: { id: INT8_SAFE_MAX },
        handler: ({ res, params }) => sendFile(db, res, params.id as number, 'thumbnail'),
      }),
      route({
        method: 'get',
        path: '/:id/metadata',
        summary: 'A stored file’s type, size, sha256, picture size and, for a photo, when and where it was taken (from its EXIF)',
        access: 'user',
        integerParams: { id: INT8_SAFE_MAX },
        handler: async ({ res, params }) => {
          const [file] = await readStoredFiles(db, [params.id as number])
          if (!file) throw new HttpProblem(404, 'unknown_file', { id: params.id as number })
          res.json(file)
        },
      }),
    ],
  }
}
