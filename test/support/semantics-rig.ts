import { afterEach } from 'vitest'
import type { AppDto } from '@shared/dto'
import { startHarness, type Harness } from './core-harness'
import { startReceiver, type TestReceiver } from './receiver'

/** A core with the seeded apps and loopback receivers that verify what they get; closed after each test. */
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

export async function setup(options: Parameters<typeof startHarness>[0] = {}) {
  const harness = await startHarness(options)
  cleanups.push(() => harness.close())
  const apps = await harness.call('apps.list')
  const byKey = (key: string): AppDto => apps.find((app) => app.key === key)!
  return { harness, byKey }
}

export async function receiverWith(
  respond?: Parameters<typeof startReceiver>[0]
): Promise<TestReceiver> {
  const receiver = await startReceiver(respond)
  cleanups.push(() => receiver.close())
  return receiver
}

/** A receiver that answers each request only when the test calls its entry in `held`, in order. */
export async function heldReceiver(): Promise<{ receiver: TestReceiver; held: Array<() => void> }> {
  const held: Array<() => void> = []
  const receiver = await receiverWith(
    (_request, _req, res) =>
      new Promise<void>((resolve) => {
        held.push(() => {
          res.end()
          resolve()
        })
      })
  )
  return { receiver, held }
}

export async function hook(
  harness: Harness,
  receiver: TestReceiver,
  appId: number,
  events: string[],
  active = true
) {
  const webhook = await harness.call('webhooks.create', {
    appId,
    url: receiver.url,
    events,
    active
  })
  receiver.secrets.push(webhook.secret)
  return webhook
}
