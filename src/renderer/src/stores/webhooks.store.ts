import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiInput } from '@shared/api-contract'
import type {
  AppDto,
  BulkResult,
  DiscardedHeld,
  ReplayPreview,
  ReplayProgress,
  ReplayStarted,
  RevealedHeadersDto,
  TestSendResult,
  WebhookDto,
  WebhookHistoryDto,
  WebhookWithSecretDto
} from '@shared/dto'
import type { EventName } from '@shared/entity-catalog'
import { api } from '../api'

export type BulkAction = BulkResult['action']

/** Webhooks of the app on screen, plus the overview across apps for the dashboard. */
export const useWebhooksStore = defineStore('webhooks', () => {
  const appId = ref<number | null>(null)
  const webhooks = ref<WebhookDto[]>([])
  const loading = ref(false)

  async function load(forApp: number): Promise<void> {
    appId.value = forApp
    loading.value = true
    try {
      webhooks.value = await api().call('webhooks.list', { appId: forApp })
    } finally {
      loading.value = false
    }
  }

  async function reload(): Promise<void> {
    if (appId.value !== null) await load(appId.value)
  }

  /** New attempts change health; refetch without a loading state, so the table does not blink. */
  async function refreshQuietly(): Promise<void> {
    const forApp = appId.value
    if (forApp === null || loading.value) return
    const fresh = await api().call('webhooks.list', { appId: forApp })
    if (appId.value === forApp) webhooks.value = fresh
  }

  async function create(input: ApiInput<'webhooks.create'>): Promise<WebhookWithSecretDto> {
    const webhook = await api().call('webhooks.create', input)
    await reload()
    return webhook
  }

  async function update(input: ApiInput<'webhooks.update'>): Promise<WebhookDto> {
    const webhook = await api().call('webhooks.update', input)
    replaceRow(webhook)
    return webhook
  }

  async function bulk(ids: number[], action: BulkAction): Promise<BulkResult> {
    const result = await api().call('webhooks.bulk', { ids, action })
    await reload()
    return result
  }

  function replaceRow(webhook: WebhookDto): void {
    webhooks.value = webhooks.value.map((existing) =>
      existing.id === webhook.id ? webhook : existing
    )
  }

  /** Puts a webhook on hold: its deliveries queue and none is sent until `resume`. */
  async function hold(id: number): Promise<WebhookDto> {
    const webhook = await api().call('webhooks.hold', { id })
    replaceRow(webhook)
    return webhook
  }

  /** Ends a hold: the held deliveries go oldest first, at the webhook's rate limit. */
  async function resume(id: number): Promise<WebhookDto> {
    const webhook = await api().call('webhooks.resume', { id })
    replaceRow(webhook)
    return webhook
  }

  /** Drops what a held webhook queued (each logged as discarded); the row is read again. */
  async function discardHeld(id: number): Promise<DiscardedHeld> {
    const result = await api().call('webhooks.discardHeld', { id })
    if (webhooks.value.some((webhook) => webhook.id === id)) replaceRow(await get(id))
    return result
  }

  /** `previousSecretHours`: how long the old secret is still signed with (default 24, 0 ends it). */
  async function rotateSecret(
    id: number,
    previousSecretHours?: number
  ): Promise<WebhookWithSecretDto> {
    const webhook = await api().call('webhooks.rotateSecret', { id, previousSecretHours })
    // The list keeps secret-free rows, like every read.
    const { secret: _secret, ...row } = webhook
    webhooks.value = webhooks.value.map((existing) => (existing.id === id ? row : existing))
    return webhook
  }

  /** One webhook, fresh from the core (its page); not found answers an ApiError. */
  function get(id: number): Promise<WebhookDto> {
    return api().call('webhooks.get', { id })
  }

  /** A webhook's real attempts per hour (1 day) or per 24 h (more), test sends left out. */
  function history(id: number, days: number): Promise<WebhookHistoryDto> {
    return api().call('webhooks.history', { id, days })
  }

  /** The signing secret in clear: lists and reads carry only a hint. */
  async function revealSecret(id: number): Promise<string> {
    return (await api().call('webhooks.revealSecret', { id })).secret
  }

  /** Every custom header in clear, secret ones included: reads and the log mask them. */
  async function revealHeaders(id: number): Promise<RevealedHeadersDto['headers']> {
    return (await api().call('webhooks.revealHeaders', { id })).headers
  }

  /** Sends a sample of `event` (default: the webhook's first subscribed event) right now. */
  function sendTest(id: number, event?: EventName): Promise<TestSendResult> {
    return api().call('webhooks.test', { id, event })
  }

  /** Every webhook of these apps, each with its app's name (the dashboard's overview). */
  async function overview(apps: AppDto[]): Promise<Array<WebhookDto & { appName: string }>> {
    const lists = await Promise.all(
      apps.map(async (app) =>
        (await api().call('webhooks.list', { appId: app.id })).map((webhook) => ({
          ...webhook,
          appName: app.name
        }))
      )
    )
    return lists.flat()
  }

  /** How many failed deliveries of a webhook a replay of this range would send again. */
  function replayPreview(input: ApiInput<'webhooks.replayPreview'>): Promise<ReplayPreview> {
    return api().call('webhooks.replayPreview', input)
  }

  function replay(input: ApiInput<'webhooks.replay'>): Promise<ReplayStarted> {
    return api().call('webhooks.replay', input)
  }

  function replayProgress(batchId: string): Promise<ReplayProgress> {
    return api().call('webhooks.replayProgress', { batchId })
  }

  return {
    appId,
    webhooks,
    loading,
    load,
    reload,
    refreshQuietly,
    create,
    update,
    bulk,
    rotateSecret,
    revealSecret,
    revealHeaders,
    hold,
    resume,
    discardHeld,
    get,
    history,
    sendTest,
    overview,
    replayPreview,
    replay,
    replayProgress
  }
})
