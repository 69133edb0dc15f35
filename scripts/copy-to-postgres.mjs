// `npm run copy-to-postgres -- --database postgres://... [--data-dir DIR]`: build if needed, then
// copy this computer's SQLite catalog into a new, empty PostgreSQL database.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
await import(pathToFileURL(join(root, 'out/main/copy-to-postgres.js')).href)
