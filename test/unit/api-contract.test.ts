import { describe, expect, it } from 'vitest'
import { apiInputSchemas, isApiMethod } from '@shared/api-contract'
import { apiMethodNames } from '@shared/api-methods'
import { eventNames } from '@shared/entity-catalog'

const create = apiInputSchemas['webhooks.create']
const update = apiInputSchemas['webhooks.update']
const logsList = apiInputSchemas['logs.list']

const validWebhook = {
  appId: 1,
  url: 'https://api.myapp.com/webhooks/pim-updates',
  events: ['product.updated']
}

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? [])
}

describe('contract method names', () => {
  it('has a schema for every method name and nothing else', () => {
    expect(Object.keys(apiInputSchemas).sort()).toEqual([...apiMethodNames].sort())
    for (const name of apiMethodNames) expect(isApiMethod(name)).toBe(true)
    expect(isApiMethod('webhooks.drop')).toBe(false)
    expect(isApiMethod('toString')).toBe(false)
  })
})

describe('webhooks.create', () => {
  it('accepts a valid webhook and defaults active to true', () => {
    const result = create.safeParse(validWebhook)
    expect(result.success).toBe(true)
    if (result.success) {
      expect(result.data).toEqual({ ...validWebhook, active: true })
    }
    const inactive = create.parse({ ...validWebhook, active: false, name: 'Sync' })
    expect(inactive.active).toBe(false)
    expect(inactive.name).toBe('Sync')
  })

  it('trims the URL', () => {
    expect(create.parse({ ...validWebhook, url: '  https://example.com/hook  ' }).url).toBe(
      'https://example.com/hook'
    )
  })

  it.each([
    ['javascript:alert(1)', 'javascript'],
    ['ftp://example.com/hook', 'ftp'],
    ['data:text/plain,hi', 'data'],
    ['file:///etc/passwd', 'file']
  ])('rejects the %s URL naming the scheme, at path url', (url, scheme) => {
    const result = create.safeParse({ ...validWebhook, url })
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.error.issues).toHaveLength(1)
      expect(result.error.issues[0].path).toEqual(['url'])
      expect(result.error.issues[0].message).toContain(`not ${scheme}`)
    }
  })

  it('rejects credentials, relative, empty and overlong URLs', () => {
    expect(
      messages(create.safeParse({ ...validWebhook, url: 'https://u:p@example.com/' }))
    ).toEqual(['URL must not contain credentials (user:password@)'])
    expect(messages(create.safeParse({ ...validWebhook, url: '/hook' }))).toEqual([
      'URL is not a valid absolute URL'
    ])
    expect(messages(create.safeParse({ ...validWebhook, url: '' }))).toEqual(['URL is required'])
    const long = 'https://example.com/' + 'a'.repeat(2048)
    expect(messages(create.safeParse({ ...validWebhook, url: long }))).toEqual([
      'URL must be at most 2048 characters'
    ])
    expect(create.safeParse({ ...validWebhook, url: 42 }).success).toBe(false)
  })

  it('requires at least one event', () => {
    expect(messages(create.safeParse({ ...validWebhook, events: [] }))).toEqual([
      'choose at least one event'
    ])
    expect(create.safeParse({ appId: 1, url: validWebhook.url }).success).toBe(false)
  })

  it('rejects unknown event names, including misspellings seen in older UIs, at their index', () => {
    const result = create.safeParse({
      ...validWebhook,
      events: ['product.updated', 'product.update', 'inventory.change']
    })
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.error.issues.map((issue) => issue.path)).toEqual([
        ['events', 1],
        ['events', 2]
      ])
      expect(result.error.issues.map((issue) => issue.message)).toEqual([
        'unknown event "product.update"',
        'unknown event "inventory.change"'
      ])
    }
    expect(create.safeParse({ ...validWebhook, events: ['PRODUCT.UPDATED'] }).success).toBe(false)
    expect(create.safeParse({ ...validWebhook, events: ['product.*'] }).success).toBe(false)
  })

  it('accepts every catalog event and de-duplicates, keeping first-seen order', () => {
    expect(create.parse({ ...validWebhook, events: [...eventNames] }).events).toEqual([
      ...eventNames
    ])
    expect(
      create.parse({
        ...validWebhook,
        events: ['order.created', 'product.updated', 'order.created', 'product.updated']
      }).events
    ).toEqual(['order.created', 'product.updated'])
  })

  it('caps the events array at 100 entries', () => {
    const many = Array.from({ length: 101 }, () => 'product.updated')
    expect(create.safeParse({ ...validWebhook, events: many }).success).toBe(false)
    expect(create.parse({ ...validWebhook, events: many.slice(1) }).events).toEqual([
      'product.updated'
    ])
  })

  it('rejects unknown fields and bad app ids', () => {
    expect(create.safeParse({ ...validWebhook, secret: 'whsec_x' }).success).toBe(false)
    expect(create.safeParse({ ...validWebhook, appId: 0 }).success).toBe(false)
    expect(create.safeParse({ ...validWebhook, appId: 1.5 }).success).toBe(false)
    expect(create.safeParse({ ...validWebhook, appId: '1' }).success).toBe(false)
    expect(create.safeParse({ ...validWebhook, name: '   ' }).success).toBe(false)
  })
})

describe('webhooks.update', () => {
  it('is partial but validates what is given', () => {
    expect(update.safeParse({ id: 1 }).success).toBe(true)
    expect(update.parse({ id: 1, events: ['brand.created', 'brand.created'] }).events).toEqual([
      'brand.created'
    ])
    expect(update.safeParse({ id: 1, url: 'javascript:alert(1)' }).success).toBe(false)
    expect(update.safeParse({ id: 1, events: [] }).success).toBe(false)
    expect(update.safeParse({ url: 'https://example.com' }).success).toBe(false)
  })
})

describe('webhooks.bulk and webhooks.test', () => {
  it('requires ids and a known action', () => {
    const bulk = apiInputSchemas['webhooks.bulk']
    expect(bulk.safeParse({ ids: [1, 2], action: 'deactivate' }).success).toBe(true)
    expect(messages(bulk.safeParse({ ids: [], action: 'delete' }))).toEqual([
      'select at least one webhook'
    ])
    expect(bulk.safeParse({ ids: [1], action: 'archive' }).success).toBe(false)
  })

  it('only tests with known events', () => {
    const test = apiInputSchemas['webhooks.test']
    expect(test.safeParse({ id: 1 }).success).toBe(true)
    expect(test.safeParse({ id: 1, event: 'order.deleted' }).success).toBe(true)
    expect(test.safeParse({ id: 1, event: 'order.removed' }).success).toBe(false)
  })
})

describe('logs.list', () => {
  it('defaults the limit to 50', () => {
    expect(logsList.parse({ appId: 1 }).limit).toBe(50)
  })

  it('accepts limits from 1 to 200 and rejects the rest', () => {
    expect(logsList.parse({ appId: 1, limit: 1 }).limit).toBe(1)
    expect(logsList.parse({ appId: 1, limit: 200 }).limit).toBe(200)
    expect(logsList.safeParse({ appId: 1, limit: 0 }).success).toBe(false)
    expect(logsList.safeParse({ appId: 1, limit: 201 }).success).toBe(false)
    expect(logsList.safeParse({ appId: 1, limit: 10.5 }).success).toBe(false)
    expect(logsList.safeParse({ appId: 1, limit: '10' }).success).toBe(false)
  })

  it('validates filters', () => {
    expect(
      logsList.safeParse({
        appId: 1,
        cursor: 'eyJiZWZvcmUiOjV9',
        status: '5xx',
        event: 'product.updated',
        webhookId: 3
      }).success
    ).toBe(true)
    expect(logsList.safeParse({ appId: 1, status: '6xx' }).success).toBe(false)
    expect(logsList.safeParse({ appId: 1, event: 'product.change' }).success).toBe(false)
    expect(logsList.safeParse({ appId: 1, cursor: 'a'.repeat(201) }).success).toBe(false)
    expect(logsList.safeParse({ appId: 1, webhookId: 0 }).success).toBe(false)
    expect(logsList.safeParse({}).success).toBe(false)
  })
})

describe('entities.*', () => {
  it('accepts record types but not app (apps have their own methods)', () => {
    const entitiesCreate = apiInputSchemas['entities.create']
    expect(entitiesCreate.safeParse({ type: 'product', data: { name: 'A' } }).success).toBe(true)
    expect(entitiesCreate.safeParse({ type: 'app', data: { name: 'A' } }).success).toBe(false)
    expect(entitiesCreate.safeParse({ type: 'widget', data: {} }).success).toBe(false)
    expect(entitiesCreate.safeParse({ type: 'product', data: [] }).success).toBe(false)
  })

  it('bounds list paging', () => {
    const list = apiInputSchemas['entities.list']
    expect(list.parse({ type: 'brand' })).toEqual({ type: 'brand', offset: 0, limit: 50 })
    expect(list.safeParse({ type: 'brand', limit: 501 }).success).toBe(false)
    expect(list.safeParse({ type: 'brand', offset: -1 }).success).toBe(false)
  })
})

describe('other inputs', () => {
  it('rejects extra keys on argument-less methods', () => {
    expect(apiInputSchemas['account.get'].safeParse({}).success).toBe(true)
    expect(apiInputSchemas['account.get'].safeParse({ x: 1 }).success).toBe(false)
  })

  it('validates app keys and stats hours', () => {
    const apps = apiInputSchemas['apps.create']
    expect(apps.safeParse({ name: 'Returns', key: 'returns-eu' }).success).toBe(true)
    expect(apps.safeParse({ name: 'Returns', key: 'Returns' }).success).toBe(false)
    const stats = apiInputSchemas['stats.deliveries']
    expect(stats.parse({}).hours).toBe(24)
    expect(stats.safeParse({ hours: 0 }).success).toBe(false)
    expect(stats.safeParse({ hours: 24 * 30 + 1 }).success).toBe(false)
  })
})
