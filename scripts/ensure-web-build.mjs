// Builds the web app (vite build → dist/) when it is missing or older than its sources,
// so that `npm start` on a fresh clone serves the map without a separate build step.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const built = path.join(root, 'dist/index.html')

function newestMtime(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

const sourcesChanged = () =>
  Math.max(newestMtime(path.join(root, 'web')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs) >
  fs.statSync(built).mtimeMs

if (!fs.existsSync(built) || sourcesChanged()) {
  console.log('building the web app …')
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
}
