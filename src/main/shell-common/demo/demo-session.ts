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
  /** Where the built-in receiver listens; a busy port falls back to a free one. */
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
  const receiver = await startReceiverOnPort(options.receiverPort)
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
      // An operator who rotates a secret in the app keeps a receiver that verifies.
      secretSync = setInterval(() => {
        teachReceiverSecrets(api, receiver, known).catch((error: unknown) =>
          options.log(`demo: cannot read webhook secrets: ${(error as Error).message}`)
        )
      }, SECRET_SYNC_MS)
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

async function startReceiverOnPort(port: number): Promise<WebhookReceiver> {
  const rules = Object.fromEntries(
    DEMO_WEBHOOKS.flatMap((webhook) => (webhook.answer ? [[webhook.path, webhook.answer]] : []))
  )
  try {
    return await startWebhookReceiver({ port, rules })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    return startWebhookReceiver({ port: 0, rules })
  }
}

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
