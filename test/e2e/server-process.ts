import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** The real server (`server/main.ts`) in its own process, on a free port. */
export type ServerProcess = {
  url: string
  dataDir: string
  process: ChildProcess
  /** Everything the process has printed so far (stdout and stderr). */
  output: () => string
  /** Sends SIGTERM and resolves with the exit code; removes a data folder made here unless `keepData` (for a restart on it). */
  stop: (options?: { keepData?: boolean }) => Promise<number | null>
}

/** The data folders made here, removed when the last server on them stops (a restart reuses one). */
const madeDirs = new Set<string>()

/**
 * Starts the server as `npm start` would, on an empty embedded database in a temporary
 * folder (or on `env.DATABASE_URL`), and waits for the URL it prints.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = env.DATA_DIR ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'civil-map-e2e-')))
  if (!env.DATA_DIR) madeDirs.add(dataDir)
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => (output += chunk.toString())
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${output}`)), 120_000)
    const onData = () => {
      const match = output.match(/is running at (http:\/\/\S+?)\/?\s/)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: async ({ keepData = false } = {}) => {
      const code = await new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (exit) => resolve(exit))
        child.kill('SIGTERM')
      })
      if (!keepData && madeDirs.delete(dataDir)) await fs.rm(dataDir, { recursive: true, force: true })
      return code
    },
  }
}
