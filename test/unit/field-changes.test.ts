import { describe, expect, it } from 'vitest'
import { diffFields } from '../../src/main/core/entities/field-changes'
import { entitySpecs } from '@shared/entity-fields'

const spec = entitySpecs.product

describe('diffFields', () => {
  it('on create (before null) lists every set field from null, in spec order', () => {
    // Keys deliberately out of spec order.
    const after = { brandId: 7, price: 0, sku: 'RUN-1', name: 'Runner', description: null }
    expect(diffFields(spec, null, after)).toEqual([
      { field: 'name', old: null, new: 'Runner' },
      { field: 'sku', old: null, new: 'RUN-1' },
      { field: 'price', old: null, new: 0 },
      { field: 'brandId', old: null, new: 7 }
    ])
  })

  it('on delete (after null) lists every set field going to null, in spec order', () => {
    const before = { status: 'active', name: 'Runner', sku: 'RUN-1', categoryId: null }
    expect(diffFields(spec, before, null)).toEqual([
      { field: 'name', old: 'Runner', new: null },
      { field: 'sku', old: 'RUN-1', new: null },
      { field: 'status', old: 'active', new: null }
    ])
  })

  it('on update lists only the fields whose value changed', () => {
    const before = { name: 'Runner', sku: 'RUN-1', price: 99.5, status: 'draft', brandId: 7 }
    const after = { name: 'Runner', sku: 'RUN-1', price: 89, status: 'active', brandId: 7 }
    expect(diffFields(spec, before, after)).toEqual([
      { field: 'price', old: 99.5, new: 89 },
      { field: 'status', old: 'draft', new: 'active' }
    ])
  })

  it('is empty when nothing changed', () => {
    const values = { name: 'Runner', sku: 'RUN-1', price: 10, brandId: null }
    expect(diffFields(spec, values, { ...values })).toEqual([])
    expect(diffFields(spec, null, null)).toEqual([])
  })

  it('treats a missing field and null alike', () => {
    expect(diffFields(spec, { name: 'A', description: null }, { name: 'A' })).toEqual([])
  })

  it('reports clearing and setting a field', () => {
    expect(diffFields(spec, { name: 'A', brandId: 3 }, { name: 'A', brandId: null })).toEqual([
      { field: 'brandId', old: 3, new: null }
    ])
    expect(diffFields(spec, { name: 'A' }, { name: 'A', description: 'New' })).toEqual([
      { field: 'description', old: null, new: 'New' }
    ])
  })

  it('distinguishes falsy values from null and compares strictly', () => {
    expect(diffFields(spec, { price: null }, { price: 0 })).toEqual([
      { field: 'price', old: null, new: 0 }
    ])
    expect(diffFields(spec, { name: '' }, { name: null })).toEqual([
      { field: 'name', old: '', new: null }
    ])
    expect(diffFields(spec, { sku: '1' }, { sku: 1 })).toEqual([{ field: 'sku', old: '1', new: 1 }])
  })

  it('ignores values that are not fields of the spec', () => {
    expect(diffFields(spec, { name: 'A', tags: 'x' }, { name: 'A', tags: 'y' })).toEqual([])
    expect(diffFields(spec, null, { updatedAt: 'now', name: 'A' })).toEqual([
      { field: 'name', old: null, new: 'A' }
    ])
  })

  it('follows the order of whichever spec it is given', () => {
    const order = entitySpecs.order
    const after = { status: 'open', total: 10, number: 'SO-1', customerId: 2 }
    expect(diffFields(order, null, after).map((change) => change.field)).toEqual([
      'number',
      'customerId',
      'total',
      'status'
    ])
  })
})
