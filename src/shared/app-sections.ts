import type { RecordType } from './entity-catalog'

/**
 * The built-in apps: seeded on first start, each with its record screens. They cannot be deleted
 * (their screens would have nowhere to live); apps an operator adds have webhooks only.
 */
export const BUILT_IN_APPS = [
  {
    key: 'products',
    name: 'Products',
    entityTypes: [
      'product',
      'product_group',
      'brand',
      'supplier',
      'category',
      'property_group',
      'property',
      'media',
      'file'
    ]
  },
  {
    key: 'orders',
    name: 'Orders',
    entityTypes: ['order', 'customer', 'customer_group', 'payment_term']
  },
  { key: 'inventory', name: 'Inventory', entityTypes: ['inventory'] },
  { key: 'pricing', name: 'Pricing', entityTypes: ['pricing_rule', 'currency', 'unit', 'language'] }
] as const satisfies ReadonlyArray<{
  key: string
  name: string
  entityTypes: readonly RecordType[]
}>

export function isBuiltInApp(appKey: string): boolean {
  return BUILT_IN_APPS.some((app) => app.key === appKey)
}

/** Record screens of an app; none for apps an operator added. */
export function entityTypesForApp(appKey: string): readonly RecordType[] {
  return BUILT_IN_APPS.find((app) => app.key === appKey)?.entityTypes ?? []
}
