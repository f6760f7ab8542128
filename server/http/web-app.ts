import path from 'node:path'
import express from 'express'

/** Cache-Control of Vite's content-hashed build output (`assets/`): a changed file gets a new name. */
export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable'

/** Cache-Control of `index.html` and other unhashed files: the browser revalidates them each time. */
export const UNHASHED_CACHE = 'no-cache'

/**
 * Serves the built web app from `webDir`: the hashed files under `assets/` as immutable for
 * a year, everything else (index.html first) revalidated on every use, so that a new build
 * is picked up at the next visit.
 */
export function serveWebApp(webDir: string): express.Handler {
  const assets = path.join(webDir, 'assets') + path.sep
  return express.static(webDir, {
    index: 'index.html',
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', file.startsWith(assets) ? HASHED_ASSET_CACHE : UNHASHED_CACHE)
    },
  })
}
