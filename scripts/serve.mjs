// `npm run serve -- --port N --data-dir DIR --token-file F`: build if needed, then run the
// headless shell in this very process, so signals sent to it reach the shell directly.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
await import(pathToFileURL(join(root, 'out/main/serve.js')).href)
