import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  CITY_DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data/pingdingshan')),
  PUBLIC_BASE_URL: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
  BUREAU_CONTACT: z.string().max(200).optional(),
  BASEMAP_TILES_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) URL template with {z}, {x} and {y}')
    .optional(),
  PUBLIC_READ: z.enum(['true', 'false']).default('true'),
  TRUST_PROXY: z.string().default('false'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

/** The service's configuration, read from the environment (see README, "Configuration"). */
export type Config = {
  port: number
  host: string
  /** Unset: run the embedded PostGIS in `dataDir`. */
  databaseUrl: string | undefined
  /** Absolute path of the data directory (embedded database, generated secrets). */
  dataDir: string
  /** Absolute path of the city's base geography (city.json, counties, townships, boundary lines). */
  cityDataDir: string
  /** Absolute path of the built web app. */
  webDir: string
  publicBaseUrl: string | undefined
  /** The bureau's contact shown on the public sign pages (a phone number, an address). */
  bureauContact: string | undefined
  basemapTilesUrl: string | undefined
  /**
   * Express's `trust proxy`: false (no proxy), true, a number of hops, or addresses.
   * Behind an HTTPS proxy it makes cookies Secure and throttling see the client's address.
   */
  trustProxy: boolean | number | string
  /** false: everything but the public sign page and health needs a signed-in user. */
  publicRead: boolean
  /** Password of the first admin; unset → a random one, printed once and kept in DATA_DIR. */
  adminPassword: string | undefined
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
}

/**
 * Parses the environment into a Config.
 * @throws Error naming each bad variable, so a start with a typo stops before it listens.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]),
  )
  const parsed = Env.safeParse(blankToUndefined)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    cityDataDir: path.resolve(e.CITY_DATA_DIR),
    webDir: path.join(repoRoot, 'dist'),
    publicBaseUrl: e.PUBLIC_BASE_URL,
    bureauContact: e.BUREAU_CONTACT,
    basemapTilesUrl: e.BASEMAP_TILES_URL,
    publicRead: e.PUBLIC_READ === 'true',
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    adminPassword: e.ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
  }
}
