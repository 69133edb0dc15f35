import { z } from 'zod'
import { isEventName, recordTypes, type EventName } from './entity-catalog'
import { postgresUrlProblem } from './postgres-url'
import { webhookUrlProblem } from './webhook-url'
import { MAX_RETRY_ATTEMPTS, MAX_RETRY_DELAY_SECONDS } from './delivery-settings'

/**
 * The argument schemas several API methods share (ids, names, URLs, events, retry schedules, the
 * log's filters and search) and the log export's input, apart from the method table in
 * `api-contract.ts`, which re-exports the public ones so importers need not know the split.
 */

export const id = z.number().int().positive()
export const nameText = z.string().trim().min(1, 'is required').max(200)
export const recordType = z.enum(recordTypes)

export const webhookUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const webhookEvents = z
  .array(z.string())
  .min(1, 'choose at least one event')
  .max(100)
  .superRefine((events, ctx) => {
    events.forEach((event, index) => {
      if (!isEventName(event))
        ctx.addIssue({ code: 'custom', message: `unknown event "${event}"`, path: [index] })
    })
  })
  .transform((events) => [...new Set(events)] as EventName[])

export const logStatusFilters = [
  'success',
  'failure',
  '2xx',
  '3xx',
  '4xx',
  '5xx',
  'network'
] as const
export type LogStatusFilter = (typeof logStatusFilters)[number]

export const bulkActions = ['activate', 'deactivate', 'delete'] as const

export const replayScopes = ['failed', 'exhausted'] as const

/** Filters of the log's message view (one row per delivery). */
export const messageStateFilters = ['pending', 'retrying', 'succeeded', 'failed'] as const
export type MessageStateFilter = (typeof messageStateFilters)[number]

export const empty = z.strictObject({})

/**
 * A PostgreSQL server and database; the password may be in it (it stays in the data folder), so
 * the message says what is wrong without repeating it.
 */
export const postgresUrl = z
  .string()
  .max(2_000)
  .superRefine((value, ctx) => {
    const problem = postgresUrlProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: `the database URL ${problem}` })
  })

/** Delays in seconds between attempts; null restores the default schedule. */
export const retrySchedule = z
  .array(
    z
      .number()
      .int('must be whole seconds')
      .min(1, 'must be at least 1 second')
      .max(MAX_RETRY_DELAY_SECONDS, 'must be at most 7 days')
  )
  .max(MAX_RETRY_ATTEMPTS, `at most ${MAX_RETRY_ATTEMPTS} retries`)
  .nullable()

export const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' })

export const replayRange = z.strictObject({ id, from: isoInstant, to: isoInstant })
export const fromNotAfterTo = (range: { from: string; to: string }) =>
  Date.parse(range.from) <= Date.parse(range.to)
export const fromNotAfterToIssue = { message: 'must not be after "to"', path: ['from'] }

/** What the delivery log can be searched by, besides its filters (`logs.list`). */
export const logSearch = {
  /** The `webhook-id` header, exactly. */
  messageId: z.string().trim().min(1, 'must not be empty').max(64).optional(),
  /** The record the payload carries: its external id (`prd_…`) or its numeric id. */
  record: z.string().trim().min(1, 'must not be empty').max(64).optional(),
  /** Text in the request or the response body (case-insensitive). */
  text: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(200)
    // The index's query syntax ends a string at NUL; no body worth finding is searched by one.
    .refine((text) => !text.includes('\0'), 'must not contain a NUL character')
    .optional(),
  /** Attempts made at or after this instant. */
  from: isoInstant.optional(),
  /** Attempts made before this instant. */
  to: isoInstant.optional()
}
export const fromBeforeTo = (range: { from?: string; to?: string }) =>
  !range.from || !range.to || Date.parse(range.from) < Date.parse(range.to)
export const fromBeforeToIssue = { message: 'must be after "from"', path: ['to'] }

export const eventFilter = z
  .string()
  .refine(isEventName, 'unknown event')
  .transform((event) => event as EventName)

export const logExportFormats = ['csv', 'ndjson'] as const
export type LogExportFormat = (typeof logExportFormats)[number]

/**
 * What an export of the delivery log writes: the attempts `logs.list` would page through with
 * these filters and search, every one, as CSV or NDJSON. Not an API method (its answer is a
 * stream): the headless shell's `POST /api/export/ticket` takes it.
 */
export const logExportInput = z
  .strictObject({
    appId: id,
    format: z.enum(logExportFormats),
    status: z.enum(logStatusFilters).optional(),
    event: eventFilter.optional(),
    webhookId: id.optional(),
    ...logSearch
  })
  .refine(fromBeforeTo, fromBeforeToIssue)
export type LogExportInput = z.output<typeof logExportInput>
