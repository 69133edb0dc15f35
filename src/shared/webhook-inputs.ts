import { z } from 'zod'
import {
  bulkActions,
  eventFilter,
  fromNotAfterTo,
  fromNotAfterToIssue,
  id,
  nameText,
  replayRange,
  replayScopes,
  retrySchedule,
  webhookEvents,
  webhookUrl
} from './api-fields'
import { flowControlFields } from './flow-controls'
import { webhookFiltersSchema } from './webhook-filters'
import { webhookHeadersSchema } from './webhook-headers'
import {
  DEFAULT_PREVIOUS_SECRET_HOURS,
  MAX_HISTORY_DAYS,
  MAX_PREVIOUS_SECRET_HOURS
} from './webhook-history'

/**
 * The argument schemas of the `webhooks.*` methods, part of the one contract
 * (`apiInputSchemas` in api-contract.ts spreads them in), kept apart for the file's size.
 */
export const webhookInputSchemas = {
  'webhooks.list': z.strictObject({ appId: id }),
  'webhooks.get': z.strictObject({ id }),
  'webhooks.create': z.strictObject({
    appId: id,
    url: webhookUrl,
    events: webhookEvents,
    name: nameText.optional(),
    active: z.boolean().default(true),
    retrySchedule: retrySchedule.optional(),
    /** Field-level narrowing of `*.updated` events (src/shared/webhook-filters.ts). */
    filters: webhookFiltersSchema.optional(),
    /** Flow controls (src/shared/flow-controls.ts): unlimited and unordered when left out. */
    ...flowControlFields,
    /** Custom request headers (src/shared/webhook-headers.ts); a new one needs every value. */
    headers: webhookHeadersSchema.optional()
  }),
  'webhooks.update': z.strictObject({
    id,
    url: webhookUrl.optional(),
    events: webhookEvents.optional(),
    name: nameText.optional(),
    active: z.boolean().optional(),
    retrySchedule: retrySchedule.optional(),
    /** Replaces every narrowing; `{}` removes them. Events left out of `events` lose theirs. */
    filters: webhookFiltersSchema.optional(),
    /** `null` removes a limit. Ordering applies to deliveries queued after it is turned on. */
    ...flowControlFields,
    /**
     * Replaces every custom header; `[]` removes them, left out keeps them. A secret header sent
     * with `value: null` keeps the value stored under its name, so a form saves unrevealed.
     */
    headers: webhookHeadersSchema.optional()
  }),
  // The hold: deliveries keep queuing but none is sent until `resume`; `discardHeld` drops them.
  'webhooks.hold': z.strictObject({ id }),
  'webhooks.resume': z.strictObject({ id }),
  'webhooks.discardHeld': z.strictObject({ id }),
  'webhooks.bulk': z.strictObject({
    ids: z.array(id).min(1, 'select at least one webhook').max(1000),
    action: z.enum(bulkActions)
  }),
  // How long the rotated-out secret is still signed with (receivers catch up): 0 ends it at once.
  'webhooks.rotateSecret': z.strictObject({
    id,
    previousSecretHours: z
      .number()
      .int('must be a whole number of hours')
      .min(0)
      .max(MAX_PREVIOUS_SECRET_HOURS, 'must be at most 168 hours (7 days)')
      .default(DEFAULT_PREVIOUS_SECRET_HOURS)
  }),
  'webhooks.revealSecret': z.strictObject({ id }),
  'webhooks.revealHeaders': z.strictObject({ id }),
  'webhooks.replay': replayRange
    .extend({ scope: z.enum(replayScopes).default('exhausted') })
    .refine(fromNotAfterTo, fromNotAfterToIssue),
  'webhooks.replayPreview': replayRange.refine(fromNotAfterTo, fromNotAfterToIssue),
  'webhooks.replayProgress': z.strictObject({ batchId: z.string().min(1).max(64) }),
  'webhooks.test': z.strictObject({ id, event: eventFilter.optional() }),
  // One webhook's real attempts over the last `days`, per hour (1 day) or per 24 h (more).
  'webhooks.history': z.strictObject({
    id,
    days: z.number().int('must be a whole number of days').min(1).max(MAX_HISTORY_DAYS)
  })
}
