// `node --import ./register.mjs out/main/index.js`: the built main bundle runs in plain Node with
// `electron` resolved to the test double next to this file (for `require` too: cjs-electron.mjs).
import { register } from 'node:module'
import './cjs-electron.mjs'

register('./resolve-hook.mjs', import.meta.url)
