import type { RecordType } from './entity-catalog'

/** Which record screens each standard app shows; apps an operator adds have webhooks only. */
export const appEntityTypes: Readonly<Record<string, readonly RecordType[]>> = {
  products: [
    'product',
    'product_group',
    'brand',
    'supplier',
    'category',
    'property_group',
    'property',
    'media',
    'file'
  ],
  orders: ['order', 'customer', 'customer_group', 'payment_term'],
  inventory: ['inventory'],
  pricing: ['pricing_rule', 'currency', 'unit', 'language']
}

export function entityTypesForApp(appKey: string): readonly RecordType[] {
  return appEntityTypes[appKey] ?? []
}
