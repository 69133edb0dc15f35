import { Parser } from '@asyncapi/parser'
import { describe, expect, it } from 'vitest'
import { asyncApiDocument, eventId } from '@shared/asyncapi'
import { eventNames, type EventName } from '@shared/entity-catalog'
import { entitySpecs } from '@shared/entity-fields'
import {
  eventJsonSchema,
  eventsJsonSchema,
  fieldValueSchema,
  schemaNames,
  type JsonObject
} from '@shared/event-schemas'
import { EXAMPLE_CONTEXT, examplePayload, sampleBody } from '@shared/sample-payload'
import { APP_VERSION } from '@shared/version'
import { bodyValidator, validatorFor } from '../support/event-validation'

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

describe('event schemas', () => {
  it('an example body validates against its event schema, for every event', () => {
    for (const event of eventNames) {
      const validate = validatorFor(event)
      const example = examplePayload(event)
      expect(validate(example), `${event}: ${JSON.stringify(validate.errors)}`).toBe(true)
      // And against the one schema for every body, which picks the event's by `event`.
      expect(bodyValidator()(example), event).toBe(true)
    }
  })

  it('the example object serializes to the exact bytes of a test send', () => {
    for (const event of eventNames) {
      const context = { ...EXAMPLE_CONTEXT, occurredAt: Date.parse('2026-03-04T05:06:07.891Z') }
      expect(JSON.stringify(examplePayload(event, context))).toBe(sampleBody(event, context).body)
    }
  })

  it('a drifting body fails: an extra key, a wrong type, a missing field, a bad time', () => {
    const event: EventName = 'product.updated'
    const validate = validatorFor(event)
    const base = examplePayload(event) as Record<string, Record<string, unknown>>
    const cases: Array<[string, (body: Record<string, Record<string, unknown>>) => void]> = [
      ['extra envelope key', (body) => void (body.extra = {})],
      ['extra record key', (body) => void (body.product.color = 'red')],
      ['price as a string', (body) => void (body.product.price = '19.99')],
      ['status outside its options', (body) => void (body.product.status = 'sold')],
      ['missing nullable field', (body) => void delete body.product.description],
      ['reference without externalId', (body) => void (body.product.brand = { id: 1 })],
      [
        'timestamp with milliseconds',
        (body) => void ((body as Record<string, unknown>).timestamp = '2026-01-01T12:00:00.000Z')
      ],
      ['createdAt without milliseconds', (body) => void (body.product.createdAt = '2026-01-01')],
      ['revision of another action', (body) => void (body.revision.action = 'created')],
      ['no revision', (body) => void delete body.revision],
      [
        'event of another type',
        (body) => void ((body as Record<string, unknown>).event = 'brand.updated')
      ],
      ['sku longer than its maxLength', (body) => void (body.product.sku = 'x'.repeat(101))],
      ['negative price', (body) => void (body.product.price = -1)]
    ]
    expect(validate(base)).toBe(true)
    for (const [name, tamper] of cases) {
      const body = clone(base)
      tamper(body)
      expect(validate(body), name).toBe(false)
    }
    // Non-product events carry no revision.
    const brand = clone(examplePayload('brand.created')) as Record<string, unknown>
    brand.revision = base.revision
    expect(validatorFor('brand.created')(brand)).toBe(false)
  })

  it('accepts the backfill marker on *.updated bodies only, and only well-formed', () => {
    const marker = { id: 'bkf_0123456789abcdefghij', started_at: '2026-12-07T10:00:00+00:00' }
    const updated = { ...clone(examplePayload('brand.updated')), backfill: marker }
    expect(validatorFor('brand.updated')(updated)).toBe(true)
    expect(bodyValidator()(updated)).toBe(true)
    // Live bodies stay valid without it (it is never required).
    expect(validatorFor('brand.updated')(examplePayload('brand.updated'))).toBe(true)
    const created = { ...clone(examplePayload('brand.created')), backfill: marker }
    expect(validatorFor('brand.created')(created)).toBe(false)
    for (const bad of [
      { id: 'web_123', started_at: marker.started_at },
      { id: marker.id },
      { ...marker, extra: 1 },
      { ...marker, started_at: '2026-12-07T10:00:00.000Z' }
    ])
      expect(
        validatorFor('brand.updated')({ ...updated, backfill: bad }),
        JSON.stringify(bad)
      ).toBe(false)
    expect(asyncApiDocument().components.schemas[schemaNames.backfill]).toBeDefined()
    expect(asyncApiDocument().info.description).toMatch(/backfill/)
  })

  it('maps every field kind from the specs', () => {
    const toDefs = (name: string): JsonObject => ({ $ref: `#/$defs/${name}` })
    const field = (type: keyof typeof entitySpecs, name: string) =>
      fieldValueSchema(
        entitySpecs[type].fields.find((spec) => spec.name === name)!,
        toDefs
      )
    expect(field('product', 'name')).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 })
    expect(field('product', 'description')).toMatchObject({
      type: ['string', 'null'],
      maxLength: 20_000
    })
    expect(field('product', 'price')).toMatchObject({ type: ['number', 'null'], minimum: 0 })
    expect(field('product', 'status')).toMatchObject({
      type: ['string', 'null'],
      enum: ['draft', 'active', 'archived', null]
    })
    expect(field('product', 'brandId')).toMatchObject({
      anyOf: [{ $ref: '#/$defs/Reference' }, { type: 'null' }]
    })
    expect(field('inventory', 'productId')).toMatchObject({
      allOf: [{ $ref: '#/$defs/Reference' }]
    })
    expect(field('inventory', 'quantity')).toMatchObject({ type: 'integer' })
    expect(field('file', 'size')).toMatchObject({ type: ['integer', 'null'], minimum: 0 })
    expect(field('pricing_rule', 'validFrom')).toMatchObject({
      type: ['string', 'null'],
      format: 'date-time'
    })
    expect(field('brand', 'website')).toMatchObject({ type: ['string', 'null'], maxLength: 2048 })
    const schema = eventJsonSchema('app.created')
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(Object.keys(schema.properties as JsonObject)).toContain('target_app')
    expect(Object.keys(schema.properties as JsonObject)).not.toContain('revision')
  })

  it('one schema for every body rejects an unknown event', () => {
    const validate = bodyValidator()
    expect(validate({ ...examplePayload('brand.created'), event: 'brand.renamed' })).toBe(false)
    expect(eventsJsonSchema().$schema).toBe('https://json-schema.org/draft/2020-12/schema')
  })
})

describe('AsyncAPI document', () => {
  it('parses and validates with the official parser, without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()))
    // Severity 0 is an error, 1 a warning; 2 (information) only says that 3.1.0 exists.
    const problems = diagnostics
      .filter((diagnostic) => diagnostic.severity < 2)
      .map(
        (diagnostic) =>
          `${diagnostic.severity} ${diagnostic.code} ${diagnostic.path.join('.')}: ${diagnostic.message}`
      )
    expect(problems).toEqual([])
    expect(document).toBeDefined()
    expect(document!.version()).toBe('3.0.0')
    expect(document!.info().version()).toBe(APP_VERSION)
    expect(document!.channels().length).toBe(eventNames.length)
    expect(
      document!
        .operations()
        .all()
        .every((operation) => operation.action() === 'send')
    ).toBe(true)
    const message = document!
      .messages()
      .all()
      .find((candidate) => candidate.name() === 'product.updated')
    expect(message?.headers()?.required()).toContain('webhook-signature')
  })

  it('describes every event: a channel, a send operation, a message with schema and example', () => {
    const doc = asyncApiDocument()
    for (const event of eventNames) {
      const id = eventId(event)
      expect(doc.channels[id]).toMatchObject({ title: event, address: null })
      const message = doc.components.messages[id]
      expect(message).toMatchObject({
        name: event,
        payload: { $ref: `#/components/schemas/${schemaNames.event(event)}` },
        headers: { $ref: `#/components/schemas/${schemaNames.headers}` }
      })
      expect(message.examples).toEqual([
        expect.objectContaining({ payload: examplePayload(event) })
      ])
    }
    expect(Object.values(doc.operations).map((operation) => operation.action)).toEqual(
      eventNames.map(() => 'send')
    )
  })
})
