// The ESM resolve hook (resolve-hook.mjs) does not see `require('electron')` made by CommonJS
// packages on Node 20, so CommonJS resolution is taught the same answer here: electron.cjs, which
// hands out the very module electron.mjs is.
import Module from 'node:module'
import { fileURLToPath } from 'node:url'

const stub = fileURLToPath(new URL('./electron.cjs', import.meta.url))
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return stub
  return resolveFilename.call(this, request, ...rest)
}
