import { z } from 'zod'
import { MAX_HELD_THRESHOLD_MINUTES, MAX_QUIET_PERIOD_MINUTES } from './alerts'
import { id, webhookUrl } from './api-fields'

/** Inputs of the alert methods, spread into the contract (api-contract.ts). */
export const alertInputSchemas = {
  'alerts.list': z.strictObject({
    appId: id.optional(),
    unreadOnly: z.boolean().default(false),
    limit: z.number().int().min(1).max(200).default(50)
  }),
  'alerts.markRead': z
    .strictObject({
      ids: z.array(id).min(1, 'name at least one alert').max(1000).optional(),
      all: z.literal(true).optional(),
      /** With `all`: only this app's alerts. */
      appId: id.optional()
    })
    .refine((input) => (input.ids === undefined) !== (input.all === undefined), {
      message: 'give either ids or all: true',
      path: ['ids']
    }),
  'alerts.settings': z.strictObject({ appId: id }),
  'alerts.updateSettings': z.strictObject({
    appId: id,
    enabled: z.boolean().optional(),
    /** `null` removes the alert webhook (and its secret). */
    webhookUrl: webhookUrl.nullable().optional(),
    heldThresholdMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(MAX_HELD_THRESHOLD_MINUTES, 'must be at most 10080 minutes (7 days)')
      .optional(),
    quietPeriodMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(0, 'must be 0 or more minutes')
      .max(MAX_QUIET_PERIOD_MINUTES, 'must be at most 1440 minutes (a day)')
      .optional()
  }),
  'alerts.test': z.strictObject({ appId: id }),
  'alerts.revealSecret': z.strictObject({ appId: id })
}
