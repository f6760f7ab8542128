import type { PGlite } from '@electric-sql/pglite'

const SIMPLE_QUERY = 0x51 // 'Q'
const PARSE = 0x50 // 'P'
const BIND = 0x42 // 'B'
const DESCRIBE = 0x44 // 'D', from the frontend
const EXECUTE = 0x45 // 'E', from the frontend
const CLOSE = 0x43 // 'C', from the frontend
const SYNC = 0x53 // 'S'
const FLUSH = 0x48 // 'H'
const TERMINATE = 0x58 // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4])
const ERROR_RESPONSE = 0x45 // 'E', from the backend
const READY_FOR_QUERY = 0x5a // 'Z', from the backend
const PORTAL_SUSPENDED = 0x73 // 's', from the backend
const PORTAL_SUSPENDED_LENGTH = 5
const COMMAND_COMPLETE = 0x43 // 'C', from the backend
const EMPTY_QUERY = 0x49 // 'I'
const COPY_IN = 0x47 // 'G'
const COPY_BOTH = 0x57 // 'W'

/**
 * The backend messages that may end the answer to each frontend message that must have
 * an answer (besides ErrorResponse): ParseComplete, BindComplete, RowDescription or
 * NoData, CloseComplete; for an Execute without a row limit, and for a simple query, the
 * end of the command or the start of a COPY.
 */
const ANSWER_ENDS: Record<number, readonly number[]> = {
  [PARSE]: [0x31],
  [BIND]: [0x32],
  [DESCRIBE]: [0x54, 0x6e],
  [CLOSE]: [0x33],
  [EXECUTE]: [COMMAND_COMPLETE, EMPTY_QUERY, COPY_IN, COPY_BOTH],
  [SIMPLE_QUERY]: [READY_FOR_QUERY, COPY_IN, COPY_BOTH],
}
/** Run inside a transaction whose statement was lost, it puts the transaction in the failed state. */
const ABORT_TRANSACTION = simpleQuery('SELECT 1 / 0')

/** The message text of the error that stands for a lost statement. */
export const LOST_STATEMENT =
  'the embedded database lost this statement: a function failed without reporting its error (PGlite cannot raise C++ exceptions, such as a GEOS TopologyException in PostGIS)'

function simpleQuery(text: string): Uint8Array {
  const body = new TextEncoder().encode(`${text}\0`)
  const message = new Uint8Array(5 + body.length)
  message[0] = SIMPLE_QUERY
  new DataView(message.buffer).setInt32(1, 4 + body.length)
  message.set(body, 5)
  return message
}

/** A backend ErrorResponse (SQLSTATE XX000, internal error) saying that the statement was lost. */
function lostStatementError(): Uint8Array {
  const fields = new TextEncoder().encode(`SERROR\0VERROR\0CXX000\0M${LOST_STATEMENT}\0\0`)
  const message = new Uint8Array(5 + fields.length)
  message[0] = ERROR_RESPONSE
  new DataView(message.buffer).setInt32(1, 4 + fields.length)
  message.set(fields, 5)
  return message
}

function readyForQuery(status: 'I' | 'E'): Uint8Array {
  return new Uint8Array([READY_FOR_QUERY, 0, 0, 0, 5, status.charCodeAt(0)])
}

/** An Execute message without a row limit (its last four bytes, the limit, are zero). */
function executesToTheEnd(message: Uint8Array): boolean {
  return message[0] === EXECUTE && message.length >= 10 && new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(message.length - 4) === 0
}

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

  /** The type of the last message that started, or null before any. */
  last: number | null = null

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
        this.last = type
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
 * PGlite's PostGIS cannot raise a C++ exception (GEOS throws one for a robustness failure
 * of an overlay, or for invalid input): the message being run (a Bind, when the planner
 * folds a function of constants; an Execute; a simple query) then ends with neither its
 * answer nor an error, and the next ones meet a statement that is gone. An Execute may
 * answer PortalSuspended, which no PostgreSQL sends for an Execute without a row limit
 * (node-postgres would execute again and meet "portal does not exist"); a simple query
 * answers nothing, not even ReadyForQuery (the client would wait forever). When a
 * message's answer does not end as it must (`ANSWER_ENDS`), the queue answers an
 * ErrorResponse (`LOST_STATEMENT`, SQLSTATE XX000), skips to Sync as PostgreSQL does
 * after an error, and, in a transaction, puts the transaction in the failed state, so
 * that nothing of it can be committed.
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
            let error = false
            let lost = false
            for (const message of unit.messages) {
              if (lost && message[0] !== SYNC) continue
              const forward = !answered
              const scanner = new MessageScanner()
              const toTheEnd = message[0] !== EXECUTE || executesToTheEnd(message)
              const ends = toTheEnd ? ANSWER_ENDS[message[0]!] : undefined
              // The last bytes of an Execute's answer wait until it ends: they may be a PortalSuspended to replace.
              const holds = message[0] === EXECUTE && toTheEnd
              let held = new Uint8Array(0)
              const send = (data: Uint8Array) => {
                bytes += data.length
                unit.onData(data)
              }
              await this.db.execProtocolRawStream(message, {
                onRawData: (data) => {
                  if (!forward) return
                  for (const type of scanner.scan(data)) {
                    if (type === ERROR_RESPONSE) error = true
                    else if (type === READY_FOR_QUERY && error) answered = true
                  }
                  if (!holds) return send(data)
                  const joined = new Uint8Array(held.length + data.length)
                  joined.set(held)
                  joined.set(data, held.length)
                  const cut = Math.max(0, joined.length - PORTAL_SUSPENDED_LENGTH)
                  if (cut > 0) send(joined.subarray(0, cut))
                  held = joined.slice(cut)
                },
              })
              if (!forward) continue
              // After a reported error PGlite skips to Sync and answers nothing: no loss there.
              lost = !error && ends !== undefined && (scanner.last === null || !ends.includes(scanner.last))
              if (!lost || scanner.last !== PORTAL_SUSPENDED) send(held)
              if (!lost) continue
              const inTransaction = this.db.isInTransaction()
              if (inTransaction) await this.db.execProtocolRawStream(ABORT_TRANSACTION, { onRawData: () => undefined })
              send(lostStatementError())
              if (message[0] === SIMPLE_QUERY) {
                send(readyForQuery(inTransaction ? 'E' : 'I'))
                answered = true
              }
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
