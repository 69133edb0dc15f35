// `node --import ./register.mjs out/main/index.js`: the built main bundle runs in plain Node with
// `electron` resolved to the test double next to this file.
import { register } from 'node:module'

register('./resolve-hook.mjs', import.meta.url)
