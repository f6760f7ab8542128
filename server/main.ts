import { pino } from 'pino'
import { createApp } from './app'
import { ensureAdmin } from './auth/bootstrap'
import { loadConfig } from './config'
import { openDatabase } from './db/database'
import { listen } from './http/listen'
import { seedDatabase } from './seeds'
import { readCity } from './system/city'

const config = loadConfig()
const logger = pino({ level: config.logLevel })

logger.info(
  config.databaseUrl ? 'connecting to the PostgreSQL server in DATABASE_URL' : `starting the embedded PostGIS in ${config.dataDir}`,
)
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
if (database.migrationsApplied.length) logger.info({ migrations: database.migrationsApplied }, 'applied migrations')
await seedDatabase(database.pool, config.cityDataDir, logger)
const admin = await ensureAdmin(database.pool, { dataDir: config.dataDir, adminPassword: config.adminPassword })
if (admin?.password) {
  console.log(`Created the first administrator: user "admin", password ${admin.password}`)
  console.log(`(shown once; also kept in ${admin.file}, readable only by its owner. Change it after signing in.)`)
} else if (admin) {
  logger.info('created the first administrator "admin" with ADMIN_PASSWORD')
}

const city = await readCity(config.cityDataDir)
const app = createApp({
  db: database.pool,
  databaseKind: database.kind,
  clientConfig: { city, basemapTilesUrl: config.basemapTilesUrl ?? null },
  webDir: config.webDir,
  publicRead: config.publicRead,
  trustProxy: config.trustProxy,
  logger,
  signs: { publicBaseUrl: config.publicBaseUrl ?? null, contact: config.bureauContact ?? null },
})
const { server, url } = await listen(app, config.port, config.host)
logger.info({ url: `${url}/`, database: database.kind }, 'listening')
console.log(`${city.name}民政地理信息服务 (${city.name_en} civil-affairs map) is running at ${url}/`)

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down')
  server.close()
  server.closeIdleConnections()
  try {
    await database.close()
    logger.info('database closed')
    process.exit(0)
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed')
    process.exit(1)
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
