import type { DemoStatusDto } from '@shared/dto'
import type { ApiCall } from '../../core/api/api-dispatcher'
import type { DemoControl } from '../../core/demo/demo-control'
import { startWebhookReceiver, type WebhookReceiver } from '../../../receiver/webhook-receiver'
import { ActivitySimulator } from './activity-simulator'
import { demoApi, type DemoApi } from './demo-api'
import { DemoClock } from './demo-clock'
import { seedDemoCatalog, type SeedSummary } from './demo-seed'
import { allWebhooks, DEMO_WEBHOOKS, ensureDemoWebhooks } from './demo-webhooks'
import { seededRandom } from './seeded-random'

export interface DemoOptions {
  /** Where the built-in receiver listens; a busy port stops the demo, naming --receiver-port. */
  receiverPort: number
  /** Pause between two simulated changes. */
  intervalMs: number
  /** Start with the simulator paused (`--paused`). */
  paused: boolean
  /** Seed of the catalog and the simulator: the same seed, the same demo. */
  seed?: number
  log: (line: string) => void
}

export interface DemoSession {
  /** Give these to `startCore`: the seeding clock and the UI's handle on the simulator. */
  coreOptions: { clock: DemoClock; demo: DemoControl }
  receiver: WebhookReceiver
  /** Links the window may open in the browser besides https: the receiver's own page. */
  isReceiverPage(url: string): boolean
  /** Seeds an empty catalog, points the demo webhooks at the receiver, starts the simulator. */
  attach(call: ApiCall): Promise<SeedSummary | null>
  close(): Promise<void>
}

const SECRET_SYNC_MS = 3_000

/**
 * Everything `npm run demo` adds to a normal run, for either shell: the receiver (started first,
 * so webhooks can point at it), a clock for seeding history, and the activity simulator.
 */
export async function prepareDemo(options: DemoOptions): Promise<DemoSession> {
  // Set once the core is attached; the receiver asks before judging a signature it cannot verify.
  let learnSecrets: (() => Promise<void>) | null = null
  const receiver = await startReceiverOnPort(options.receiverPort, () =>
    learnSecrets ? learnSecrets() : Promise.resolve()
  )
  const clock = new DemoClock()
  const simulator = new ActivitySimulator({
    intervalMs: options.intervalMs,
    random: seededRandom((options.seed ?? 2026) + 1),
    log: options.log
  })
  const status = (): DemoStatusDto => ({
    active: true,
    receiverPageUrl: receiver.pageUrl,
    simulator: simulator.isPaused ? 'paused' : 'running',
    simulatedChanges: simulator.changes
  })
  let secretSync: NodeJS.Timeout | null = null

  return {
    receiver,
    isReceiverPage: (url) => url.startsWith(receiver.url + '/'),
    coreOptions: {
      clock,
      demo: {
        status,
        setPaused(paused) {
          simulator.setPaused(paused)
          options.log(`simulator ${paused ? 'paused' : 'resumed'} from the app`)
          return status()
        }
      }
    },
    async attach(call) {
      const api = demoApi(call)
      const { total } = await api('entities.list', { type: 'product', limit: 1 })
      const seeded =
        total === 0 ? await seedDemoCatalog(api, seededRandom(options.seed ?? 2026), clock) : null
      await ensureDemoWebhooks(api, receiver.url)
      const known = new Map<number, string>()
      await teachReceiverSecrets(api, receiver, known)
      // An operator who rotates a secret in the app keeps a receiver that verifies: the first
      // send after a rotation makes the receiver ask for the new secret before it judges (a
      // timer alone left a window where "Send test event" was recorded as a mismatch); the
      // timer keeps the receiver page's list of secrets current between sends.
      learnSecrets = () =>
        teachReceiverSecrets(api, receiver, known).catch((error: unknown) =>
          options.log(`demo: cannot read webhook secrets: ${(error as Error).message}`)
        )
      secretSync = setInterval(() => void learnSecrets?.(), SECRET_SYNC_MS)
      secretSync.unref()
      simulator.start(api, options.paused)
      return seeded
    },
    async close() {
      if (secretSync) clearInterval(secretSync)
      await simulator.stop()
      await receiver.close()
    }
  }
}

async function startReceiverOnPort(
  port: number,
  refreshSecrets: () => Promise<void>
): Promise<WebhookReceiver> {
  const rules = Object.fromEntries(
    DEMO_WEBHOOKS.flatMap((webhook) => (webhook.answer ? [[webhook.path, webhook.answer]] : []))
  )
  try {
    return await startWebhookReceiver({ port, rules, refreshSecrets })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    // Names the flag that changes it: the operator reads this, not the receiver's own options.
    throw new DemoStartError(
      `the demo receiver's port ${port} is already in use (another demo or receiver?); ` +
        'choose another with --receiver-port N (0 = any free port)'
    )
  }
}

/** A reason the demo cannot start that the operator can fix; printed without a stack. */
export class DemoStartError extends Error {}

/** Gives the receiver the secret of every webhook pointed at it that it does not know yet. */
async function teachReceiverSecrets(
  api: DemoApi,
  receiver: WebhookReceiver,
  known: Map<number, string>
): Promise<void> {
  for (const { webhook } of await allWebhooks(api)) {
    if (!webhook.url.startsWith(receiver.url + '/') || known.get(webhook.id) === webhook.secretHint)
      continue
    const { secret } = await api('webhooks.revealSecret', { id: webhook.id })
    receiver.addSecret(secret)
    known.set(webhook.id, webhook.secretHint)
  }
}
