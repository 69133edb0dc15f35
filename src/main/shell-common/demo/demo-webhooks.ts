import type { AppDto, WebhookDto } from '@shared/dto'
import type { AnswerRule } from '../../../receiver/webhook-receiver'
import type { DemoApi } from './demo-api'

/**
 * The demo's receivers, one path each on the built-in receiver: most answer at once, and four show
 * what the delivery engine does with trouble (retries, Retry-After, a slow peer, 410 Gone).
 */
export interface DemoWebhook {
  appKey: 'products' | 'orders' | 'inventory' | 'pricing'
  name: string
  path: string
  events: string[]
  /** How the receiver answers this path (the name says it too); nothing means 200 at once. */
  answer?: AnswerRule
  /** Short retries, so a failure's retry shows up while the operator watches. */
  retrySchedule?: number[]
}

export const DEMO_WEBHOOKS: readonly DemoWebhook[] = [
  {
    appKey: 'products',
    name: 'ERP product sync',
    path: '/erp/products',
    events: [
      'product.created',
      'product.updated',
      'product.deleted',
      'brand.created',
      'category.created'
    ]
  },
  {
    appKey: 'products',
    name: 'Search index (flaky)',
    path: '/search/index',
    events: ['product.created', 'product.updated', 'product.deleted'],
    answer: { status: 500, failureRatio: 0.35 },
    retrySchedule: [5, 20, 60, 300]
  },
  {
    appKey: 'products',
    name: 'Marketplace feed (slow)',
    path: '/marketplace/feed',
    events: ['product.updated'],
    answer: { delayMs: 3_500 }
  },
  {
    appKey: 'orders',
    name: 'Fulfilment',
    path: '/fulfilment/orders',
    events: ['order.created', 'order.updated', 'order.deleted']
  },
  {
    appKey: 'orders',
    name: 'CRM (rate-limited)',
    path: '/crm/events',
    events: ['order.created', 'customer.created', 'customer.updated'],
    answer: { status: 429, retryAfterSeconds: 15, failureRatio: 0.5 },
    retrySchedule: [10, 30, 120, 600]
  },
  {
    appKey: 'inventory',
    name: 'Warehouse system',
    path: '/wms/stock',
    events: ['inventory.created', 'inventory.updated', 'inventory.deleted']
  },
  {
    appKey: 'inventory',
    name: 'Legacy stock feed (410 Gone)',
    path: '/legacy/stock',
    events: ['inventory.updated'],
    answer: { status: 410 }
  },
  {
    appKey: 'pricing',
    name: 'Price monitor',
    path: '/pricing/monitor',
    events: ['pricing_rule.created', 'pricing_rule.updated', 'pricing_rule.deleted']
  }
]

const demoPaths = new Set(DEMO_WEBHOOKS.map((webhook) => webhook.path))

/** A webhook the demo made: loopback host and one of the demo's paths (the port may be old). */
export function isDemoWebhookUrl(url: string): boolean {
  const parsed = new URL(url)
  return parsed.hostname === '127.0.0.1' && demoPaths.has(parsed.pathname)
}

export async function allWebhooks(
  api: DemoApi
): Promise<Array<{ app: AppDto; webhook: WebhookDto }>> {
  const found: Array<{ app: AppDto; webhook: WebhookDto }> = []
  for (const app of await api('apps.list', {}))
    for (const webhook of await api('webhooks.list', { appId: app.id }))
      found.push({ app, webhook })
  return found
}

/**
 * Creates the demo webhooks on a first run; on a later one points the ones it made at this run's
 * receiver (whose port may differ) and leaves everything else as the operator left it.
 */
export async function ensureDemoWebhooks(api: DemoApi, receiverUrl: string): Promise<number> {
  const existing = (await allWebhooks(api)).filter(({ webhook }) => isDemoWebhookUrl(webhook.url))
  if (existing.length === 0) {
    const apps = await api('apps.list', {})
    for (const demo of DEMO_WEBHOOKS) {
      const app = apps.find((candidate) => candidate.key === demo.appKey)
      if (!app) throw new Error(`the built-in ${demo.appKey} app is missing`)
      await api('webhooks.create', {
        appId: app.id,
        name: demo.name,
        url: receiverUrl + demo.path,
        events: demo.events,
        retrySchedule: demo.retrySchedule
      })
    }
    return DEMO_WEBHOOKS.length
  }
  for (const { webhook } of existing) {
    const url = receiverUrl + new URL(webhook.url).pathname
    if (url !== webhook.url) await api('webhooks.update', { id: webhook.id, url })
  }
  return existing.length
}
