/** What `/api/config` returns. */
export type ClientConfig = {
  city: { code: string; name: string; name_en: string; bbox: [number, number, number, number] }
  basemapTilesUrl: string | null
}

/** An RFC 9457 problem, as every endpoint reports errors. */
export type Problem = { title: string; status: number; detail?: string; errors?: { field: string; reason: string }[] }

/** Thrown for a non-2xx answer; carries the problem the server sent. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title)
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  const body = await res.json().catch(() => ({ title: res.statusText, status: res.status }))
  if (!res.ok) throw new ApiError(body as Problem)
  return body as T
}

/** The city and basemap the server is configured with. */
export function getClientConfig(): Promise<ClientConfig> {
  return getJson('/api/config')
}

/** URL of every feature of an OGC collection (one page of the maximum size). */
export function collectionItemsUrl(collectionId: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams({ limit: '10000', ...query })
  return `/ogc/collections/${collectionId}/items?${params}`
}
