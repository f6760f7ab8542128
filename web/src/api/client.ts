import type { FeatureCollection } from 'geojson'
import { problemMessage } from '../i18n/errors'
import { t } from '../i18n'

/** What `/api/config` returns. */
export type ClientConfig = {
  city: { code: string; name: string; name_en: string; bbox: [number, number, number, number] }
  basemapTilesUrl: string | null
}

/** An RFC 9457 problem, as every endpoint reports errors. */
export type Problem = {
  title: string
  status: number
  /** A stable code the app has its own text for (i18n/errors.ts), with its params. */
  code?: string
  params?: Record<string, unknown>
  detail?: string
  errors?: { field: string; code?: string; params?: Record<string, unknown>; reason: string }[]
  current_etag?: string
  /** How many errors a refused import had (`errors` lists at most 100). */
  error_count?: number
}

/** Thrown for a non-2xx answer; carries the problem the server sent, and says it in the app's language. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problemMessage(problem))
  }
}

export type Role = 'viewer' | 'placename_editor' | 'boundary_inspector' | 'facility_editor' | 'admin'
export const ROLES: Role[] = ['viewer', 'placename_editor', 'boundary_inspector', 'facility_editor', 'admin']

/** The signed-in user, as `/api/auth/me` and login return it. */
export type User = { id: number; username: string; displayName: string; roles: Role[]; countyCodes: string[] }

/** The CSRF token of the current session, sent with every write. */
let csrfToken: string | null = null

/**
 * A request to the service, answered in JSON; writes carry the session's CSRF token. The
 * body is sent as JSON, or as it is (a file, say) when `contentType` names its type; an
 * aborted `signal` rejects with the fetch's AbortError.
 */
export async function request<T>(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; contentType?: string; signal?: AbortSignal } = {},
): Promise<{ body: T; etag: string | null }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const payload = options.body === undefined ? undefined : options.contentType ? (options.body as BodyInit) : JSON.stringify(options.body)
  const res = await fetch(url, { method, headers, body: payload, signal: options.signal })
  const text = await res.text()
  const body = text ? JSON.parse(text) : null
  if (!res.ok) throw new ApiError(body ?? { title: res.statusText, status: res.status })
  return { body: body as T, etag: res.headers.get('etag') }
}

/**
 * Sends a file as the body of a POST with the session's CSRF token, reporting the share
 * sent (0–1) as it goes: what fetch cannot do. Answered in JSON like `request`.
 */
export function uploadWithProgress<T>(url: string, file: Blob, onProgress: (sent: number) => void = () => {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('accept', 'application/json')
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T)
      else reject(new ApiError((body as never) ?? { title: xhr.statusText, status: xhr.status }))
    }
    xhr.onerror = () => reject(new Error(t('uploadFailed')))
    xhr.send(file)
  })
}

/** The city and basemap the server is configured with. */
export async function getClientConfig(): Promise<ClientConfig> {
  return (await request<ClientConfig>('GET', '/api/config')).body
}

/** A rule check of the plan, as `/api/rule-checks` lists it. */
export type RuleCheckInfo = { id: string; collection: string; title: Record<'zh-CN' | 'en', string>; clause: { ref: string; text: string } }

/** Every rule check the server applies to the registers' records. */
export async function getRuleChecks(): Promise<RuleCheckInfo[]> {
  return (await request<RuleCheckInfo[]>('GET', '/api/rule-checks')).body
}

/** The most features the OGC API gives in one page. */
const PAGE = 10_000

function collectionItemsUrl(collectionId: string, query: Record<string, string> = {}, offset = 0): string {
  const params = new URLSearchParams({ limit: String(PAGE), ...query, ...(offset ? { offset: String(offset) } : {}) })
  return `/ogc/collections/${collectionId}/items?${params}`
}

/** Every feature of an OGC collection, or those `query` selects (`{ bbox: 'w,s,e,n' }`, a property filter), page by page. */
export async function getFeatures(collectionId: string, query: Record<string, string> = {}): Promise<FeatureCollection> {
  const features: FeatureCollection['features'] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = (await request<FeatureCollection>('GET', collectionItemsUrl(collectionId, query, offset))).body
    features.push(...page.features)
    if (page.features.length < PAGE) return { ...page, features }
  }
}

/** The signed-in user, or null. */
export async function getMe(): Promise<User | null> {
  const { body } = await request<{ user: User | null; csrfToken?: string }>('GET', '/api/auth/me')
  csrfToken = body.csrfToken ?? null
  return body.user
}

export async function login(username: string, password: string): Promise<User> {
  const { body } = await request<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { body: { username, password } })
  csrfToken = body.csrfToken
  return body.user
}

export async function logout(everywhere = false): Promise<void> {
  await request('POST', '/api/auth/logout', { body: { everywhere } })
  csrfToken = null
}
