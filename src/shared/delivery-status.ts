/**
 * This process's delivery at a glance (`delivery.status`): what the tray icon shows and what
 * quitting would leave waiting.
 */
export interface DeliveryStatusDto {
  /** The operator paused all delivery from this computer (tray, Settings); saves still queue. */
  paused: boolean
  /** Deliveries waiting to be sent or retried (held webhooks' rows included). */
  pending: number
  /** When the earliest of them is due (ISO), or null when none waits. */
  nextDueAt: string | null
  /** Enabled webhooks whose health is Failing. */
  failingWebhooks: number
  /** Webhooks on hold. */
  heldWebhooks: number
  /** One word for the tray icon, worst first: paused, failing, held, healthy. */
  state: DeliveryState
}

export const deliveryStates = ['healthy', 'held', 'failing', 'paused'] as const
export type DeliveryState = (typeof deliveryStates)[number]

export function deliveryStateOf(
  status: Pick<DeliveryStatusDto, 'paused' | 'failingWebhooks' | 'heldWebhooks'>
): DeliveryState {
  if (status.paused) return 'paused'
  if (status.failingWebhooks > 0) return 'failing'
  if (status.heldWebhooks > 0) return 'held'
  return 'healthy'
}
