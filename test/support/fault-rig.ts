import { afterEach } from 'vitest'
import type { CoreOptions } from '../../src/main/core/pim-core'
import type { LogDetailDto, LogSummaryDto } from '@shared/dto'
import { eventually, startHarness, type Harness } from './core-harness'
import { ManualClock } from './manual-clock'
import { startReceiver, type Responder, type TestReceiver } from './receiver'

/**
 * A core on a manual clock with one webhook (brand.created) pointed at a loopback receiver that
 * answers as the test says; everything is closed after each test.
 */
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

export interface Rig {
  harness: Harness
  receiver: TestReceiver
  clock: ManualClock
  appId: number
  webhookId: number
  /** Waits until the log holds `count` attempts and returns them oldest first. */
  attempts(count: number): Promise<LogSummaryDto[]>
  detail(log: LogSummaryDto): Promise<LogDetailDto>
  /** Moves time forward and lets the worker look at the outbox again. */
  advance(ms: number): void
}

export async function rig(
  respond: Responder,
  options: Partial<CoreOptions> = {},
  retrySchedule?: number[]
): Promise<Rig> {
  const clock = new ManualClock()
  const harness = await startHarness({ clock, random: () => 0.5, ...options })
  const receiver = await startReceiver(respond)
  cleanups.push(
    () => harness.close(),
    () => receiver.close()
  )
  const appId = (await harness.call('apps.list'))[0].id
  const webhook = await harness.call('webhooks.create', {
    appId,
    url: receiver.url,
    events: ['brand.created'],
    ...(retrySchedule ? { retrySchedule } : {})
  })
  receiver.secrets.push(webhook.secret)
  return {
    harness,
    receiver,
    clock,
    appId,
    webhookId: webhook.id,
    async attempts(count) {
      return eventually(async () => {
        const page = await harness.call('logs.list', { appId, limit: 200 })
        return page.items.length >= count ? page.items.reverse() : undefined
      }, 15_000)
    },
    detail: (log) => harness.call('logs.get', { id: log.id }),
    advance(ms) {
      clock.advance(ms)
      harness.core.worker.wake()
    }
  }
}

/** Saves a brand, which the rig's webhook hears as brand.created. */
export const brand = (harness: Harness, name = 'Fault') =>
  harness.call('entities.create', { type: 'brand', data: { name } })
