/**
 * The entity types the PIM stores and the lifecycle events they emit. This list is a contract
 * with webhook receivers: event names are `<entity>.<action>` and never change once shipped.
 */

export const entityActions = ['created', 'updated', 'deleted'] as const
export type EntityAction = (typeof entityActions)[number]

export const eventGroups = ['Catalog', 'Commercial', 'Inventory', 'App'] as const
export type EventGroup = (typeof eventGroups)[number]

export const entityTypes = [
  'brand',
  'supplier',
  'category',
  'product',
  'product_group',
  'property_group',
  'property',
  'media',
  'file',
  'order',
  'customer',
  'customer_group',
  'pricing_rule',
  'payment_term',
  'currency',
  'unit',
  'language',
  'inventory',
  'app'
] as const
export type EntityType = (typeof entityTypes)[number]

/** Record types edited through `entities.*`; apps have their own `apps.*` methods. */
export const recordTypes = entityTypes.filter(
  (type): type is Exclude<EntityType, 'app'> => type !== 'app'
)
export type RecordType = Exclude<EntityType, 'app'>

export const entityGroup: Record<EntityType, EventGroup> = {
  brand: 'Catalog',
  supplier: 'Catalog',
  category: 'Catalog',
  product: 'Catalog',
  product_group: 'Catalog',
  property_group: 'Catalog',
  property: 'Catalog',
  media: 'Catalog',
  file: 'Catalog',
  order: 'Commercial',
  customer: 'Commercial',
  customer_group: 'Commercial',
  pricing_rule: 'Commercial',
  payment_term: 'Commercial',
  currency: 'Commercial',
  unit: 'Commercial',
  language: 'Commercial',
  inventory: 'Inventory',
  app: 'App'
}

export type EventName = `${EntityType}.${EntityAction}`

export const eventNames: readonly EventName[] = entityTypes.flatMap((type) =>
  entityActions.map((action) => `${type}.${action}` as EventName)
)

const eventNameSet: ReadonlySet<string> = new Set(eventNames)

export function isEventName(value: string): value is EventName {
  return eventNameSet.has(value)
}

export function eventName(type: EntityType, action: EntityAction): EventName {
  return `${type}.${action}`
}

export function parseEventName(name: EventName): { type: EntityType; action: EntityAction } {
  const dot = name.lastIndexOf('.')
  return {
    type: name.slice(0, dot) as EntityType,
    action: name.slice(dot + 1) as EntityAction
  }
}

/** Human label for a snake_case type: `product_group` -> `Product group`. */
export function entityLabel(type: EntityType): string {
  const words = type.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export interface CatalogEvent {
  name: EventName
  entity: EntityType
  action: EntityAction
  label: string
}

export interface CatalogEventGroup {
  group: EventGroup
  events: CatalogEvent[]
}

export function eventCatalog(): CatalogEventGroup[] {
  return eventGroups.map((group) => ({
    group,
    events: eventNames
      .map((name) => ({ name, ...parseEventName(name) }))
      .filter((event) => entityGroup[event.type] === group)
      .map(({ name, type, action }) => ({
        name,
        entity: type,
        action,
        label: `${entityLabel(type)} ${action}`
      }))
  }))
}
