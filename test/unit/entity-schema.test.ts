import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { EntityType } from '@shared/entity-catalog'
import { entityDataSchema, externalIdSchema } from '@shared/entity-schema'

function parse(type: EntityType, mode: 'create' | 'update', data: unknown) {
  return entityDataSchema(type, mode).safeParse(data)
}

function issuePaths(result: z.ZodSafeParseResult<unknown>): string[] {
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))
}

function accepts(type: EntityType, mode: 'create' | 'update', data: unknown): boolean {
  return parse(type, mode, data).success
}

const product = { name: 'Runner', sku: 'RUN-1' }

describe('entityDataSchema in create mode', () => {
  it('requires every required field', () => {
    const result = parse('product', 'create', {})
    expect(result.success).toBe(false)
    expect(issuePaths(result).sort()).toEqual(['name', 'sku'])

    expect(issuePaths(parse('inventory', 'create', {})).sort()).toEqual([
      'productId',
      'quantity',
      'warehouse'
    ])
    expect(issuePaths(parse('order', 'create', {}))).toEqual(['number'])
  })

  it('accepts the required fields alone, and optional fields as null', () => {
    expect(accepts('product', 'create', product)).toBe(true)
    expect(
      accepts('product', 'create', {
        ...product,
        description: null,
        price: null,
        status: null,
        brandId: null
      })
    ).toBe(true)
    expect(accepts('inventory', 'create', { productId: 1, warehouse: 'Main', quantity: 0 })).toBe(
      true
    )
  })

  it('rejects blank or null required strings, after trimming', () => {
    expect(issuePaths(parse('product', 'create', { ...product, name: '' }))).toEqual(['name'])
    expect(issuePaths(parse('product', 'create', { ...product, name: '   ' }))).toEqual(['name'])
    expect(issuePaths(parse('product', 'create', { ...product, name: null }))).toEqual(['name'])
  })

  it('trims strings in the parsed output', () => {
    const result = parse('product', 'create', { name: '  Runner  ', sku: ' RUN-1 ' })
    expect(result.success).toBe(true)
    if (result.success) expect(result.data).toEqual({ name: 'Runner', sku: 'RUN-1' })
  })
})

describe('entityDataSchema in update mode', () => {
  it('accepts any subset, including none', () => {
    expect(accepts('product', 'update', {})).toBe(true)
    expect(accepts('product', 'update', { price: 5 })).toBe(true)
    expect(accepts('inventory', 'update', { quantity: 3 })).toBe(true)
  })

  it('still validates the fields that are given', () => {
    expect(issuePaths(parse('product', 'update', { price: -1 }))).toEqual(['price'])
    expect(issuePaths(parse('product', 'update', { name: '' }))).toEqual(['name'])
  })

  it('does not let a required field be cleared to null', () => {
    expect(issuePaths(parse('product', 'update', { name: null }))).toEqual(['name'])
    expect(issuePaths(parse('inventory', 'update', { productId: null }))).toEqual(['productId'])
  })

  it('lets an optional field be cleared to null', () => {
    expect(accepts('product', 'update', { brandId: null, description: null })).toBe(true)
  })
})

describe('entityDataSchema rejects', () => {
  it('unknown fields in both modes', () => {
    const create = parse('product', 'create', { ...product, colour: 'red' })
    expect(create.success).toBe(false)
    expect(create.success ? [] : create.error.issues.map((issue) => issue.code)).toEqual([
      'unrecognized_keys'
    ])
    expect(accepts('product', 'update', { brand: 1 })).toBe(false)
    // A relation is written by its field name, never by its payload key.
    expect(accepts('product', 'update', { brandId: 1 })).toBe(true)
    // id and timestamps are not writable.
    expect(accepts('product', 'update', { id: 5 })).toBe(false)
    expect(accepts('product', 'update', { createdAt: '2026-01-01T00:00:00Z' })).toBe(false)
  })

  it('wrong types', () => {
    expect(accepts('product', 'update', { price: '5' })).toBe(false)
    expect(accepts('product', 'update', { name: 5 })).toBe(false)
    expect(accepts('product', 'update', { status: true })).toBe(false)
    expect(accepts('product', 'update', { brandId: '1' })).toBe(false)
    expect(accepts('file', 'update', { size: '10' })).toBe(false)
    expect(accepts('product', 'update', [])).toBe(false)
    expect(accepts('product', 'update', null)).toBe(false)
  })

  it('numbers that are not finite or below their minimum', () => {
    expect(accepts('product', 'update', { price: 0 })).toBe(true)
    expect(accepts('product', 'update', { price: 12.34 })).toBe(true)
    expect(accepts('product', 'update', { price: -0.01 })).toBe(false)
    expect(accepts('product', 'update', { price: Number.NaN })).toBe(false)
    expect(accepts('product', 'update', { price: Number.POSITIVE_INFINITY })).toBe(false)
  })

  it('non-integers for integer fields, and negative ones where a minimum applies', () => {
    expect(accepts('file', 'update', { size: 1024 })).toBe(true)
    expect(accepts('file', 'update', { size: 1.5 })).toBe(false)
    expect(accepts('file', 'update', { size: -1 })).toBe(false)
    expect(accepts('payment_term', 'update', { days: 30 })).toBe(true)
    expect(accepts('payment_term', 'update', { days: -30 })).toBe(false)
    // Stock may go negative (backorders): no minimum on quantity.
    expect(accepts('inventory', 'update', { quantity: -3 })).toBe(true)
    expect(accepts('inventory', 'update', { quantity: 2.5 })).toBe(false)
  })

  it('relation ids that are not positive integers', () => {
    expect(accepts('product', 'update', { brandId: 1 })).toBe(true)
    expect(accepts('product', 'update', { brandId: 0 })).toBe(false)
    expect(accepts('product', 'update', { brandId: -1 })).toBe(false)
    expect(accepts('product', 'update', { brandId: 1.5 })).toBe(false)
  })

  it('invalid email addresses', () => {
    expect(accepts('supplier', 'update', { email: 'orders@acme.example' })).toBe(true)
    expect(accepts('customer', 'update', { email: ' jane@example.com ' })).toBe(true)
    expect(accepts('supplier', 'update', { email: 'not-an-email' })).toBe(false)
    expect(accepts('supplier', 'update', { email: 'a@' })).toBe(false)
    expect(accepts('customer', 'update', { email: 'jane@example.com, bob@example.com' })).toBe(
      false
    )
  })

  it('URLs that are invalid or not http(s)', () => {
    expect(accepts('brand', 'update', { website: 'https://nike.example' })).toBe(true)
    expect(accepts('media', 'update', { url: 'http://cdn.example/a.png' })).toBe(true)
    expect(accepts('brand', 'update', { website: 'javascript:alert(1)' })).toBe(false)
    expect(accepts('brand', 'update', { website: 'ftp://nike.example' })).toBe(false)
    expect(accepts('media', 'update', { url: 'data:image/png;base64,AAAA' })).toBe(false)
    expect(accepts('brand', 'update', { website: 'nike.example' })).toBe(false)
  })

  it('date-times that are not ISO 8601 with a time and zone', () => {
    expect(accepts('pricing_rule', 'update', { validFrom: '2026-04-21T12:00:00Z' })).toBe(true)
    expect(accepts('pricing_rule', 'update', { validFrom: '2026-04-21T12:00:00+02:00' })).toBe(true)
    expect(accepts('pricing_rule', 'update', { validTo: '2026-04-21T12:00:00.123Z' })).toBe(true)
    expect(accepts('pricing_rule', 'update', { validFrom: '2026-04-21' })).toBe(false)
    expect(accepts('pricing_rule', 'update', { validFrom: 'tomorrow' })).toBe(false)
    expect(accepts('pricing_rule', 'update', { validFrom: '2026-13-01T00:00:00Z' })).toBe(false)
    expect(accepts('pricing_rule', 'update', { validFrom: 1776772800000 })).toBe(false)
  })

  it('enum values outside the options', () => {
    for (const status of ['draft', 'active', 'archived'])
      expect(accepts('product', 'update', { status })).toBe(true)
    expect(accepts('product', 'update', { status: 'deleted' })).toBe(false)
    expect(accepts('product', 'update', { status: 'Active' })).toBe(false)
    expect(accepts('order', 'update', { status: 'shipped' })).toBe(true)
    // Enums are per type: an order status is not a product status.
    expect(accepts('product', 'update', { status: 'shipped' })).toBe(false)
  })

  it('oversized strings, at their per-field limits', () => {
    expect(accepts('product', 'update', { name: 'a'.repeat(200) })).toBe(true)
    expect(accepts('product', 'update', { name: 'a'.repeat(201) })).toBe(false)
    expect(accepts('product', 'update', { sku: 'a'.repeat(100) })).toBe(true)
    expect(accepts('product', 'update', { sku: 'a'.repeat(101) })).toBe(false)
    expect(accepts('product', 'update', { description: 'a'.repeat(20_000) })).toBe(true)
    expect(accepts('product', 'update', { description: 'a'.repeat(20_001) })).toBe(false)
    expect(accepts('currency', 'update', { isoCode: 'EUR' })).toBe(true)
    expect(accepts('currency', 'update', { isoCode: 'EURO' })).toBe(false)
    expect(accepts('supplier', 'update', { email: `${'a'.repeat(200)}@example.com` })).toBe(false)
    const longUrl = 'https://example.com/' + 'a'.repeat(2048)
    expect(accepts('brand', 'update', { website: longUrl })).toBe(false)
  })
})

describe('externalId', () => {
  it('is optional and follows the external ID format', () => {
    expect(accepts('product', 'create', { ...product, externalId: 'prod_custom-1.a:b' })).toBe(true)
    expect(accepts('product', 'create', { ...product, externalId: '-leading-dash' })).toBe(false)
    expect(accepts('product', 'create', { ...product, externalId: 'has space' })).toBe(false)
    expect(accepts('product', 'create', { ...product, externalId: '' })).toBe(false)
  })

  it('allows 1 to 64 characters', () => {
    expect(externalIdSchema.safeParse('a').success).toBe(true)
    expect(externalIdSchema.safeParse('a'.repeat(64)).success).toBe(true)
    expect(externalIdSchema.safeParse('a'.repeat(65)).success).toBe(false)
  })
})
