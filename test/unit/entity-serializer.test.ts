import { describe, expect, it } from 'vitest'
import { serializeEntity } from '../../src/main/core/entities/entity-serializer'
import type { EntityDto } from '@shared/dto'
import { entitySpecs } from '@shared/entity-fields'

const CREATED = '2026-04-21T11:00:00.000Z'
const UPDATED = '2026-04-21T11:59:54.000Z'

function record(id: number, externalId: string, fields: EntityDto['fields']): EntityDto {
  return { id, externalId, createdAt: CREATED, updatedAt: UPDATED, fields }
}

const product = record(42, 'prod_789', {
  name: 'Runner',
  sku: 'RUN-1',
  description: 'Light shoe',
  price: 99.5,
  status: 'active',
  brandId: 7,
  categoryId: 3,
  supplierId: null
})

describe('serializeEntity', () => {
  it('puts id and externalId first, then spec fields in order, then timestamps', () => {
    const out = serializeEntity(entitySpecs.product, product, {
      brandId: { id: 7, externalId: 'brand_7' },
      categoryId: { id: 3, externalId: 'cat_3' },
      supplierId: null
    })
    expect(Object.keys(out)).toEqual([
      'id',
      'externalId',
      'name',
      'sku',
      'description',
      'price',
      'status',
      'brand',
      'category',
      'supplier',
      'createdAt',
      'updatedAt'
    ])
  })

  it('copies scalars under their camelCase names and dates as ISO 8601', () => {
    const out = serializeEntity(entitySpecs.product, product, {})
    expect(out).toMatchObject({
      id: 42,
      externalId: 'prod_789',
      name: 'Runner',
      sku: 'RUN-1',
      description: 'Light shoe',
      price: 99.5,
      status: 'active',
      createdAt: CREATED,
      updatedAt: UPDATED
    })
    expect(out).not.toHaveProperty('external_id')
    expect(out).not.toHaveProperty('created_at')
  })

  it('turns a relation into { id, externalId } under the name without Id', () => {
    const out = serializeEntity(entitySpecs.product, product, {
      brandId: { id: 7, externalId: 'brand_7' },
      categoryId: { id: 3, externalId: 'cat_3' }
    })
    expect(out.brand).toEqual({ id: 7, externalId: 'brand_7' })
    expect(out.category).toEqual({ id: 3, externalId: 'cat_3' })
    expect(out).not.toHaveProperty('brandId')
    expect(out).not.toHaveProperty('categoryId')
    expect(out).not.toHaveProperty('supplierId')
  })

  it('gives null for an unset or unresolved relation', () => {
    const out = serializeEntity(entitySpecs.product, product, {
      brandId: { id: 7, externalId: 'brand_7' },
      supplierId: null
    })
    expect(out.supplier).toBeNull()
    // categoryId is set on the record but was not resolved: no dangling reference is invented.
    expect(out.category).toBeNull()
    expect(Object.hasOwn(out, 'category')).toBe(true)
  })

  it('uses the relation name for non-brand relations too', () => {
    const category = serializeEntity(
      entitySpecs.category,
      record(5, 'cat_5', { name: 'Shoes', description: null, parentId: 1 }),
      { parentId: { id: 1, externalId: 'cat_1' } }
    )
    expect(category.parent).toEqual({ id: 1, externalId: 'cat_1' })
    expect(category).not.toHaveProperty('parentId')

    const inventory = serializeEntity(
      entitySpecs.inventory,
      record(9, 'inv_9', { productId: 42, warehouse: 'Main', quantity: 0 }),
      { productId: { id: 42, externalId: 'prod_789' } }
    )
    expect(inventory).toEqual({
      id: 9,
      externalId: 'inv_9',
      product: { id: 42, externalId: 'prod_789' },
      warehouse: 'Main',
      quantity: 0,
      createdAt: CREATED,
      updatedAt: UPDATED
    })

    const property = serializeEntity(
      entitySpecs.property,
      record(2, 'prop_2', { name: 'Colour', value: 'Red', propertyGroupId: 4 }),
      { propertyGroupId: { id: 4, externalId: 'propg_4' } }
    )
    expect(property.propertyGroup).toEqual({ id: 4, externalId: 'propg_4' })
  })

  it('keeps falsy scalars and fills missing spec fields with null', () => {
    const out = serializeEntity(
      entitySpecs.product,
      record(1, 'prod_1', { name: '', sku: 'S', price: 0 }),
      {}
    )
    expect(out.name).toBe('')
    expect(out.price).toBe(0)
    expect(out.description).toBeNull()
    expect(out.status).toBeNull()
    expect(Object.hasOwn(out, 'description')).toBe(true)
  })

  it('skips values that are not spec fields (collections and anything unknown)', () => {
    const withExtras = record(1, 'prod_1', { name: 'A', sku: 'S', tags: 'x,y', internalNote: 'n' })
    const out = serializeEntity(entitySpecs.product, withExtras, {
      mediaIds: { id: 1, externalId: 'med_1' }
    })
    expect(out).not.toHaveProperty('tags')
    expect(out).not.toHaveProperty('internalNote')
    expect(out).not.toHaveProperty('media')
    expect(out).not.toHaveProperty('mediaIds')
  })

  it('survives a JSON round trip unchanged', () => {
    const out = serializeEntity(entitySpecs.product, product, {
      brandId: { id: 7, externalId: 'brand_7' }
    })
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })
})
