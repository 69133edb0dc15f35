import { z } from 'zod'
import { externalIdSchema } from './entity-schema'
import { allowListEntryProblem, MAX_ALLOW_LIST_ENTRIES } from './network-allow-list'
import { alertInputSchemas } from './alert-inputs'
import type { ApiMethodName } from './api-methods'
import { webhookInputSchemas } from './webhook-inputs'
import type { PreferencesDto } from './preferences'
import { localInputSchemas } from './local-inputs'
import { importInputSchemas } from './import-inputs'
import type { ImportOutputs } from './imports'
import { backfillInputSchemas } from './backfill-inputs'
import type { BackfillOutputs } from './backfill'
import { massEditInputSchemas } from './mass-edit-inputs'
import type { MassEditOutputs } from './mass-edit'
import type { DeliveryStatusDto } from './delivery-status'
import type { UpdateStatusDto } from './updates'
import type { AsyncApiDocument } from './asyncapi'
import type { DeliverySettings } from './delivery-settings'
import type {
  AccountDto,
  AlertPage,
  AlertSettingsDto,
  AlertTestDto,
  AppDto,
  BulkResult,
  CatalogEventGroupDto,
  DeliveryStats,
  EntityDto,
  EntityPage,
  LogDetailDto,
  LogPage,
  MessagePage,
  ReplayPreview,
  ReplayProgress,
  ReplayStarted,
  RevealedHeadersDto,
  RevealedSecretDto,
  RevisionDto,
  SystemStatusDto,
  DemoStatusDto,
  DiscardedHeld,
  DatabaseStatusDto,
  DatabaseTestDto,
  TestSendResult,
  WebhookDto,
  WebhookHistoryDto,
  WebhookWithSecretDto
} from './api-types'
import {
  empty,
  eventFilter,
  fromBeforeTo,
  fromBeforeToIssue,
  id,
  logSearch,
  logStatusFilters,
  messageStateFilters,
  nameText,
  postgresUrl,
  recordType
} from './api-fields'

export {
  bulkActions,
  logExportFormats,
  logExportInput,
  logStatusFilters,
  messageStateFilters,
  replayScopes,
  type LogExportFormat,
  type LogExportInput,
  type LogStatusFilter,
  type MessageStateFilter
} from './api-fields'

/**
 * The one API contract. Method names are `domain.verb`; they are the IPC channel names and the
 * HTTP routes (`POST /api/<method>`). Every argument is parsed with these schemas at the boundary;
 * entity `data` is parsed again per type by the core (its shape depends on `type`).
 */
export const apiInputSchemas = {
  'account.get': empty,
  'account.update': z.strictObject({
    name: nameText.optional(),
    externalId: externalIdSchema.optional(),
    operatorName: nameText.optional()
  }),

  'apps.list': empty,
  'apps.create': z.strictObject({
    name: nameText,
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes')
      .optional()
  }),
  'apps.update': z.strictObject({ id, name: nameText }),
  'apps.delete': z.strictObject({ id }),

  'catalog.events': empty,
  'catalog.asyncapi': empty,

  'entities.list': z.strictObject({
    type: recordType,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    search: z.string().trim().max(200).optional()
  }),
  'entities.get': z.strictObject({ type: recordType, id }),
  // `data` is validated against the type's field specs by the core. `operatorName` is the name a
  // product revision records (an import or a script acting for a colleague); by default the
  // account's operator name.
  'entities.create': z.strictObject({
    type: recordType,
    data: z.record(z.string(), z.unknown()),
    operatorName: nameText.optional()
  }),
  'entities.update': z.strictObject({
    type: recordType,
    id,
    data: z.record(z.string(), z.unknown()),
    operatorName: nameText.optional()
  }),
  'entities.delete': z.strictObject({ type: recordType, id, operatorName: nameText.optional() }),
  'entities.revisions': z.strictObject({ productId: id }),

  ...webhookInputSchemas,

  'logs.list': z
    .strictObject({
      appId: id,
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      status: z.enum(logStatusFilters).optional(),
      event: eventFilter.optional(),
      webhookId: id.optional(),
      /** The attempts of one delivery (message). */
      deliveryId: id.optional(),
      ...logSearch
    })
    .refine(fromBeforeTo, fromBeforeToIssue),
  'logs.messages': z
    .strictObject({
      appId: id,
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      state: z.enum(messageStateFilters).optional(),
      event: eventFilter.optional(),
      webhookId: id.optional(),
      /** Deliveries with an attempt the search finds; `messageId` is the delivery's own. */
      ...logSearch
    })
    .refine(fromBeforeTo, fromBeforeToIssue),
  'logs.get': z.strictObject({ id }),
  'logs.redeliver': z.strictObject({ id }),

  'settings.get': empty,
  'settings.update': z.strictObject({
    connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
    totalTimeoutMs: z.number().int().min(500).max(300_000).optional(),
    blockPrivateNetworks: z.boolean().optional(),
    privateNetworkAllowList: z
      .array(
        z
          .string()
          .max(300)
          .superRefine((entry, ctx) => {
            const problem = allowListEntryProblem(entry)
            if (problem) ctx.addIssue({ code: 'custom', message: problem })
          })
          .transform((entry) => entry.trim().toLowerCase())
      )
      .max(MAX_ALLOW_LIST_ENTRIES, `at most ${MAX_ALLOW_LIST_ENTRIES} hosts or ranges`)
      .optional(),
    logRetentionDays: z.number().int().min(1).max(3_650).optional(),
    successPayloadRetentionDays: z.number().int().min(0).max(3_650).optional(),
    autoDisableAfterDays: z.number().int().min(1).max(365).optional(),
    autoDisableAfterFailures: z.number().int().min(1).max(100_000).optional()
  }),

  'stats.deliveries': z.strictObject({
    appId: id.optional(),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24)
  }),

  'system.status': empty,
  'system.database': empty,
  'system.testDatabase': z.strictObject({ url: postgresUrl }),
  'system.chooseDatabase': z.strictObject({ url: postgresUrl.nullable() }),

  'demo.status': empty,
  'demo.setPaused': z.strictObject({ paused: z.boolean() }),

  // Alerts (src/shared/alerts.ts): the bell's notices and each app's alert settings.
  ...alertInputSchemas,

  // This computer (src/shared/preferences.ts, delivery-status.ts, updates.ts).
  ...localInputSchemas,

  // Imports from CSV or XLSX (src/shared/imports.ts).
  ...importInputSchemas,

  // Backfills: send current state to one webhook (src/shared/backfill.ts).
  ...backfillInputSchemas,

  // Mass edit: one change to many records (src/shared/mass-edit.ts).
  ...massEditInputSchemas
} as const satisfies Record<ApiMethodName, z.ZodType>

export interface ApiOutputs extends ImportOutputs, BackfillOutputs, MassEditOutputs {
  'account.get': AccountDto
  'account.update': AccountDto
  'apps.list': AppDto[]
  'apps.create': AppDto
  'apps.update': AppDto
  'apps.delete': AppDto
  'catalog.events': CatalogEventGroupDto[]
  /** The AsyncAPI 3.0.0 document of every webhook event (src/shared/asyncapi.ts). */
  'catalog.asyncapi': AsyncApiDocument
  'entities.list': EntityPage
  'entities.get': EntityDto
  'entities.create': EntityDto
  'entities.update': EntityDto
  'entities.delete': EntityDto
  'entities.revisions': RevisionDto[]
  'webhooks.list': WebhookDto[]
  'webhooks.get': WebhookDto
  'webhooks.create': WebhookWithSecretDto
  'webhooks.update': WebhookDto
  'webhooks.bulk': BulkResult
  'webhooks.rotateSecret': WebhookWithSecretDto
  'webhooks.revealSecret': RevealedSecretDto
  'webhooks.hold': WebhookDto
  'webhooks.resume': WebhookDto
  'webhooks.discardHeld': DiscardedHeld
  'webhooks.revealHeaders': RevealedHeadersDto
  'webhooks.replay': ReplayStarted
  'webhooks.replayPreview': ReplayPreview
  'webhooks.replayProgress': ReplayProgress
  'webhooks.test': TestSendResult
  'webhooks.history': WebhookHistoryDto
  'logs.list': LogPage
  'logs.messages': MessagePage
  'logs.get': LogDetailDto
  'logs.redeliver': LogDetailDto
  'settings.get': DeliverySettings
  'settings.update': DeliverySettings
  'stats.deliveries': DeliveryStats
  'system.status': SystemStatusDto
  'system.database': DatabaseStatusDto
  'system.testDatabase': DatabaseTestDto
  'system.chooseDatabase': DatabaseStatusDto
  'demo.status': DemoStatusDto
  'demo.setPaused': DemoStatusDto
  'alerts.list': AlertPage
  'alerts.markRead': { marked: number }
  'alerts.settings': AlertSettingsDto
  'alerts.updateSettings': AlertSettingsDto
  'alerts.test': AlertTestDto
  'alerts.revealSecret': RevealedSecretDto
  'preferences.get': PreferencesDto
  'preferences.update': PreferencesDto
  'delivery.status': DeliveryStatusDto
  'delivery.setPaused': DeliveryStatusDto
  'updates.status': UpdateStatusDto
  'updates.check': UpdateStatusDto
  'updates.restartNow': UpdateStatusDto
}

export type ApiMethod = keyof typeof apiInputSchemas
// Fails to compile if a name in api-methods.ts has no schema here, or the other way round.
const sameMethods: [ApiMethodName, ApiMethod] extends [ApiMethod, ApiMethodName] ? true : never =
  true
void sameMethods

/** What a caller passes (defaults optional). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputSchemas)[M]>
/** What a handler receives after parsing (defaults filled in). */
export type ApiParsed<M extends ApiMethod> = z.output<(typeof apiInputSchemas)[M]>
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M]

/**
 * The delivery log's search, as parsed (`logs.list`, `logs.messages`, exports): the webhook-id,
 * the record, body text and the time range. Derived from the schema, like the filter types in
 * `log-filters.ts`, so the shape is written once.
 */
export type LogSearch = Pick<ApiParsed<'logs.list'>, keyof typeof logSearch>

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiInputSchemas, name)
}

export type ApiErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'unknown_method'
  | 'unauthorized'
  | 'forbidden'
  | 'storage_full'
  | 'storage_unavailable'
  | 'internal'

export interface ApiIssue {
  path: string
  message: string
}

export interface ApiErrorBody {
  code: ApiErrorCode
  message: string
  issues?: ApiIssue[]
}

export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody }
