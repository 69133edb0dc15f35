// Prints one real webhook delivery per event family (body and headers) for docs/PAYLOADS.md.
// Usage: node scripts/print-payload-examples.mjs
// The scenario lives in payload-examples.ts; Vite's module runner loads the TypeScript sources.
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'

const entry = fileURLToPath(new URL('./payload-examples.ts', import.meta.url))
const { module } = await runnerImport(entry, {
  configFile: false,
  logLevel: 'error',
  // Plain Node cannot import path-aliases.ts; this mirrors it.
  resolve: { alias: { '@shared': fileURLToPath(new URL('../src/shared', import.meta.url)) } }
})
await module.main()
