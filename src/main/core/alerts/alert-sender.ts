import { ALERT_EVENT_TYPE, type AlertKind, type AlertState } from '@shared/alerts'
import type { DeliverySettings } from '@shared/delivery-settings'
import type { Clock } from '../support/clock'
import { externalId } from '../support/ids'
import type { SendResult } from '../delivery/transport/http-sender'
import type { Transport } from '../delivery/transport/transport'
import { deliveryHeaders } from '../delivery/transport/signing'

/** The alert webhook's body (docs/RECEIVERS.md, "Alert webhooks"). */
export interface AlertBody {
  type: typeof ALERT_EVENT_TYPE
  kind: AlertKind
  state: AlertState
  app: { id: number; name: string }
  /** The host only: a webhook URL's path or query may carry a token. */
  webhook: { id: number; name: string; host: string }
  /** One line, usable as Slack's `text`. */
  text: string
  occurredAt: string
  /** True for `alerts.test`'s sample. */
  test?: true
}

export function urlHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

export interface AlertSenderOptions {
  clock: Clock
  userAgent: string
  /** Timeouts and the private-network guard, read for every attempt as deliveries do. */
  settings: () => DeliverySettings
  transport: Transport
  /** Waits before the second and third attempts (a couple of retries, then the alert is lost). */
  retryDelaysMs?: readonly number[]
}

export const ALERT_RETRY_DELAYS_MS = [2_000, 10_000] as const

/**
 * Signs an alert with the Standard Webhooks headers (the same signing as deliveries, the alert
 * secret as key) and POSTs it through the deliveries' transport, so the private-network guard
 * and the timeouts apply. A failed attempt is retried a couple of times with the same
 * webhook-id, so a receiver can drop a repeat.
 */
export class AlertSender {
  private readonly timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>()
  private closed = false

  constructor(private readonly options: AlertSenderOptions) {}

  async send(
    target: { url: string; secret: string },
    body: AlertBody,
    options: { retries?: boolean } = {}
  ): Promise<SendResult> {
    const messageId = externalId('msg_alert')
    // A test send answers the operator at once: no retries.
    const delays =
      options.retries === false ? [] : (this.options.retryDelaysMs ?? ALERT_RETRY_DELAYS_MS)
    let result = await this.attempt(target, messageId, body)
    for (const delay of delays) {
      if (result.errorClass === null || result.errorClass === 'blocked_address' || this.closed)
        break
      await this.wait(delay)
      if (this.closed) break
      result = await this.attempt(target, messageId, body)
    }
    return result
  }

  /** Ends the retry waits: alerts still retrying are given up (the core is closing). */
  close(): void {
    this.closed = true
    for (const entry of this.timers) {
      clearTimeout(entry.timer)
      entry.done()
    }
    this.timers.clear()
  }

  private attempt(
    target: { url: string; secret: string },
    messageId: string,
    body: AlertBody
  ): Promise<SendResult> {
    const current = this.options.settings()
    const text = JSON.stringify(body)
    return this.options.transport.send({
      url: target.url,
      headers: deliveryHeaders({
        body: text,
        messageId,
        timestampSeconds: Math.floor(this.options.clock.now() / 1000),
        event: ALERT_EVENT_TYPE,
        secrets: [target.secret],
        userAgent: this.options.userAgent
      }),
      body: text,
      timeouts: { connectMs: current.connectTimeoutMs, totalMs: current.totalTimeoutMs },
      blockPrivateNetworks: current.blockPrivateNetworks,
      privateNetworkAllowList: current.privateNetworkAllowList
    })
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry)
          resolve()
        }, ms),
        done: resolve
      }
      entry.timer.unref()
      this.timers.add(entry)
    })
  }
}
