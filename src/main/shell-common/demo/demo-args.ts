import { parseArgs } from 'node:util'
import { DEFAULT_DEMO_DIR } from './demo-folder'

export interface DemoArgs {
  /** The app's port (headless shell); a busy one falls back to a free port. */
  port: number
  receiverPort: number
  dataDir: string
  reset: boolean
  desktop: boolean
  /** Start with the activity simulator paused. */
  paused: boolean
  intervalMs: number
}

/** Not the headless shell's 4780: a demo runs happily beside the operator's real app. */
export const DEMO_PORT = 4785
export const DEMO_RECEIVER_PORT = 4790
export const DEFAULT_INTERVAL_MS = 2_500

function portOf(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new Error(`${flag} must be a whole number from 0 to 65535, not "${value}"`)
  return Number(value)
}

/**
 * `npm run demo -- [--reset] [--desktop] [--paused] [--interval MS] [--port N]
 * [--receiver-port N] [--data-dir DIR]`.
 */
export function parseDemoArgs(argv: string[]): DemoArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'receiver-port': { type: 'string' },
      'data-dir': { type: 'string' },
      reset: { type: 'boolean', default: false },
      desktop: { type: 'boolean', default: false },
      paused: { type: 'boolean', default: false },
      interval: { type: 'string' },
      // Electron adds its own switches; the window ignores what it does not know.
      demo: { type: 'boolean', default: false }
    },
    strict: true
  })
  const interval = values.interval ?? String(DEFAULT_INTERVAL_MS)
  if (!/^\d+$/.test(interval) || Number(interval) < 50 || Number(interval) > 3_600_000)
    throw new Error(`--interval must be milliseconds from 50 to 3600000, not "${interval}"`)
  return {
    port: portOf('--port', values.port, DEMO_PORT),
    receiverPort: portOf('--receiver-port', values['receiver-port'], DEMO_RECEIVER_PORT),
    dataDir: values['data-dir'] ?? DEFAULT_DEMO_DIR,
    reset: values.reset,
    desktop: values.desktop,
    paused: values.paused,
    intervalMs: Number(interval)
  }
}
