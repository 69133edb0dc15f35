// `npm run receiver -- --port N --secret whsec_... [--rule ...]`: build if needed, then run the
// webhook receiver in this very process, so Ctrl+C and SIGTERM reach it directly.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
await import(pathToFileURL(join(root, 'out/main/receiver.js')).href)
