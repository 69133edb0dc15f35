import { rendererDirBeside, transportThreadBeside } from '../shell-common/built-files'
import { parseDemoArgs } from '../shell-common/demo/demo-args'
import { prepareDemoFolder } from '../shell-common/demo/demo-folder'
import { DemoStartError, prepareDemo } from '../shell-common/demo/demo-session'
import { startHeadlessShell, type HeadlessShell } from '../shell-common/headless/headless-shell'
import { stopOnSignals } from '../shell-common/stop-on-signals'

const log = (line: string): void => console.log(line)
const staticDir = rendererDirBeside(import.meta.url)
const transportThread = transportThreadBeside(import.meta.url)

/** `npm run demo`: the headless shell on the demo's own folder, seeded, delivering, simulated. */
async function main(): Promise<void> {
  let args
  try {
    args = parseDemoArgs(process.argv.slice(2))
    prepareDemoFolder(args.dataDir, args.reset)
  } catch (error) {
    console.error(`demo: ${(error as Error).message}`)
    process.exit(2)
  }
  let demo
  try {
    demo = await prepareDemo({ ...args, log })
  } catch (error) {
    if (!(error instanceof DemoStartError)) throw error
    console.error(`demo: ${error.message}`)
    process.exit(2)
  }
  let shell: HeadlessShell
  try {
    shell = await startHeadlessShell({
      ...args,
      staticDir,
      token: null,
      core: { ...demo.coreOptions, transportThread }
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    log(`demo: port ${args.port} is busy, using a free one`)
    shell = await startHeadlessShell({
      ...args,
      staticDir,
      port: 0,
      token: null,
      core: { ...demo.coreOptions, transportThread }
    })
  }
  stopOnSignals(async () => {
    await demo.close()
    await shell.stop()
  })
  log(`Demo data: ${args.dataDir}${args.reset ? ' (reset)' : ''}`)
  const seeded = await demo.attach(shell.core.call)
  if (seeded)
    log(
      `Seeded Northwind Outdoor: ${seeded.products} products (${seeded.revisions} revisions), ` +
        `${seeded.stockRows} stock rows, ${seeded.customers} customers, ${seeded.orders} orders, ` +
        `${seeded.pricingRules} pricing rules`
    )
  log(`Receiver page (every request with its signature verdict): ${demo.receiver.pageUrl}`)
  log(
    `Activity simulator: ${args.paused ? 'paused' : `a change every ${args.intervalMs} ms`} ` +
      '(pause it from the dashboard)'
  )
  log(`Indexed PIM demo on ${shell.url}`)
}

main().catch((error) => {
  console.error('demo: failed to start:', error)
  process.exit(1)
})
