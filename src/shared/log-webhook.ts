import type { LogSummaryDto } from './dto'

type LoggedWebhook = Pick<LogSummaryDto, 'webhookId' | 'webhookExternalId' | 'webhookName'>

/**
 * How screens and exports name the webhook of a logged attempt: its current name while it exists
 * (the name the filters and the manager show), otherwise the name it had when the attempt
 * happened with "(deleted)", so an operator never has to decode a bare `web_…` id. The external
 * id stands in only when no name was ever kept (attempts logged before names were).
 */
export function logWebhookLabel(log: LoggedWebhook, currentName?: string | null): string {
  if (log.webhookId === null) return `${log.webhookName ?? log.webhookExternalId} (deleted)`
  return currentName ?? log.webhookName ?? log.webhookExternalId
}

type Resendable = Pick<LogSummaryDto, 'test' | 'webhookId' | 'deliveryId'>

/**
 * Why an attempt cannot be redelivered, or null when it can: the API's refusal and the drawer's
 * disabled button give the same reason. A deleted webhook's attempts were real deliveries, so
 * they must not be called test sends.
 */
export function redeliveryRefusal(log: Resendable): string | null {
  if (log.test) return 'Test sends cannot be redelivered: send a new test event instead.'
  if (log.webhookId === null)
    return 'Its webhook was deleted, so there is nowhere to redeliver it to.'
  if (log.deliveryId === null)
    return 'Its delivery record is gone (removed after the retention period), so it cannot be redelivered.'
  return null
}
