import zlib from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { sql } from '../server/db/sql'
import { checkFileIds, claimedKind, readFileBytes, sniffKind } from '../server/files/files'
import { startTestApp } from './support/test-app'
import { createTestUser, type TestUser } from './support/users'

const sqlCount = sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM files`

let app: Awaited<ReturnType<typeof startTestApp>>
let user: TestUser
beforeAll(async () => {
  app = await startTestApp()
  user = await createTestUser(app.pool, ['viewer'], [], 'files')
})
afterAll(async () => {
  await app.close()
})

/** POSTs bytes to the file store as `user` (null: anonymous). */
async function upload(bytes: Buffer, query: string, options: { as?: TestUser | null; type?: string } = {}) {
  const who = options.as === undefined ? user : options.as
  const res = await fetch(`${app.url}/api/files?${query}`, {
    method: 'POST',
    headers: { 'content-type': options.type ?? 'application/octet-stream', ...(who ? { authorization: `Bearer ${who.token}` } : {}) },
    body: new Uint8Array(bytes),
  })
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() }
}

async function download(path: string) {
  const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${user.token}` } })
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()), cache: res.headers.get('cache-control') }
}

/** A 1600×1200 JPEG that says in its EXIF it was taken at 33°44'36"N 113°11'24"E on 2026-05-01. */
function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'test' },
      IFD2: { DateTimeOriginal: '2026:05:01 10:20:30' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 44/1 3600/100', GPSLongitudeRef: 'E', GPSLongitude: '113/1 11/1 2400/100' },
    })
    .toBuffer()
}

/** A small PNG whose header claims `width` × `height` pixels (its CRC mended): a decompression bomb's header. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer())
  png.writeUInt32BE(width, 16)
  png.writeUInt32BE(height, 20)
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29)
  return png
}

const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

describe('the file store', () => {
  it('stores a photo with its sha256, size, thumbnail, EXIF time and position, and a public copy without EXIF', async () => {
    const bytes = await photoWithExif()
    const stored = await upload(bytes, 'purpose=photo&name=%E7%8E%B0%E5%9C%BA.jpg')
    expect(stored.status).toBe(201)
    expect(stored.body).toMatchObject({ contentType: 'image/jpeg', size: bytes.length, width: 1600, height: 1200, name: '现场.jpg', takenAt: '2026-05-01T10:20:30Z' })
    expect(stored.body.position.lat).toBeCloseTo(33 + 44 / 60 + 36 / 3600, 6)
    expect(stored.body.position.lon).toBeCloseTo(113 + 11 / 60 + 24 / 3600, 6)
    expect(stored.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))

    const original = await download(stored.body.url)
    expect(original.status).toBe(200)
    expect(original.bytes.equals(bytes)).toBe(true)
    expect(original.cache).toContain('immutable')
    const thumbnail = await download(stored.body.thumbnailUrl)
    expect(thumbnail.type).toBe('image/jpeg')
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({ width: 320, height: 240 })
    expect((await sharp(thumbnail.bytes).metadata()).exif).toBeUndefined()

    const publicCopy = await readFileBytes(app.pool, stored.body.id, 'public')
    const publicMeta = await sharp(publicCopy!.bytes).metadata()
    expect(publicMeta.exif).toBeUndefined()
    expect(publicMeta).toMatchObject({ width: 1600, height: 1200, format: 'jpeg' })
    expect((await sharp(bytes).metadata()).exif).toBeDefined()
  })

  it('stores a PDF as a document, not as a photo', async () => {
    const doc = await upload(MINIMAL_PDF, 'purpose=document&name=report.pdf')
    expect(doc.status).toBe(201)
    expect(doc.body).toMatchObject({ contentType: 'application/pdf', width: null, thumbnailUrl: null })
    expect((await download(`/api/files/${doc.body.id}/thumbnail`)).status).toBe(404)
    const photo = await upload(MINIMAL_PDF, 'purpose=photo')
    expect(photo.status).toBe(415)
    expect(photo.body.errors).toEqual([expect.objectContaining({ field: 'body', code: 'file_type_not_allowed', params: { type: 'PDF', allowed: ['JPEG', 'PNG', 'WEBP'] } })])
  })

  it.each([
    ['an empty body', async () => Buffer.alloc(0), 400, 'file_empty'],
    ['a text file', async () => Buffer.from('hello, I am an image'), 415, 'file_type_not_allowed'],
    ['an iPhone HEIC', async () => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]), 415, 'file_type_not_allowed'],
    ['a cut-off JPEG', async () => (await photoWithExif()).subarray(0, 200), 400, 'file_unreadable'],
    ['a PNG header claiming 50,000 × 50,000 pixels', () => pngClaiming(50_000, 50_000), 413, 'image_too_large'],
    ['a photo over 10 MB', async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024)]), 413, 'file_too_large'],
  ])('refuses %s, naming the body, and stores nothing', async (_what, make, status, code) => {
    const before = await app.pool.oneFirst(sqlCount)
    const res = await upload(await make(), 'purpose=photo')
    expect(res.status).toBe(status)
    expect(res.type).toContain('application/problem+json')
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body', code })])
    expect(await app.pool.oneFirst(sqlCount)).toBe(before)
  })

  it('refuses a file whose name or Content-Type claims another type than its bytes', async () => {
    const jpeg = await photoWithExif()
    const named = await upload(jpeg, 'purpose=photo&name=sign.png')
    expect(named.status).toBe(415)
    expect(named.body.errors[0]).toMatchObject({ code: 'file_type_mismatch', params: { claimed: 'PNG', type: 'JPEG' } })
    const typed = await upload(MINIMAL_PDF, 'purpose=document', { type: 'image/jpeg' })
    expect(typed.status).toBe(415)
    expect(typed.body.errors[0]).toMatchObject({ code: 'file_type_mismatch', params: { claimed: 'JPEG', type: 'PDF' } })
  })

  it('refuses a body over the largest limit before reading it, an unknown purpose, an anonymous upload', async () => {
    expect((await upload(Buffer.alloc(21 * 1024 * 1024), 'purpose=document')).body).toMatchObject({ status: 413, code: 'payload_too_large' })
    expect((await upload(MINIMAL_PDF, 'purpose=scan')).body.errors[0]).toMatchObject({ field: 'purpose' })
    expect((await upload(MINIMAL_PDF, 'purpose=document', { as: null })).status).toBe(401)
  })

  it('answers 404 for a file that does not exist; checkFileIds names the missing ids by position', async () => {
    expect((await download('/api/files/999999999')).status).toBe(404)
    expect((await download('/api/files/0')).status).toBe(400)
    const doc = await upload(MINIMAL_PDF, 'purpose=document')
    await expect(checkFileIds(app.pool, [doc.body.id], 'photo_ids')).resolves.toBeUndefined()
    await expect(checkFileIds(app.pool, [doc.body.id, 999999999], 'photo_ids')).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'photo_ids.1', code: 'unknown_file' })],
    })
  })
})

describe('sniffing', () => {
  it('reads the kind from the signature and the claim from a name or a type', async () => {
    expect(sniffKind(await photoWithExif())).toBe('jpeg')
    expect(sniffKind(await pngClaiming(4, 4))).toBe('png')
    expect(sniffKind(await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).webp().toBuffer())).toBe('webp')
    expect(sniffKind(MINIMAL_PDF)).toBe('pdf')
    expect(sniffKind(Buffer.from('GIF89a'))).toBeNull()
    expect(claimedKind('IMG_0001.JPG')).toBe('jpeg')
    expect(claimedKind('image/png')).toBe('png')
    expect(claimedKind('application/octet-stream')).toBeNull()
    expect(claimedKind('notes.txt')).toBeNull()
  })
})
