import { describe, expect, it } from 'vitest'
import {
  entityActions,
  entityGroup,
  entityLabel,
  entityTypes,
  eventCatalog,
  eventName,
  eventNames,
  isEventName,
  parseEventName,
  recordTypes
} from '@shared/entity-catalog'

const catalogTypes = [
  'brand',
  'supplier',
  'category',
  'product',
  'product_group',
  'property_group',
  'property',
  'media',
  'file'
]
const commercialTypes = [
  'order',
  'customer',
  'customer_group',
  'pricing_rule',
  'payment_term',
  'currency',
  'unit',
  'language'
]

describe('entity types and event names', () => {
  it('has the 19 entity types of the spec', () => {
    expect(entityTypes).toHaveLength(19)
    expect([...entityTypes].sort()).toEqual(
      [...catalogTypes, ...commercialTypes, 'inventory', 'app'].sort()
    )
  })

  it('has created/updated/deleted for each: 57 distinct event names', () => {
    expect([...entityActions]).toEqual(['created', 'updated', 'deleted'])
    expect(eventNames).toHaveLength(57)
    expect(new Set(eventNames).size).toBe(57)
    for (const name of eventNames)
      expect(name).toMatch(/^[a-z]+(_[a-z]+)*\.(created|updated|deleted)$/)
    for (const type of entityTypes)
      for (const action of entityActions) expect(eventNames).toContain(`${type}.${action}`)
  })

  it('includes the events receivers already rely on', () => {
    for (const name of ['product.updated', 'order.created', 'brand.created', 'app.deleted'])
      expect(isEventName(name)).toBe(true)
  })

  it('recognises only exact event names', () => {
    expect(isEventName('product.update')).toBe(false)
    expect(isEventName('inventory.change')).toBe(false)
    expect(isEventName('Product.updated')).toBe(false)
    expect(isEventName('product.updated ')).toBe(false)
    expect(isEventName('product')).toBe(false)
    expect(isEventName('')).toBe(false)
    expect(isEventName('widget.created')).toBe(false)
  })

  it('edits every type but app through entities.*', () => {
    expect(recordTypes).toHaveLength(18)
    expect(recordTypes).not.toContain('app')
    expect(recordTypes).toContain('inventory')
  })
})

describe('parseEventName and eventName', () => {
  it('splits a multi-word type correctly', () => {
    expect(parseEventName('product_group.created')).toEqual({
      type: 'product_group',
      action: 'created'
    })
    expect(eventName('product_group', 'created')).toBe('product_group.created')
  })

  it('round-trip for every event', () => {
    for (const name of eventNames) {
      const { type, action } = parseEventName(name)
      expect(entityTypes).toContain(type)
      expect(entityActions).toContain(action)
      expect(eventName(type, action)).toBe(name)
    }
  })
})

describe('eventCatalog', () => {
  const catalog = eventCatalog()
  const typesIn = (group: string) => [
    ...new Set(
      catalog.find((entry) => entry.group === group)?.events.map((event) => event.entity) ?? []
    )
  ]

  it('lists the groups in order Catalog, Commercial, Inventory, App', () => {
    expect(catalog.map((entry) => entry.group)).toEqual([
      'Catalog',
      'Commercial',
      'Inventory',
      'App'
    ])
  })

  it('puts each type in its group', () => {
    expect(typesIn('Catalog')).toEqual(catalogTypes)
    expect(typesIn('Commercial')).toEqual(commercialTypes)
    expect(typesIn('Inventory')).toEqual(['inventory'])
    expect(typesIn('App')).toEqual(['app'])
    expect(entityGroup.inventory).toBe('Inventory')
    expect(entityGroup.app).toBe('App')
  })

  it('contains every event exactly once, three per type', () => {
    const all = catalog.flatMap((entry) => entry.events.map((event) => event.name))
    expect(all).toHaveLength(57)
    expect([...all].sort()).toEqual([...eventNames].sort())
    for (const entry of catalog) expect(entry.events.length % 3).toBe(0)
    expect(catalog.map((entry) => entry.events.length)).toEqual([27, 24, 3, 3])
  })

  it('describes each event consistently with its name', () => {
    for (const entry of catalog)
      for (const event of entry.events) {
        expect(event.name).toBe(`${event.entity}.${event.action}`)
        expect(entityGroup[event.entity]).toBe(entry.group)
      }
    const productGroupCreated = catalog
      .flatMap((entry) => entry.events)
      .find((event) => event.name === 'product_group.created')
    expect(productGroupCreated).toEqual({
      name: 'product_group.created',
      entity: 'product_group',
      action: 'created',
      label: 'Product group created'
    })
  })

  it('labels types in sentence case', () => {
    expect(entityLabel('product_group')).toBe('Product group')
    expect(entityLabel('pricing_rule')).toBe('Pricing rule')
    expect(entityLabel('app')).toBe('App')
  })
})
