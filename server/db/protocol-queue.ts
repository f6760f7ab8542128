import type { PGlite } from '@electric-sql/pglite'

const SIMPLE_QUERY = 0x51 // 'Q'
const SYNC = 0x53 // 'S'
const FLUSH = 0x48 // 'H'
const TERMINATE = 0x58 // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4])
const ERROR_RESPONSE = 0x45 // 'E', from the backend
const READY_FOR_QUERY = 0x5a // 'Z', from the backend

/**
 * Reads the types of the backend messages in a stream of chunks; a message may span
 * chunks (a large result arrives in many), so the scanner carries over what it has not
 * yet seen of the current message.
 */
export class MessageScanner {
  /** Bytes of the current message's body still to skip. */
  private skip = 0
  /** A message header (type and length) cut by the end of the last chunk. */
  private header: number[] = []

  /** The types of the messages that start in this chunk. */
  scan(data: Uint8Array): number[] {
    const types: number[] = []
    let offset = 0
    while (offset < data.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, data.length - offset)
        this.skip -= n
        offset += n
        continue
      }
      this.header.push(data[offset]!)
      offset++
      if (this.header.length === 5) {
        const [type, a, b, c, d] = this.header as [number, number, number, number, number]
        types.push(type)
        // The length counts itself (4 bytes) but not the type byte.
        this.skip = ((a << 24) | (b << 16) | (c << 8) | d) - 4
        this.header = []
      }
    }
    return types
  }
}

type Unit = {
  handlerId: number
  messages: Uint8Array[]
  /** The client sent Flush before Sync: its extended-protocol sequence is still open. */
  openSequence: boolean
  onData: (data: Uint8Array) => void
  resolve: (bytes: number) => void
  reject: (error: unknown) => void
}

/**
 * The queue that lets several clients share PGlite's single session through
 * pglite-socket, without mixing their protocol messages.
 *
 * pglite-socket 0.2.11 queues each protocol message on its own and keeps a client's turn
 * only inside a transaction. Two clients' extended-protocol sequences (Parse, Bind,
 * Execute, Sync) then interleave outside transactions, and one client's Bind meets the
 * other's statement ("portal does not exist", or worse, the wrong rows). This queue runs
 * whole units instead: a simple query, or everything up to Sync; and it keeps the turn
 * with a client while that client is in a transaction or in an unfinished sequence.
 * Within a unit, messages go to PGlite one at a time. For some errors (an Execute that
 * fails) PGlite answers ErrorResponse and ReadyForQuery at once, where PostgreSQL would
 * skip to Sync and send ReadyForQuery then. PGlite still skips to Sync, so the rest of
 * the unit is sent, but what it answers (a second ReadyForQuery) is dropped: the client
 * would take it for the end of its next query and lose its place.
 *
 * It implements the interface pglite-socket's handlers call (enqueue,
 * clearQueueForHandler, clearTransactionIfNeeded, getQueueLength).
 */
export class ProtocolQueue {
  private readonly pending = new Map<number, Uint8Array[]>()
  private readonly queue: Unit[] = []
  /** The client whose turn it is, or null when any may go. */
  private owner: number | null = null
  private processing = false

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const type = message[0]
    const parts = [...(this.pending.get(handlerId) ?? []), message]
    // A startup message has no type byte: its length's high byte is 0.
    const endsUnit = type === 0 || type === SIMPLE_QUERY || type === SYNC || type === FLUSH || type === TERMINATE
    if (!endsUnit) {
      this.pending.set(handlerId, parts)
      return Promise.resolve(0)
    }
    this.pending.delete(handlerId)
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, messages: parts, openSequence: type === FLUSH, onData, resolve, reject })
      void this.process()
    })
  }

  clearQueueForHandler(handlerId: number): void {
    this.pending.delete(handlerId)
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.handlerId === handlerId) this.queue.splice(i, 1)[0]!.reject(new Error('client disconnected'))
    }
  }

  /**
   * A client whose turn it was has gone: end its unfinished sequence with a Sync (PGlite
   * would otherwise skip the next client's messages after an error) and roll back its
   * transaction, then give the turn to the others.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined })
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK')
    })
    this.owner = null
    await this.process()
  }

  getQueueLength(): number {
    return this.queue.length
  }

  private async process(): Promise<void> {
    if (this.processing) return
    this.processing = true
    try {
      while (this.queue.length > 0) {
        const index = this.owner === null ? 0 : this.queue.findIndex((u) => u.handlerId === this.owner)
        if (index === -1) break // wait for the client whose turn it is
        const unit = this.queue.splice(index, 1)[0]!
        let bytes = 0
        try {
          await this.db.runExclusive(async () => {
            let answered = false
            for (const message of unit.messages) {
              const forward = !answered
              const scanner = new MessageScanner()
              let error = false
              await this.db.execProtocolRawStream(message, {
                onRawData: (data) => {
                  if (!forward) return
                  for (const type of scanner.scan(data)) {
                    if (type === ERROR_RESPONSE) error = true
                    else if (type === READY_FOR_QUERY && error) answered = true
                  }
                  bytes += data.length
                  unit.onData(data)
                },
              })
            }
          })
        } catch (error) {
          unit.reject(error)
          continue
        }
        this.owner = unit.openSequence || this.db.isInTransaction() ? unit.handlerId : null
        unit.resolve(bytes)
      }
    } finally {
      this.processing = false
    }
  }
}
