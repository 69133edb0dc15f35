import { describe, expect, it } from 'vitest'
import type { FieldChange, FieldValue } from '@shared/dto'
import { sampleEntity, sampleRevision } from '@shared/sample-payload'
import {
  describeFilter,
  matchFilter,
  opsFor,
  parseStoredFilter,
  webhookFiltersSchema,
  type EventFilter
} from '@shared/webhook-filters'

const change = (field: string, old: unknown, next: unknown): FieldChange =>
  ({ field, old, new: next }) as FieldChange
const product = { name: 'Tent', sku: 'T1', price: 120, status: 'active', brandId: 3 }

describe('matchFilter: does this change match this filter', () => {
  it('passes everything without a filter', () => {
    expect(matchFilter(null, [], product)).toEqual({ matched: true, fields: [] })
  })

  it('needs one of the watched fields to have changed, and names those that did', () => {
    const filter: EventFilter = { fields: ['price', 'status'] }
    expect(matchFilter(filter, [change('name', 'A', 'B')], product).matched).toBe(false)
    expect(
      matchFilter(filter, [change('name', 'A', 'B'), change('status', 'draft', 'active')], product)
    ).toEqual({ matched: true, fields: ['status'] })
  })

  it('needs every condition to hold on the record after the change', () => {
    const active: EventFilter = { conditions: [{ field: 'status', op: 'eq', value: 'active' }] }
    expect(matchFilter(active, [change('name', 'A', 'B')], product).matched).toBe(true)
    expect(matchFilter(active, [], { ...product, status: 'draft' }).matched).toBe(false)
    const both: EventFilter = {
      fields: ['price'],
      conditions: [
        { field: 'price', op: 'gt', value: 100 },
        { field: 'status', op: 'neq', value: 'archived' }
      ]
    }
    expect(matchFilter(both, [change('price', 90, 120)], product).matched).toBe(true)
    expect(matchFilter(both, [change('price', 120, 99)], { ...product, price: 99 }).matched).toBe(
      false
    )
  })

  it('compares with less than, dates, and empty / not empty', () => {
    const rule = { validFrom: '2026-03-01T00:00:00.000Z', price: null as number | null }
    const before: EventFilter = {
      conditions: [{ field: 'validFrom', op: 'lt', value: '2026-04-01T00:00:00.000Z' }]
    }
    expect(matchFilter(before, [], rule).matched).toBe(true)
    expect(matchFilter({ conditions: [{ field: 'price', op: 'empty' }] }, [], rule).matched).toBe(
      true
    )
    expect(
      matchFilter({ conditions: [{ field: 'price', op: 'notEmpty' }] }, [], rule).matched
    ).toBe(false)
    // An empty value is neither greater nor less than anything.
    expect(
      matchFilter({ conditions: [{ field: 'price', op: 'lt', value: 5 }] }, [], rule).matched
    ).toBe(false)
  })
})

describe('webhookFiltersSchema: filters are checked against the field specs', () => {
  const problems = (value: unknown) => {
    const result = webhookFiltersSchema.safeParse(value)
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  }

  it('accepts fields and conditions of the type, and drops empty entries', () => {
    const parsed = webhookFiltersSchema.parse({
      'product.updated': {
        fields: ['price', 'status', 'price'],
        conditions: [{ field: 'status', op: 'eq', value: 'active' }]
      },
      'inventory.updated': { fields: ['quantity'] },
      'brand.updated': {}
    })
    expect(parsed).toEqual({
      'product.updated': {
        fields: ['price', 'status'],
        conditions: [{ field: 'status', op: 'eq', value: 'active' }]
      },
      'inventory.updated': { fields: ['quantity'] }
    })
  })

  it('names the field and the problem', () => {
    expect(problems({ 'product.updated': { fields: ['colour'] } })).toEqual([
      'product.updated.fields.0: product has no field "colour"'
    ])
    expect(
      problems({ 'product.updated': { conditions: [{ field: 'status', op: 'eq', value: 'x' }] } })
    ).toEqual(['product.updated.conditions.0.value: status must be one of draft, active, archived'])
    expect(
      problems({ 'product.updated': { conditions: [{ field: 'name', op: 'gt', value: 'a' }] } })
    ).toEqual([
      'product.updated.conditions.0.op: "gt" cannot compare name (string); use one of eq, neq, empty, notEmpty'
    ])
    expect(
      problems({
        'inventory.updated': { conditions: [{ field: 'quantity', op: 'gt', value: 1.5 }] }
      })
    ).toEqual(['inventory.updated.conditions.0.value: quantity must be a whole number'])
    expect(problems({ 'product.updated': { conditions: [{ field: 'price', op: 'eq' }] } })).toEqual(
      ['product.updated.conditions.0.value: price is required']
    )
    expect(
      problems({ 'product.updated': { conditions: [{ field: 'price', op: 'empty', value: 1 }] } })
    ).toEqual(['product.updated.conditions.0.value: price empty takes no value'])
    expect(problems({ 'product.created': { fields: ['price'] } })).toEqual([
      'product.created: only *.updated events can be narrowed, not product.created'
    ])
    expect(problems({ 'product.renamed': { fields: ['name'] } })).toEqual([
      'product.renamed: unknown event "product.renamed"'
    ])
    expect(problems({ 'product.updated': { fields: [] } })).toEqual([
      'product.updated.fields: choose at least one field'
    ])
  })

  it('offers ordering operators only for numbers, whole numbers and dates', () => {
    expect(opsFor('integer')).toContain('gt')
    expect(opsFor('datetime')).toContain('lt')
    expect(opsFor('enum')).not.toContain('gt')
  })

  it('reads stored filters; a damaged one narrows nothing', () => {
    expect(parseStoredFilter(null)).toBeNull()
    expect(parseStoredFilter('{"fields":["price"]}')).toEqual({ fields: ['price'] })
    expect(parseStoredFilter('not json')).toBeNull()
    expect(parseStoredFilter('{"code":"process.exit()"}')).toBeNull()
  })

  it('describes a filter by field labels', () => {
    expect(
      describeFilter('product.updated', {
        fields: ['price', 'status'],
        conditions: [{ field: 'status', op: 'eq', value: 'active' }]
      })
    ).toBe('Price or Status changed; Status equals active')
  })
})

describe('the test-send sample matches the narrowing', () => {
  it('changes the watched fields and satisfies the conditions', () => {
    const filter: EventFilter = {
      fields: ['status', 'price'],
      conditions: [
        { field: 'status', op: 'eq', value: 'archived' },
        { field: 'price', op: 'gt', value: 500 },
        { field: 'description', op: 'empty' }
      ]
    }
    const entity = sampleEntity('product.updated', 0, filter)
    const revision = sampleRevision('product.updated', 0, 'Jane', filter)!
    expect(entity).toMatchObject({ status: 'archived', price: 501, description: null })
    expect(revision.changes).toEqual([
      { field: 'price', old: 502, new: 501 },
      { field: 'status', old: 'draft', new: 'archived' }
    ])
    const fields = { ...entity, brandId: 1 } as unknown as Record<string, FieldValue>
    expect(matchFilter(filter, revision.changes, fields).matched).toBe(true)
  })

  it('is the usual sample without a filter', () => {
    expect(sampleRevision('product.updated', 0, 'Jane')!.changes).toEqual([
      { field: 'price', old: 17.99, new: 19.99 }
    ])
    expect(sampleEntity('inventory.updated', 0, { fields: ['quantity'] })).toEqual(
      sampleEntity('inventory.updated', 0)
    )
  })
})
