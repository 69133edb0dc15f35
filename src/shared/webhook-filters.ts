import { z } from 'zod'
import type { FieldChange, FieldValue } from './dto'
import { isEventName, parseEventName, type EventName } from './entity-catalog'
import { entitySpecs, type FieldKind, type FieldSpec } from './entity-fields'

/**
 * Field-level subscriptions: a webhook's `*.updated` event may be narrowed to saves that change
 * one of some fields (`fields`, any of them) and leave the record in a state (`conditions`, all of
 * them). Stored as data (JSON per subscribed event), checked against the field specs here, and
 * evaluated by the subscriber inside the save's transaction. Receivers see fewer deliveries, never
 * a different payload.
 */

export const filterOps = ['eq', 'neq', 'gt', 'lt', 'empty', 'notEmpty'] as const
export type FilterOp = (typeof filterOps)[number]

export const filterOpLabels: Record<FilterOp, string> = {
  eq: 'equals',
  neq: 'does not equal',
  gt: 'is greater than',
  lt: 'is less than',
  empty: 'is empty',
  notEmpty: 'is not empty'
}

export interface FilterCondition {
  field: string
  op: FilterOp
  /** Absent for `empty` and `notEmpty`. */
  value?: FieldValue
}

export interface EventFilter {
  /** Deliver only when one of these fields changed. */
  fields?: string[]
  /** Deliver only when every condition holds on the record after the change. */
  conditions?: FilterCondition[]
}

/** Narrowing per subscribed `*.updated` event; an event without an entry is not narrowed. */
export type WebhookFilters = Partial<Record<EventName, EventFilter>>

export const MAX_FILTER_CONDITIONS = 20

const ordered: ReadonlySet<FieldKind> = new Set(['number', 'integer', 'datetime'])

/** Operators a field of this kind can be compared with. */
export function opsFor(kind: FieldKind): FilterOp[] {
  return filterOps.filter((op) => (op === 'gt' || op === 'lt' ? ordered.has(kind) : true))
}

/** The fields a filter on this event may name (all of the type's fields, by spec). */
export function filterableFields(event: EventName): readonly FieldSpec[] {
  return entitySpecs[parseEventName(event).type].fields
}

/** Why `value` cannot be compared with `field`, or null. */
export function conditionValueProblem(field: FieldSpec, value: unknown): string | null {
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number'
    case 'integer':
      return Number.isInteger(value) ? null : 'must be a whole number'
    case 'relation':
      return Number.isInteger(value) && (value as number) > 0
        ? null
        : `must be the id of a ${field.relation?.replace(/_/g, ' ') ?? 'record'}`
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false'
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be an ISO 8601 date-time'
    case 'enum':
      return typeof value === 'string' && field.options?.includes(value)
        ? null
        : `must be one of ${(field.options ?? []).join(', ')}`
    default:
      return typeof value === 'string' && value.length <= (field.maxLength ?? 20_000)
        ? null
        : 'must be text'
  }
}

const conditionShape = z.strictObject({
  field: z.string().min(1).max(100),
  op: z.enum(filterOps),
  value: z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]).optional()
})

const eventFilterShape = z.strictObject({
  fields: z
    .array(z.string().min(1).max(100))
    .min(1, 'choose at least one field')
    .max(50)
    .optional(),
  conditions: z.array(conditionShape).max(MAX_FILTER_CONDITIONS).optional()
})

interface Issue {
  path: PropertyKey[]
  message: string
}

/** Every problem of one event's filter, against the field specs; paths are relative to it. */
export function eventFilterProblems(event: EventName, filter: EventFilter): Issue[] {
  const issues: Issue[] = []
  const { type, action } = parseEventName(event)
  if (action !== 'updated') {
    issues.push({ path: [], message: `only *.updated events can be narrowed, not ${event}` })
    return issues
  }
  const specs = new Map(filterableFields(event).map((field) => [field.name, field]))
  filter.fields?.forEach((name, index) => {
    if (!specs.has(name))
      issues.push({ path: ['fields', index], message: `${type} has no field "${name}"` })
  })
  filter.conditions?.forEach((condition, index) => {
    const field = specs.get(condition.field)
    if (!field) {
      issues.push({
        path: ['conditions', index, 'field'],
        message: `${type} has no field "${condition.field}"`
      })
      return
    }
    if (!opsFor(field.kind).includes(condition.op)) {
      issues.push({
        path: ['conditions', index, 'op'],
        message: `"${condition.op}" cannot compare ${field.name} (${field.kind}); use one of ${opsFor(field.kind).join(', ')}`
      })
      return
    }
    const needsValue = condition.op !== 'empty' && condition.op !== 'notEmpty'
    if (!needsValue) {
      if (condition.value !== undefined)
        issues.push({
          path: ['conditions', index, 'value'],
          message: `${field.name} ${condition.op} takes no value`
        })
      return
    }
    const problem =
      condition.value === undefined ? 'is required' : conditionValueProblem(field, condition.value)
    if (problem)
      issues.push({ path: ['conditions', index, 'value'], message: `${field.name} ${problem}` })
  })
  return issues
}

/**
 * The `filters` argument of `webhooks.create` and `webhooks.update`: keys are event names, values
 * are checked against the event type's field specs. Empty filters are dropped (not narrowed).
 */
export const webhookFiltersSchema = z
  .record(z.string(), eventFilterShape)
  .superRefine((filters, ctx) => {
    for (const [event, filter] of Object.entries(filters)) {
      if (!isEventName(event)) {
        ctx.addIssue({ code: 'custom', message: `unknown event "${event}"`, path: [event] })
        continue
      }
      for (const issue of eventFilterProblems(event, filter))
        ctx.addIssue({ code: 'custom', message: issue.message, path: [event, ...issue.path] })
    }
  })
  .transform((filters) => normalizeFilters(filters as WebhookFilters))

/** Drops empty entries and empty lists, so "not narrowed" has one form. */
export function normalizeFilters(filters: WebhookFilters): WebhookFilters {
  const normalized: WebhookFilters = {}
  for (const [event, filter] of Object.entries(filters) as Array<[EventName, EventFilter]>) {
    const entry: EventFilter = {}
    if (filter.fields?.length) entry.fields = [...new Set(filter.fields)]
    if (filter.conditions?.length) entry.conditions = filter.conditions
    if (entry.fields || entry.conditions) normalized[event] = entry
  }
  return normalized
}

function compare(op: FilterOp, actual: FieldValue, expected: FieldValue | undefined): boolean {
  const empty = actual === null || actual === ''
  switch (op) {
    case 'empty':
      return empty
    case 'notEmpty':
      return !empty
    case 'eq':
      return actual === expected
    case 'neq':
      return actual !== expected
    case 'gt':
    case 'lt': {
      if (empty || expected === null || expected === undefined) return false
      const a = typeof actual === 'string' ? Date.parse(actual) : Number(actual)
      const b = typeof expected === 'string' ? Date.parse(expected) : Number(expected)
      if (Number.isNaN(a) || Number.isNaN(b)) return false
      return op === 'gt' ? a > b : a < b
    }
  }
}

export interface FilterMatch {
  matched: boolean
  /** The watched fields this save changed (empty when the filter watches no fields). */
  fields: string[]
}

/**
 * Does a change pass a filter? `changes` are the save's field changes, `after` the record's fields
 * after it. No filter passes everything.
 */
export function matchFilter(
  filter: EventFilter | null | undefined,
  changes: readonly FieldChange[],
  after: Readonly<Record<string, FieldValue>>
): FilterMatch {
  if (!filter) return { matched: true, fields: [] }
  let fields: string[] = []
  if (filter.fields?.length) {
    const watched = new Set(filter.fields)
    fields = changes.map((change) => change.field).filter((field) => watched.has(field))
    if (fields.length === 0) return { matched: false, fields }
  }
  const holds = (filter.conditions ?? []).every((condition) =>
    compare(condition.op, after[condition.field] ?? null, condition.value)
  )
  return { matched: holds, fields }
}

/**
 * Reads a stored filter. Filters are checked on the way in; one damaged by hand narrows nothing
 * (the webhook gets every save, as before it was narrowed) rather than silently dropping them.
 */
export function parseStoredFilter(value: unknown): EventFilter | null {
  if (value === null || value === undefined || value === '') return null
  try {
    const result = eventFilterShape.safeParse(JSON.parse(String(value)))
    return result.success ? result.data : null
  } catch {
    return null
  }
}

/** One line for a filter, by field labels: "Price or Status changed; Status equals active". */
export function describeFilter(event: EventName, filter: EventFilter | undefined): string {
  if (!filter) return ''
  const specs = new Map(filterableFields(event).map((field) => [field.name, field]))
  const label = (name: string) => specs.get(name)?.label ?? name
  const parts: string[] = []
  if (filter.fields?.length) parts.push(`${filter.fields.map(label).join(' or ')} changed`)
  for (const condition of filter.conditions ?? [])
    parts.push(
      `${label(condition.field)} ${filterOpLabels[condition.op]}${
        condition.value === undefined ? '' : ` ${String(condition.value)}`
      }`
    )
  return parts.join('; ')
}
