// Builds out/ with electron-vite when any source or config is newer than the last build.
// Shared by `npm run serve` and the test suite's global setup.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outputs = [
  'out/main/serve.js',
  'out/main/receiver.js',
  'out/main/demo.js',
  'out/main/copy-to-postgres.js',
  'out/main/worker.js',
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html'
]
const inputs = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json']

function newestMtime(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

export function isBuildStale() {
  const built = outputs.map((file) => join(root, file))
  if (!built.every((file) => existsSync(file))) return true
  const oldestOutput = Math.min(...built.map((file) => statSync(file).mtimeMs))
  const newestInput = Math.max(
    ...inputs
      .map((path) => join(root, path))
      .filter(existsSync)
      .map(newestMtime)
  )
  return newestInput > oldestOutput
}

export function buildIfStale() {
  if (!isBuildStale()) return false
  const bin = join(root, 'node_modules/.bin/electron-vite')
  execFileSync(bin, ['build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  return true
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale()
