// `npm run demo -- [--reset] [--desktop] [--paused] [--interval MS] [--port N] [--receiver-port N]
// [--data-dir DIR]`: build if needed, then run the demo in the headless shell (this process), or
// with --desktop in the Electron window.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

buildIfStale()
const args = process.argv.slice(2)
if (args.includes('--desktop')) {
  const rest = args.filter((arg) => arg !== '--desktop')
  const electron = spawn(join(root, 'node_modules/.bin/electron'), ['.', '--demo', ...rest], {
    cwd: root,
    stdio: 'inherit'
  })
  const hint =
    'demo: the Electron window could not start. Electron downloads its binary on first launch, ' +
    'which needs network access; `npm run demo` (without --desktop) runs the same demo in a browser.'
  electron.on('error', () => {
    console.error(hint)
    process.exit(1)
  })
  electron.on('exit', (code) => {
    if (code) console.error(hint)
    process.exit(code ?? 0)
  })
} else {
  await import(pathToFileURL(join(root, 'out/main/demo.js')).href)
}
