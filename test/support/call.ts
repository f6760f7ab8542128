import type { TestUser } from './users'

/** What a test reads of a response: status, the headers the write protocol uses, the parsed body. */
export type Call = { status: number; type: string | null; etag: string | null; location: string | null; body: any }

/** A request to the app as `user` (by bearer token; null: anonymous), with a JSON body if given. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  user: TestUser | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(user ? { authorization: `Bearer ${user.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/geo+json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    etag: res.headers.get('etag'),
    location: res.headers.get('location'),
    // A PDF or an HTML page is kept as text.
    body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text || null,
  }
}
