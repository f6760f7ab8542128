import { createHash } from 'node:crypto'
import exifReader from 'exif-reader'
import sharp, { type Metadata } from 'sharp'
import type { CommonQueryMethods } from 'slonik'
import { z } from 'zod'
import { sql } from '../db/sql'
import type { ErrorCode, ErrorParams } from '../http/error-codes'
import { fieldError, HttpProblem } from '../http/problem'

/** What a file's first bytes say it is. */
export type FileKind = 'jpeg' | 'png' | 'webp' | 'heic' | 'pdf'

const CONTENT_TYPES: Record<Exclude<FileKind, 'heic'>, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
}

/** What one use takes: the kinds, the size, and for images the pixels (a decompression-bomb guard). */
export type FilePolicy = { kinds: readonly FileKind[]; maxBytes: number; maxPixels: number }

const MB = 1024 * 1024

/**
 * Photos from phones and cameras. HEIC (an iPhone's own format) is refused with its name:
 * the image library reads HEIF only with AV1 inside; an iPhone set to "Most Compatible"
 * sends JPEG, and a browser's file picker usually converts.
 */
export const PHOTO_POLICY: FilePolicy = { kinds: ['jpeg', 'png', 'webp'], maxBytes: 10 * MB, maxPixels: 40_000_000 }

/** Scans and documents: PDF or a photo of the page. */
export const DOCUMENT_POLICY: FilePolicy = { kinds: ['pdf', 'jpeg', 'png', 'webp'], maxBytes: 20 * MB, maxPixels: 40_000_000 }

/** The largest file any policy takes: what a route reading a file must let through. */
export const MAX_FILE_BYTES = Math.max(PHOTO_POLICY.maxBytes, DOCUMENT_POLICY.maxBytes)

/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_PX = 320

const EXTENSIONS: Record<string, FileKind> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp', heic: 'heic', heif: 'heic', pdf: 'pdf' }

/** The kind the bytes are, by their signature; null when none of ours. */
export function sniffKind(bytes: Buffer): FileKind | null {
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString('latin1')
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(ascii(8, 12))) return 'heic'
  if (bytes.length >= 5 && ascii(0, 5) === '%PDF-') return 'pdf'
  return null
}

/** The kind a file name or a Content-Type header claims; null when it claims none of ours. */
export function claimedKind(nameOrType: string): FileKind | null {
  const type = /^(image|application)\/([a-z.+-]+)$/i.exec(nameOrType.trim())
  if (type) return EXTENSIONS[type[2]!.toLowerCase()] ?? null
  const extension = /\.([a-z0-9]+)$/i.exec(nameOrType)
  return extension ? (EXTENSIONS[extension[1]!.toLowerCase()] ?? null) : null
}

/** A stored file's metadata, as the API shows it. */
export type StoredFile = {
  id: number
  sha256: string
  contentType: string
  size: number
  name: string | null
  width: number | null
  height: number | null
  /** When and where a photo was taken, from its EXIF. */
  takenAt: string | null
  position: { lon: number; lat: number } | null
  createdAt: string
  url: string
  thumbnailUrl: string | null
}

const FileRow = z.object({
  // bigint: read as a BigInt by one driver, a string or number by others.
  id: z.coerce.number(),
  sha256: z.string(),
  content_type: z.string(),
  size: z.number(),
  name: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  taken_at: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  created_at: z.string(),
  has_thumbnail: z.boolean(),
})

function storedFile(row: z.infer<typeof FileRow>): StoredFile {
  return {
    id: row.id,
    sha256: row.sha256,
    contentType: row.content_type,
    size: row.size,
    name: row.name,
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    position: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    createdAt: row.created_at,
    url: `/api/files/${row.id}`,
    thumbnailUrl: row.has_thumbnail ? `/api/files/${row.id}/thumbnail` : null,
  }
}

const METADATA = sql.fragment`
  id, sha256, content_type, size, name, width, height,
  to_char(taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS taken_at,
  ST_X(taken_position) AS lon, ST_Y(taken_position) AS lat,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
  thumbnail IS NOT NULL AS has_thumbnail`

function fileProblem(status: 400 | 413 | 415, field: string, code: ErrorCode, params?: ErrorParams): HttpProblem {
  return new HttpProblem(status, status === 400 ? 'invalid_request' : code, params, [fieldError(field, code, params)])
}

/** The kinds' names as people know them. */
function kindNames(kinds: readonly FileKind[]): string[] {
  return kinds.map((k) => k.toUpperCase())
}

/** What an image's EXIF says of when and where it was taken, when it says so sensibly. */
function exifFacts(exif: Buffer | undefined): { takenAt: Date | null; position: { lon: number; lat: number } | null } {
  if (!exif) return { takenAt: null, position: null }
  try {
    const tags = exifReader(exif)
    const taken = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime
    const takenAt = taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken : null
    const gps = tags.GPSInfo
    const degrees = (dms: unknown, ref: unknown, negative: string) => {
      if (!Array.isArray(dms) || dms.length !== 3 || !dms.every((n) => Number.isFinite(n))) return null
      const value = dms[0] + dms[1] / 60 + dms[2] / 3600
      return ref === negative ? -value : value
    }
    const lat = degrees(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S')
    const lon = degrees(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W')
    const position = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && (lat !== 0 || lon !== 0) ? { lon, lat } : null
    return { takenAt, position }
  } catch {
    // A damaged EXIF block says nothing; the photo itself is still good.
    return { takenAt: null, position: null }
  }
}

type ImageFacts = { width: number; height: number; thumbnail: Buffer; publicBytes: Buffer; takenAt: Date | null; position: { lon: number; lat: number } | null }

/** Decodes an image: its size, a thumbnail, a copy without EXIF, and what its EXIF says. */
async function readImage(bytes: Buffer, kind: 'jpeg' | 'png' | 'webp', policy: FilePolicy, field: string): Promise<ImageFacts> {
  const options = { limitInputPixels: policy.maxPixels, failOn: 'error' as const }
  let metadata: Metadata
  try {
    // The header only, without the pixel limit: a picture too large gets its own message below.
    metadata = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata()
  } catch {
    throw fileProblem(400, field, 'file_unreadable', { type: kind.toUpperCase() })
  }
  const width = metadata.width ?? 0
  const height = metadata.height ?? 0
  // Checked from the header before anything is decoded: a small file may claim a huge picture.
  if (width * height > policy.maxPixels || width === 0 || height === 0) {
    throw fileProblem(413, field, 'image_too_large', { width, height, max: `${policy.maxPixels / 1_000_000} MP` })
  }
  try {
    // rotate() applies the EXIF orientation; sharp writes no metadata unless asked, so both copies are without EXIF.
    const thumbnail = await sharp(bytes, options).rotate().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
    const publicBytes = await sharp(bytes, options).rotate().toFormat(kind, kind === 'png' ? {} : { quality: 85 }).toBuffer()
    const rotated = (metadata.orientation ?? 1) >= 5
    return { width: rotated ? height : width, height: rotated ? width : height, thumbnail, publicBytes, ...exifFacts(metadata.exif) }
  } catch {
    throw fileProblem(400, field, 'file_unreadable', { type: kind.toUpperCase() })
  }
}

/**
 * Checks a file against a use's policy and stores it: the type sniffed from the bytes
 * (a name or header claiming another is refused), the size, and for an image that it
 * decodes, with its pixels checked from the header first; an image gets a thumbnail, a
 * copy without EXIF for the public, and its EXIF time and position.
 * @throws HttpProblem naming `field`: 400 file_empty / file_unreadable, 413 file_too_large /
 *   image_too_large, 415 file_type_not_allowed / file_type_mismatch.
 */
export async function storeFile(
  db: CommonQueryMethods,
  bytes: Buffer,
  options: { policy: FilePolicy; field: string; name?: string | null; claimedType?: string | null; userId?: number | null },
): Promise<StoredFile> {
  const { policy, field } = options
  if (bytes.length === 0) throw fileProblem(400, field, 'file_empty')
  if (bytes.length > policy.maxBytes) throw fileProblem(413, field, 'file_too_large', { max: `${policy.maxBytes / MB} MB` })
  const kind = sniffKind(bytes)
  if (kind === null || !policy.kinds.includes(kind)) {
    throw fileProblem(415, field, 'file_type_not_allowed', { type: kind?.toUpperCase() ?? '?', allowed: kindNames(policy.kinds) })
  }
  for (const claim of [options.name, options.claimedType]) {
    const claimed = claim ? claimedKind(claim) : null
    if (claimed !== null && claimed !== kind) {
      throw fileProblem(415, field, 'file_type_mismatch', { claimed: claimed.toUpperCase(), type: kind.toUpperCase() })
    }
  }
  const image = kind === 'pdf' || kind === 'heic' ? null : await readImage(bytes, kind, policy, field)
  if (kind === 'pdf' && !bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF')) {
    throw fileProblem(400, field, 'file_unreadable', { type: 'PDF' })
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const position = image?.position ? sql.fragment`ST_SetSRID(ST_MakePoint(${image.position.lon}, ${image.position.lat}), 4326)` : sql.fragment`NULL`
  const row = await db.one(sql.type(FileRow)`
    INSERT INTO files (sha256, content_type, size, name, width, height, taken_at, taken_position, bytes, thumbnail, public_bytes, created_by)
    VALUES (${sha256}, ${CONTENT_TYPES[kind as Exclude<FileKind, 'heic'>]}, ${bytes.length}, ${options.name ?? null},
            ${image?.width ?? null}, ${image?.height ?? null}, ${image?.takenAt?.toISOString() ?? null}, ${position},
            ${sql.binary(bytes)}, ${image ? sql.binary(image.thumbnail) : null}, ${image ? sql.binary(image.publicBytes) : null},
            ${options.userId ?? null})
    RETURNING ${METADATA}`)
  return storedFile(row)
}

/** The metadata of the files that exist among `ids`, in the order of `ids`. */
export async function readStoredFiles(db: CommonQueryMethods, ids: readonly number[]): Promise<StoredFile[]> {
  if (ids.length === 0) return []
  const rows = await db.any(sql.type(FileRow)`SELECT ${METADATA} FROM files WHERE id = ANY(${sql.array(ids, 'int8')})`)
  const byId = new Map(rows.map((r) => [r.id, storedFile(r)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** @throws HttpProblem 400 `unknown_file` naming `field.N` for each id that is not a stored file. */
export async function checkFileIds(db: CommonQueryMethods, ids: readonly number[], field: string): Promise<void> {
  const found = new Set((await readStoredFiles(db, ids)).map((f) => f.id))
  const errors = ids.flatMap((id, i) => (found.has(id) ? [] : [fieldError(`${field}.${i}`, 'unknown_file', { id })]))
  if (errors.length) throw new HttpProblem(400, 'invalid_request', {}, errors)
}

/** Which bytes of a file: as uploaded, its thumbnail, or the copy without EXIF that the public may see. */
export type FileVariant = 'original' | 'thumbnail' | 'public'

const BytesRow = z.object({ bytes: z.instanceof(Buffer).nullable(), content_type: z.string(), sha256: z.string(), name: z.string().nullable() })

/** A file's bytes of one variant with their type; null when the file, or that variant, does not exist. */
export async function readFileBytes(
  db: CommonQueryMethods,
  id: number,
  variant: FileVariant,
): Promise<{ bytes: Buffer; contentType: string; sha256: string; name: string | null } | null> {
  const column = { original: sql.identifier(['bytes']), thumbnail: sql.identifier(['thumbnail']), public: sql.fragment`coalesce(public_bytes, bytes)` }[variant]
  const row = await db.maybeOne(sql.type(BytesRow)`SELECT ${column} AS bytes, content_type, sha256, name FROM files WHERE id = ${id}`)
  if (!row?.bytes) return null
  return { bytes: row.bytes, contentType: variant === 'thumbnail' ? 'image/jpeg' : row.content_type, sha256: row.sha256, name: row.name }
}
