import type { EntityType } from './entity-catalog'

/**
 * Field specs drive validation, storage mapping, payload serialization and (later) the generic
 * list/edit screens, so a field is described once here and nowhere else.
 */
export type FieldKind =
  | 'string'
  | 'text'
  | 'email'
  | 'url'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'datetime'
  | 'enum'
  | 'relation'

export interface FieldSpec {
  /** camelCase name used in DTOs and payloads. */
  name: string
  /** snake_case column in SQLite. */
  column: string
  label: string
  kind: FieldKind
  required?: boolean
  unique?: boolean
  maxLength?: number
  min?: number
  options?: readonly string[]
  /** For `relation`: the referenced entity type; the payload key drops the `Id` suffix. */
  relation?: EntityType
  /** For `datetime`: this field may not be earlier than the named one (validTo >= validFrom). */
  notBefore?: string
  /**
   * For `number`: an amount of money, shown with two decimals (and the currency, where the
   * record has one). Display only: stored and sent as the number it is.
   */
  money?: boolean
}

export interface EntitySpec {
  type: EntityType
  table: string
  /** Prefix of generated external IDs (`prod_...`). */
  externalIdPrefix: string
  /** Field shown as the record's title in lists and pickers. */
  titleField: string
  fields: readonly FieldSpec[]
}

const NAME_MAX = 200
const TEXT_MAX = 20_000
const URL_MAX = 2048

function field(
  name: string,
  kind: FieldKind,
  extra: Partial<Omit<FieldSpec, 'name' | 'kind'>> = {}
): FieldSpec {
  const column = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
  const label = (extra.relation ? name.replace(/Id$/, '') : name)
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
  const maxLength =
    kind === 'text'
      ? TEXT_MAX
      : kind === 'url'
        ? URL_MAX
        : kind === 'string' || kind === 'email'
          ? NAME_MAX
          : undefined
  return {
    name,
    column,
    label: label.charAt(0).toUpperCase() + label.slice(1),
    kind,
    maxLength,
    ...extra
  }
}

const name = field('name', 'string', { required: true })
const description = field('description', 'text')

function spec(
  type: EntityType,
  table: string,
  externalIdPrefix: string,
  fields: FieldSpec[],
  titleField = 'name'
): EntitySpec {
  return { type, table, externalIdPrefix, titleField, fields }
}

export const productStatuses = ['draft', 'active', 'archived'] as const
export const orderStatuses = ['open', 'paid', 'shipped', 'completed', 'cancelled'] as const

export const entitySpecs: Record<EntityType, EntitySpec> = {
  brand: spec('brand', 'brands', 'brand', [name, description, field('website', 'url')]),
  supplier: spec('supplier', 'suppliers', 'sup', [
    name,
    field('email', 'email'),
    field('phone', 'string', { maxLength: 50 })
  ]),
  category: spec('category', 'categories', 'cat', [
    name,
    description,
    field('parentId', 'relation', { relation: 'category' })
  ]),
  product: spec('product', 'products', 'prod', [
    name,
    field('sku', 'string', { required: true, unique: true, maxLength: 100, label: 'SKU' }),
    description,
    field('price', 'number', { min: 0, money: true }),
    field('status', 'enum', { options: productStatuses }),
    field('brandId', 'relation', { relation: 'brand' }),
    field('categoryId', 'relation', { relation: 'category' }),
    field('supplierId', 'relation', { relation: 'supplier' })
  ]),
  product_group: spec('product_group', 'product_groups', 'pgrp', [name, description]),
  property_group: spec('property_group', 'property_groups', 'propg', [name, description]),
  property: spec('property', 'properties', 'prop', [
    name,
    field('value', 'string'),
    field('propertyGroupId', 'relation', { relation: 'property_group' })
  ]),
  media: spec('media', 'media', 'med', [name, field('url', 'url'), field('altText', 'string')]),
  file: spec('file', 'files', 'file', [
    name,
    field('mimeType', 'string', { maxLength: 100, label: 'MIME type' }),
    field('size', 'integer', { min: 0, label: 'Size (bytes)' })
  ]),
  order: spec(
    'order',
    'orders',
    'ord',
    [
      field('number', 'string', { required: true, unique: true, maxLength: 100 }),
      field('customerId', 'relation', { relation: 'customer' }),
      field('total', 'number', { min: 0, money: true }),
      field('status', 'enum', { options: orderStatuses })
    ],
    'number'
  ),
  customer: spec('customer', 'customers', 'cus', [
    name,
    field('email', 'email'),
    field('customerGroupId', 'relation', { relation: 'customer_group' })
  ]),
  customer_group: spec('customer_group', 'customer_groups', 'cgrp', [name, description]),
  pricing_rule: spec('pricing_rule', 'pricing_rules', 'prule', [
    name,
    field('productId', 'relation', { relation: 'product' }),
    field('price', 'number', { min: 0, money: true }),
    field('validFrom', 'datetime'),
    field('validTo', 'datetime', { notBefore: 'validFrom' })
  ]),
  payment_term: spec('payment_term', 'payment_terms', 'pterm', [
    name,
    field('days', 'integer', { min: 0 })
  ]),
  currency: spec('currency', 'currencies', 'cur', [
    name,
    field('isoCode', 'string', { maxLength: 3, label: 'ISO code' }),
    field('symbol', 'string', { maxLength: 8 })
  ]),
  unit: spec('unit', 'units', 'unit', [name, field('symbol', 'string', { maxLength: 16 })]),
  language: spec('language', 'languages', 'lang', [
    name,
    field('locale', 'string', { maxLength: 35 })
  ]),
  inventory: spec(
    'inventory',
    'inventory',
    'inv',
    [
      field('productId', 'relation', { relation: 'product', required: true }),
      field('warehouse', 'string', { required: true, maxLength: 100 }),
      field('quantity', 'integer', { required: true })
    ],
    'warehouse'
  ),
  app: spec('app', 'apps', 'app', [name, field('key', 'string', { maxLength: 64, unique: true })])
}

/** Payload key of a relation field: `brandId` -> `brand`. */
export function relationKey(spec: FieldSpec): string {
  return spec.name.replace(/Id$/, '')
}
