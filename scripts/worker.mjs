// `npm run worker -- --database postgres://... [--concurrency N]`: build if needed, then run a
// delivery-only process on the shared database, in this very process.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
await import(pathToFileURL(join(root, 'out/main/worker.js')).href)
