import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { errorText } from './error-codes'

/**
 * How long (ms) the server keeps an idle keep-alive connection open. Node's default (5 s)
 * lies just above undici's reuse window (4 s, or the server's hint less 1 s), so a request
 * sent on a connection that a busy client still thought open could meet the server's
 * close and fail with ECONNRESET. This is above the idle timeouts of the clients the
 * service meets: undici and Node's fetch (4 s), nginx's and load balancers' upstream
 * pools (60 s), Go (90 s), curl and so GDAL (118 s), Qt and so QGIS (120 s).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 125_000

/** How long (ms) a client may take to send a request's headers; above the keep-alive timeout, as Node advises. */
export const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 5_000

/**
 * Sets the server's connection timeouts (see KEEP_ALIVE_TIMEOUT_MS), and answers a request
 * that Node's HTTP parser refuses before any handler sees it (a head over 16 KB, a
 * malformed request line) with a problem+json like every other error.
 */
export function applyConnectionTimeouts(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  server.headersTimeout = HEADERS_TIMEOUT_MS
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (!socket.writable) return socket.destroy()
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
    const status = tooLarge ? 431 : 400
    const body = JSON.stringify({
      type: 'about:blank',
      title: tooLarge ? 'Request header fields too large' : 'Bad request',
      status,
      code: tooLarge ? 'request_too_large' : 'invalid_request',
      detail: tooLarge ? errorText('request_too_large') : 'The request could not be read as HTTP',
    })
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
  return server
}

/**
 * Listens with the service's connection timeouts: the one way the app is put on a port
 * (by `server/main.ts`, the test app and the benchmarks).
 * @param port 0 for any free port.
 * @returns the server and its base URL (without a trailing slash).
 * @throws what `listen` reports, e.g. EADDRINUSE.
 */
export async function listen(app: RequestListener, port: number, host: string): Promise<{ server: Server; url: string }> {
  const server = applyConnectionTimeouts(createServer(app))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port: bound } = server.address() as AddressInfo
  const hostname = host.includes(':') ? `[${host}]` : host
  return { server, url: `http://${hostname}:${bound}` }
}
