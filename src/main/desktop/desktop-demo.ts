import { parseDemoArgs, type DemoArgs } from '../shell-common/demo/demo-args'
import { prepareDemoFolder } from '../shell-common/demo/demo-folder'

/**
 * The demo arguments when the Electron window was started by `npm run demo -- --desktop`
 * (`electron . --demo ...`), else null. A packaged app never runs the demo: its arguments come from
 * whoever launches it, and the demo opens a receiver port.
 */
export function desktopDemoArgs(argv: readonly string[], isPackaged: boolean): DemoArgs | null {
  const at = argv.indexOf('--demo')
  if (isPackaged || at < 0) return null
  const args = parseDemoArgs(argv.slice(at + 1))
  prepareDemoFolder(args.dataDir, args.reset)
  return args
}
