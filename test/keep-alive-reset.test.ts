import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEEP_ALIVE_TIMEOUT_MS } from '../server/http/listen'
import { startTestApp } from './support/test-app'

let app: Awaited<ReturnType<typeof startTestApp>>
beforeAll(async () => {
  app = await startTestApp({ poolSize: 1 })
})
afterAll(async () => {
  await app.close()
})

/** Node's default keep-alive timeout, after which the server used to close idle connections. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000

/** One request on an open socket; resolves with the response's head once its body is complete. */
function requestOn(socket: net.Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = ''
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1')
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received)?.[1] ?? NaN)
      if (received.length - end - 4 < length) return
      socket.off('data', onData)
      socket.off('close', onClose)
      resolve(received.slice(0, end))
    }
    const onClose = () => reject(new Error(`the server closed the connection; received ${JSON.stringify(received)}`))
    socket.on('data', onData)
    socket.once('close', onClose)
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`)
  })
}

describe('ECONNRESET on a reused keep-alive connection (within-city POST on a loaded machine)', () => {
  it('keeps an idle connection open past Node’s 5 s default, so a client reusing it is not reset', { timeout: 20_000 }, async () => {
    const { port, hostname } = new URL(app.url)
    const socket = net.connect(Number(port), hostname)
    await new Promise((resolve) => socket.once('connect', resolve))
    let closedBy: string | null = null
    socket.once('end', () => (closedBy = 'server'))
    try {
      const first = await requestOn(socket, '/api/config')
      expect(first).toMatch(/^HTTP\/1\.1 200/)
      expect(first).toMatch(new RegExp(`\\r\\nkeep-alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}(\\r\\n|$)`, 'i'))

      await new Promise((resolve) => setTimeout(resolve, NODE_DEFAULT_KEEP_ALIVE_MS + 1_500))
      expect(closedBy).toBeNull()
      expect(await requestOn(socket, '/api/config')).toMatch(/^HTTP\/1\.1 200/)
    } finally {
      socket.destroy()
    }
  })
})
