import { describe, expect, it } from 'vitest'
import { serializeEntity } from '../../src/main/core/entities/entity-serializer'
import {
  appJson,
  assembleBody,
  buildPayloadBody,
  entityPayloadKey,
  envelopeKeys,
  payloadParts,
  type PayloadContext
} from '@shared/payload-format'
import { eventNames, parseEventName, type EventName } from '@shared/entity-catalog'
import { entitySpecs } from '@shared/entity-fields'
import type { PayloadRevision } from '@shared/dto'

/** The body as an object, parsed from the bytes (key order survives JSON.parse here). */
const buildPayload = (context: PayloadContext): Record<string, unknown> =>
  JSON.parse(buildPayloadBody(context)) as Record<string, unknown>

/**
 * The bytes the app has always sent: `JSON.stringify` of the body written out in the contract's
 * order. The assembly from stored parts must never change them (retries of rows queued before an
 * upgrade, PAYLOADS.md examples, receivers' own checks).
 */
function contractBytes(context: PayloadContext): string {
  const body: Record<string, unknown> = {
    event: context.event,
    timestamp: new Date(context.occurredAt).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    account: { external_id: context.account.externalId, name: context.account.name },
    app: { external_id: context.app.externalId, name: context.app.name },
    webhook: { external_id: context.webhook.externalId },
    [parseEventName(context.event).type === 'app'
      ? 'target_app'
      : parseEventName(context.event).type]: context.entity
  }
  if (context.revision) body.revision = context.revision
  return JSON.stringify(body)
}

const OCCURRED_AT = Date.parse('2026-04-21T12:00:00.987Z')

const revision: PayloadRevision = {
  action: 'updated',
  user_name: 'Jane Doe',
  timestamp: '2026-04-21T11:59:54+00:00',
  changes: [{ field: 'price', old: 99.5, new: 89 }]
}

function context(overrides: Partial<PayloadContext> = {}): PayloadContext {
  return {
    event: 'product.updated',
    occurredAt: OCCURRED_AT,
    account: { externalId: 'acc_123', name: 'Acme' },
    app: { externalId: 'app_456', name: 'Products' },
    webhook: { externalId: 'web_abc' },
    entity: { id: 42, externalId: 'prod_789' },
    revision,
    ...overrides
  }
}

describe('the body of one webhook', () => {
  it('has the envelope keys in exactly the contract order', () => {
    expect(Object.keys(buildPayload(context()))).toEqual([
      'event',
      'timestamp',
      'account',
      'app',
      'webhook',
      'product',
      'revision'
    ])
  })

  it('reproduces the contract example exactly', () => {
    const payload = buildPayload(
      context({
        occurredAt: Date.parse('2026-04-21T12:00:00Z'),
        revision: { ...revision, changes: [] }
      })
    )
    expect(payload).toEqual({
      event: 'product.updated',
      timestamp: '2026-04-21T12:00:00+00:00',
      account: { external_id: 'acc_123', name: 'Acme' },
      app: { external_id: 'app_456', name: 'Products' },
      webhook: { external_id: 'web_abc' },
      product: { id: 42, externalId: 'prod_789' },
      revision: {
        action: 'updated',
        user_name: 'Jane Doe',
        timestamp: '2026-04-21T11:59:54+00:00',
        changes: []
      }
    })
  })

  it('formats the timestamp as YYYY-MM-DDTHH:MM:SS+00:00, dropping milliseconds', () => {
    const payload = buildPayload(context())
    expect(payload.timestamp).toBe('2026-04-21T12:00:00+00:00')
    expect(payload.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    expect(buildPayload(context({ occurredAt: Date.UTC(2027, 0, 2, 3, 4, 5, 1) })).timestamp).toBe(
      '2027-01-02T03:04:05+00:00'
    )
  })

  it('uses snake_case envelope fields for account, app and webhook', () => {
    const payload = buildPayload(context())
    expect(payload.account).toEqual({ external_id: 'acc_123', name: 'Acme' })
    expect(payload.app).toEqual({ external_id: 'app_456', name: 'Products' })
    expect(payload.webhook).toEqual({ external_id: 'web_abc' })
  })

  it('omits revision entirely when there is none', () => {
    const payload = buildPayload(context({ event: 'brand.created', revision: null }))
    expect(Object.keys(payload)).toEqual([
      'event',
      'timestamp',
      'account',
      'app',
      'webhook',
      'brand'
    ])
    expect(Object.hasOwn(payload, 'revision')).toBe(false)
    expect(buildPayloadBody(context({ revision: null }))).not.toContain('revision')
  })

  it('places the serialized entity under the key derived from the event prefix', () => {
    const entity = serializeEntity(
      entitySpecs.product,
      {
        id: 42,
        externalId: 'prod_789',
        createdAt: '2026-04-21T11:00:00.000Z',
        updatedAt: '2026-04-21T11:59:54.000Z',
        fields: { name: 'Runner', sku: 'RUN-1', brandId: 7 }
      },
      { brandId: { id: 7, externalId: 'brand_7' } }
    )
    const payload = buildPayload(context({ entity }))
    expect(payload.product).toEqual(entity)
    expect(payload.product).toMatchObject({ brand: { id: 7, externalId: 'brand_7' } })

    const grouped = buildPayload(
      context({ event: 'product_group.deleted', entity: { id: 1, externalId: 'pgrp_1' } })
    )
    expect(grouped.product_group).toEqual({ id: 1, externalId: 'pgrp_1' })
    expect(grouped.event).toBe('product_group.deleted')
  })

  it('puts the record of an app.* event under target_app and keeps the webhook app in app', () => {
    const changed = { id: 9, externalId: 'app_changed', name: 'Returns', key: 'returns' }
    for (const event of ['app.created', 'app.updated', 'app.deleted'] as const) {
      const payload = buildPayload(context({ event, entity: changed, revision: null }))
      expect(Object.keys(payload)).toEqual([
        'event',
        'timestamp',
        'account',
        'app',
        'webhook',
        'target_app'
      ])
      expect(payload.app).toEqual({ external_id: 'app_456', name: 'Products' })
      expect(payload.target_app).toEqual(changed)
    }
  })
})

describe('the backfill marker', () => {
  const marker = { id: 'bkf_abc', started_at: '2026-04-21T11:00:00+00:00' }

  it('is the last key, after the revision, and leaves every other byte as a live change has it', () => {
    const live = buildPayloadBody(context())
    const backfill = buildPayloadBody(context({ backfill: marker }))
    expect(backfill).toBe(`${live.slice(0, -1)},"backfill":${JSON.stringify(marker)}}`)
    expect(Object.keys(JSON.parse(backfill) as object).at(-1)).toBe('backfill')
  })

  it('goes into the stored tail, so every webhook of the event gets it', () => {
    const parts = payloadParts({ ...context({ backfill: marker }) })
    expect(parts.tail.endsWith(`"backfill":${JSON.stringify(marker)}}`)).toBe(true)
    expect(parts.head).not.toContain('backfill')
  })

  it('is absent on live changes (null or left out)', () => {
    expect(buildPayloadBody(context({ backfill: null }))).toBe(buildPayloadBody(context()))
    expect(buildPayloadBody(context())).not.toContain('"backfill"')
  })
})

describe('entityPayloadKey', () => {
  it('is the event prefix for every event except app.*', () => {
    for (const event of eventNames) {
      const { type } = parseEventName(event)
      expect(entityPayloadKey(event)).toBe(type === 'app' ? 'target_app' : type)
    }
  })

  it('never collides with an envelope key', () => {
    expect(envelopeKeys).toEqual(['event', 'timestamp', 'account', 'app', 'webhook', 'revision'])
    for (const event of eventNames) expect(envelopeKeys).not.toContain(entityPayloadKey(event))
  })
})

describe('buildPayloadBody', () => {
  it('is compact JSON, byte for byte the contract-ordered body', () => {
    for (const event of ['product.updated', 'order.created', 'app.deleted'] as EventName[]) {
      const ctx = context({ event })
      const body = buildPayloadBody(ctx)
      expect(body).toBe(contractBytes(ctx))
      expect(body).not.toMatch(/\n/)
    }
  })

  it('starts with the event and timestamp, as receivers see it on the wire', () => {
    expect(buildPayloadBody(context())).toMatch(
      /^\{"event":"product\.updated","timestamp":"2026-04-21T12:00:00\+00:00","account":\{"external_id":"acc_123","name":"Acme"\},"app":/
    )
  })

  it('is deterministic for the same context', () => {
    expect(buildPayloadBody(context())).toBe(buildPayloadBody(context()))
  })

  it('escapes text safely and keeps non-ASCII characters', () => {
    const body = buildPayloadBody(
      context({ account: { externalId: 'acc_1', name: 'Acme "Läufer" ✓\n' } })
    )
    const parsed = JSON.parse(body) as { account: { name: string } }
    expect(parsed.account.name).toBe('Acme "Läufer" ✓\n')
  })
})

describe('payloadParts + assembleBody (fan-out by reference)', () => {
  it('assemble the bytes the app has always sent, for every event, with and without a revision', () => {
    for (const event of eventNames)
      for (const rev of [revision, null]) {
        const ctx = context({
          event,
          revision: rev,
          app: { externalId: 'app_9', name: 'Pricing "EU" ✓' },
          webhook: { externalId: 'web_q\u2028' },
          entity: { id: 7, externalId: 'x_1', name: 'Läufer "quoted"\n', weight: 1.5, none: null }
        })
        const { app: _app, webhook: _webhook, ...shared } = ctx
        const assembled = assembleBody(
          payloadParts(shared),
          appJson(ctx.app),
          ctx.webhook.externalId
        )
        expect(assembled).toBe(contractBytes(ctx))
        expect(buildPayloadBody(ctx)).toBe(assembled)
      }
  })
})
