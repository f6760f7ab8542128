import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'
import busboy from 'busboy'
import type { CommonQueryMethods } from 'slonik'
import type { Proof, ReportError } from './report-page'
import { countHit, reportSecret } from './signs.queries'

/** A form sent sooner than this after it was made is refused: people take longer, naive bots do not. */
export const MIN_FILL_MS = 3_000
/** A form older than this is refused (open it again). */
export const MAX_FORM_AGE_MS = 2 * 60 * 60 * 1000
/** The largest photo a report takes (the file store's photo limit). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
/** The largest whole report body: the photo and the fields. */
export const MAX_REPORT_BYTES = MAX_PHOTO_BYTES + 64 * 1024

/**
 * Report limits, each a count per window, kept in the database (`sign_rate_limits`) so
 * that they hold across every server process: per address (a keyed hash of it) every
 * attempt counts; per sign, the attempts that passed the proof.
 */
export const REPORT_LIMITS = {
  addressPerHour: { max: 5, windowSeconds: 3600 },
  addressPerDay: { max: 20, windowSeconds: 86_400 },
  signPerDay: { max: 30, windowSeconds: 86_400 },
} as const

let secretCache: Promise<string> | undefined

/** The proof key shared by all processes (read once per process). */
function secretOf(db: CommonQueryMethods): Promise<string> {
  secretCache ??= reportSecret(db, randomBytes(32).toString('hex')).catch((error) => {
    secretCache = undefined
    throw error
  })
  return secretCache
}

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex')

/** A fresh proof for the report form of `code`: now, a nonce, and their keyed hash. */
export async function makeProof(db: CommonQueryMethods, code: string, now = Date.now()): Promise<Proof> {
  const t = String(now)
  const n = randomBytes(8).toString('hex')
  return { t, n, p: mac(await secretOf(db), `${code}.${t}.${n}`) }
}

/** Whether a sent proof is one of ours for this sign, and neither too quick nor too old. */
export async function checkProof(db: CommonQueryMethods, code: string, proof: Proof, now = Date.now()): Promise<ReportError | null> {
  const expected = Buffer.from(mac(await secretOf(db), `${code}.${proof.t}.${proof.n}`), 'hex')
  const given = Buffer.from(proof.p, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_proof'
  const age = now - Number(proof.t)
  if (age < MIN_FILL_MS) return 'too_fast'
  if (age > MAX_FORM_AGE_MS) return 'expired'
  return null
}

/** The bucket of an address: a keyed hash, so the table never holds an address. */
export async function addressBucket(db: CommonQueryMethods, address: string): Promise<string> {
  return `a:${mac(await secretOf(db), `address.${address}`).slice(0, 32)}`
}

/** Counts an attempt from an address; true when it is over a limit. */
export async function addressOverLimit(db: CommonQueryMethods, address: string): Promise<boolean> {
  const bucket = await addressBucket(db, address)
  const hour = await countHit(db, `${bucket}:h`, REPORT_LIMITS.addressPerHour.windowSeconds)
  const day = await countHit(db, `${bucket}:d`, REPORT_LIMITS.addressPerDay.windowSeconds)
  return hour > REPORT_LIMITS.addressPerHour.max || day > REPORT_LIMITS.addressPerDay.max
}

/** Counts a report on a sign; true when it is over the limit. */
export async function signOverLimit(db: CommonQueryMethods, signId: number): Promise<boolean> {
  return (await countHit(db, `s:${signId}`, REPORT_LIMITS.signPerDay.windowSeconds)) > REPORT_LIMITS.signPerDay.max
}

/** A report form as sent: its text fields and, when one was chosen, the photo's bytes. */
export type ReportForm = { fields: Record<string, string>; photo: Buffer | null }

/** Why a multipart body could not be read. */
export class FormError extends Error {
  constructor(readonly reason: 'too_large' | 'invalid') {
    super(reason)
  }
}

/**
 * Reads a report's multipart body: at most 12 fields of 4 KB and one file of
 * {@link MAX_PHOTO_BYTES}, and nothing more. A second value of a field, an unknown file
 * field or a body that is not multipart is `invalid`; a file or body over the limits is
 * `too_large`, and the rest of the body is not read.
 */
export function readReportForm(req: Request): Promise<ReportForm> {
  return new Promise((resolve, reject) => {
    const length = Number(req.headers['content-length'] ?? 0)
    if (length > MAX_REPORT_BYTES) return reject(new FormError('too_large'))
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fields: 12, fieldSize: 4096, files: 1, fileSize: MAX_PHOTO_BYTES, parts: 13 }, defParamCharset: 'utf8' })
    } catch {
      return reject(new FormError('invalid'))
    }
    const fields: Record<string, string> = {}
    let photo: Buffer | null = null
    let failure: FormError | null = null
    const fail = (error: FormError) => {
      failure ??= error
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) fail(new FormError('too_large'))
      else if (Object.hasOwn(fields, name)) fail(new FormError('invalid'))
      else fields[name] = value
    })
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        chunks.push(chunk)
      })
      stream.on('limit', () => fail(new FormError('too_large')))
      stream.on('close', () => {
        if (name !== 'photo') return fail(new FormError('invalid'))
        // A file input left empty still sends a part, without a name or bytes.
        if (size > 0 || info.filename) photo = size > 0 ? Buffer.concat(chunks) : null
      })
    })
    parser.on('partsLimit', () => fail(new FormError('invalid')))
    parser.on('filesLimit', () => fail(new FormError('invalid')))
    parser.on('fieldsLimit', () => fail(new FormError('invalid')))
    parser.on('error', () => reject(failure ?? new FormError('invalid')))
    parser.on('close', () => (failure ? reject(failure) : resolve({ fields, photo })))
    req.on('error', () => reject(new FormError('invalid')))
    req.pipe(parser)
  })
}
