import type { ApiInput } from '@shared/api-contract'
import type { EntityDto, WebhookWithSecretDto } from '@shared/dto'
import type { TestReceiver } from './receiver'
import type { ShellProcess } from './shell-process'

/**
 * Data that several suites set up the same way through a headless shell's API, before their page
 * opens (the `prepare` of an e2e session).
 */

/** The id of one of the apps every catalog starts with (`products`, `orders`, ...). */
export async function seededAppId(shell: ShellProcess, key: string): Promise<number> {
  const app = (await shell.call('apps.list', {})).find((candidate) => candidate.key === key)
  if (!app) throw new Error(`no seeded app "${key}"`)
  return app.id
}

/** A webhook pointed at the suite's receiver, which verifies its signatures from now on. */
export async function webhookToReceiver(
  shell: ShellProcess,
  receiver: TestReceiver,
  input: Omit<ApiInput<'webhooks.create'>, 'url'> & { url?: string }
): Promise<WebhookWithSecretDto> {
  const webhook = await shell.call('webhooks.create', { url: receiver.url, ...input })
  receiver.secrets.push(webhook.secret)
  return webhook
}

export interface OrdersFeed {
  appId: number
  webhook: WebhookWithSecretDto
  /** The orders saved, in the order given. */
  orders: EntityDto[]
}

/**
 * The Orders app with one webhook on `order.created` at the receiver (named "ERP", no retries
 * unless told), then one order saved per number; resolves once the receiver has heard of every
 * one, so the log is complete when the page opens.
 */
export async function ordersFeed(
  shell: ShellProcess,
  receiver: TestReceiver,
  {
    name = 'ERP',
    retrySchedule = [],
    numbers = []
  }: { name?: string; retrySchedule?: number[]; numbers?: string[] } = {}
): Promise<OrdersFeed> {
  const appId = await seededAppId(shell, 'orders')
  const webhook = await webhookToReceiver(shell, receiver, {
    appId,
    name,
    events: ['order.created'],
    retrySchedule
  })
  const heard = receiver.requests.length
  const orders: EntityDto[] = []
  for (const number of numbers)
    orders.push(await shell.call('entities.create', { type: 'order', data: { number } }))
  await receiver.waitFor(heard + numbers.length)
  return { appId, webhook, orders }
}

/** The Nordwand brand's Trail Jacket (TJ-1 at 129.90), the product the UI suites show. */
export async function trailJacket(shell: ShellProcess): Promise<EntityDto> {
  const brand = await shell.call('entities.create', { type: 'brand', data: { name: 'Nordwand' } })
  return shell.call('entities.create', {
    type: 'product',
    data: { name: 'Trail Jacket', sku: 'TJ-1', price: 129.9, brandId: brand.id }
  })
}
