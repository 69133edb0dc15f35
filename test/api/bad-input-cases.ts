/** Every kind of bad argument, per method: [label, method, input, error code, text the message must mention]. */
export type Case = [label: string, method: string, input: unknown, code: string, mentions: string]

const long = (n: number) => 'x'.repeat(n)
const hook = { appId: 1, url: 'https://example.com/', events: ['product.created'] }

export const cases: Case[] = [
  [
    'javascript: URL',
    'webhooks.create',
    { ...hook, url: 'javascript:alert(1)' },
    'invalid_argument',
    'url'
  ],
  [
    'ftp: URL',
    'webhooks.create',
    { ...hook, url: 'ftp://files.example.com/x' },
    'invalid_argument',
    'url: URL scheme must be http or https, not ftp'
  ],
  [
    'URL with credentials',
    'webhooks.create',
    { ...hook, url: 'https://user:pw@example.com/' },
    'invalid_argument',
    'credentials'
  ],
  ['relative URL', 'webhooks.create', { ...hook, url: '/hook' }, 'invalid_argument', 'url'],
  [
    'oversized URL',
    'webhooks.create',
    { ...hook, url: `https://example.com/${long(2100)}` },
    'invalid_argument',
    'url'
  ],
  ['empty events', 'webhooks.create', { ...hook, events: [] }, 'invalid_argument', 'events'],
  [
    'unknown event',
    'webhooks.create',
    { ...hook, events: ['product.change'] },
    'invalid_argument',
    'events.0: unknown event "product.change"'
  ],
  [
    'unknown app',
    'webhooks.create',
    { ...hook, appId: 999 },
    'invalid_argument',
    'appId: app 999 does not exist'
  ],
  ['string app id', 'webhooks.create', { ...hook, appId: '1' }, 'invalid_argument', 'appId'],
  [
    'unknown webhook field',
    'webhooks.create',
    { ...hook, secret: 'mine' },
    'invalid_argument',
    'unknown field "secret"'
  ],
  ['update unknown webhook', 'webhooks.update', { id: 999, name: 'x' }, 'not_found', 'Webhook 999'],
  [
    'update with bad URL',
    'webhooks.update',
    { id: 1, url: 'file:///etc/passwd' },
    'invalid_argument',
    'url'
  ],
  [
    'bulk with unknown ids',
    'webhooks.bulk',
    { ids: [1, 998, 999], action: 'delete' },
    'not_found',
    '998, 999'
  ],
  [
    'bulk unknown action',
    'webhooks.bulk',
    { ids: [1], action: 'purge' },
    'invalid_argument',
    'action'
  ],
  ['bulk without ids', 'webhooks.bulk', { ids: [], action: 'delete' }, 'invalid_argument', 'ids'],
  [
    'unknown entity type',
    'entities.create',
    { type: 'spaceship', data: { name: 'x' } },
    'invalid_argument',
    'type'
  ],
  [
    'blank operator name on a save',
    'entities.create',
    { type: 'product', data: { name: 'Nameless', sku: 'NAMELESS-1' }, operatorName: '   ' },
    'invalid_argument',
    'operatorName'
  ],
  [
    'missing required field',
    'entities.create',
    { type: 'product', data: { name: 'No sku' } },
    'invalid_argument',
    'data.sku'
  ],
  [
    'duplicate sku',
    'entities.create',
    { type: 'product', data: { name: 'Again', sku: 'KEPT' } },
    'conflict',
    'data.sku'
  ],
  [
    'wrong field type',
    'entities.create',
    { type: 'product', data: { name: 'P', sku: 'P', price: 'cheap' } },
    'invalid_argument',
    'data.price'
  ],
  [
    'negative price',
    'entities.create',
    { type: 'product', data: { name: 'P', sku: 'P', price: -1 } },
    'invalid_argument',
    'data.price: must be at least 0'
  ],
  [
    'unknown enum value',
    'entities.create',
    { type: 'product', data: { name: 'P', sku: 'P', status: 'sold' } },
    'invalid_argument',
    'data.status'
  ],
  [
    'unknown relation',
    'entities.create',
    { type: 'product', data: { name: 'P', sku: 'P', brandId: 4242 } },
    'invalid_argument',
    'data.brandId: Brand 4242 does not exist'
  ],
  [
    'oversized name',
    'entities.create',
    { type: 'brand', data: { name: long(201) } },
    'invalid_argument',
    'data.name: must be at most 200 characters'
  ],
  [
    'blank name',
    'entities.create',
    { type: 'brand', data: { name: '   ' } },
    'invalid_argument',
    'data.name'
  ],
  [
    'unknown entity field',
    'entities.create',
    { type: 'brand', data: { name: 'B', colour: 'red' } },
    'invalid_argument',
    'unknown field "colour"'
  ],
  [
    'bad email',
    'entities.create',
    { type: 'customer', data: { name: 'C', email: 'nope' } },
    'invalid_argument',
    'data.email'
  ],
  [
    'non-integer quantity',
    'entities.create',
    { type: 'inventory', data: { productId: 1, warehouse: 'W', quantity: 1.5 } },
    'invalid_argument',
    'data.quantity'
  ],
  [
    'bad datetime',
    'entities.create',
    { type: 'pricing_rule', data: { name: 'R', validFrom: 'tomorrow' } },
    'invalid_argument',
    'data.validFrom'
  ],
  [
    'price rule ending before it starts',
    'entities.create',
    {
      type: 'pricing_rule',
      data: { name: 'R', validFrom: '2026-06-01T00:00:00Z', validTo: '2026-05-01T00:00:00Z' }
    },
    'invalid_argument',
    'data.validTo: must not be before validFrom'
  ],
  [
    'update unknown product',
    'entities.update',
    { type: 'product', id: 999, data: { name: 'x' } },
    'not_found',
    'Product 999'
  ],
  [
    'required field nulled',
    'entities.update',
    { type: 'product', id: 1, data: { sku: null } },
    'invalid_argument',
    'data.sku'
  ],
  ['delete unknown brand', 'entities.delete', { type: 'brand', id: 999 }, 'not_found', 'Brand 999'],
  [
    'apps only via apps.*',
    'entities.create',
    { type: 'app', data: { name: 'Sneaky' } },
    'invalid_argument',
    'type'
  ],
  ['blank app name', 'apps.create', { name: '' }, 'invalid_argument', 'name'],
  ['bad app key', 'apps.create', { name: 'X', key: 'Has Spaces' }, 'invalid_argument', 'key'],
  ['delete a built-in app', 'apps.delete', { id: 1 }, 'conflict', 'Products is a built-in app'],
  ['delete app with webhooks', 'apps.delete', { id: 5 }, 'conflict', '1 webhook'],
  ['negative log id', 'logs.get', { id: -1 }, 'invalid_argument', 'id'],
  ['unknown log', 'logs.get', { id: 12345 }, 'not_found', 'Log entry 12345'],
  [
    'log search text with a NUL',
    'logs.list',
    { appId: 1, text: 'a\u0000b' },
    'invalid_argument',
    'text: must not contain a NUL character'
  ],
  [
    'message search text too short',
    'logs.messages',
    { appId: 1, text: 'a' },
    'invalid_argument',
    'text: must be at least 2 characters'
  ],
  [
    'message search range backwards',
    'logs.messages',
    { appId: 1, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    'invalid_argument',
    'to: must be after "from"'
  ],
  ['stats for a year', 'stats.deliveries', { hours: 24 * 365 }, 'invalid_argument', 'hours'],
  ['account blank name', 'account.update', { name: '' }, 'invalid_argument', 'name'],
  [
    'retry schedule too long',
    'webhooks.update',
    { id: 1, retrySchedule: Array(11).fill(60) },
    'invalid_argument',
    'at most 10 retries'
  ],
  [
    'retry delay of 0',
    'webhooks.update',
    { id: 1, retrySchedule: [0] },
    'invalid_argument',
    'retrySchedule.0'
  ],
  [
    'retry delay of 8 days',
    'webhooks.update',
    { id: 1, retrySchedule: [8 * 86_400] },
    'invalid_argument',
    '7 days'
  ],
  [
    'replay unknown webhook',
    'webhooks.replay',
    { id: 99, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
    'not_found',
    'Webhook 99'
  ],
  [
    'replay reversed range',
    'webhooks.replay',
    { id: 1, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    'invalid_argument',
    'from'
  ],
  [
    'rotation window over a week',
    'webhooks.rotateSecret',
    { id: 1, previousSecretHours: 169 },
    'invalid_argument',
    'previousSecretHours: must be at most 168 hours (7 days)'
  ],
  [
    'rotation window in fractions of an hour',
    'webhooks.rotateSecret',
    { id: 1, previousSecretHours: 0.5 },
    'invalid_argument',
    'previousSecretHours: must be a whole number of hours'
  ],
  [
    'negative rotation window',
    'webhooks.rotateSecret',
    { id: 1, previousSecretHours: -1 },
    'invalid_argument',
    'previousSecretHours'
  ],
  ['history without days', 'webhooks.history', { id: 1 }, 'invalid_argument', 'days'],
  [
    'history longer than the log keeps',
    'webhooks.history',
    { id: 1, days: 31 },
    'invalid_argument',
    'days'
  ],
  ['history of no webhook', 'webhooks.history', { id: 99, days: 7 }, 'not_found', 'Webhook 99'],
  [
    'replay progress of nothing',
    'webhooks.replayProgress',
    { batchId: 'rpl_nope' },
    'not_found',
    'rpl_nope'
  ],
  [
    'negative timeout',
    'settings.update',
    { totalTimeoutMs: -1 },
    'invalid_argument',
    'totalTimeoutMs'
  ],
  [
    'guard as a string',
    'settings.update',
    { blockPrivateNetworks: 'yes' },
    'invalid_argument',
    'blockPrivateNetworks'
  ],
  [
    'allow-list entry that is a URL',
    'settings.update',
    { privateNetworkAllowList: ['10.0.0.0/8', 'http://hooks.internal/'] },
    'invalid_argument',
    'privateNetworkAllowList'
  ],
  [
    'allow-list range with a prefix too long',
    'settings.update',
    { privateNetworkAllowList: ['10.0.0.0/33'] },
    'invalid_argument',
    'the prefix length must be 0 to 32'
  ],
  [
    'allow-list IPv6 range with a bad address',
    'settings.update',
    { privateNetworkAllowList: ['fd00::zz/8'] },
    'invalid_argument',
    'the part before "/" must be an IP address'
  ],
  [
    'allow-list as one string',
    'settings.update',
    { privateNetworkAllowList: '127.0.0.1/32' },
    'invalid_argument',
    'privateNetworkAllowList'
  ],
  [
    'allow-list too long',
    'settings.update',
    { privateNetworkAllowList: Array.from({ length: 101 }, (_, n) => `10.0.${n}.0/24`) },
    'invalid_argument',
    'at most 100 hosts or ranges'
  ],
  [
    'unknown setting',
    'settings.update',
    { turbo: true },
    'invalid_argument',
    'unknown field "turbo"'
  ],
  [
    'filter on an unknown field',
    'webhooks.create',
    {
      ...hook,
      events: ['product.updated'],
      filters: { 'product.updated': { fields: ['colour'] } }
    },
    'invalid_argument',
    'filters.product.updated.fields.0: product has no field "colour"'
  ],
  [
    'filter condition with a value not in the options',
    'webhooks.create',
    {
      ...hook,
      events: ['product.updated'],
      filters: {
        'product.updated': { conditions: [{ field: 'status', op: 'eq', value: 'live' }] }
      }
    },
    'invalid_argument',
    'filters.product.updated.conditions.0.value: status must be one of draft, active, archived'
  ],
  [
    'filter condition with an operator the field cannot take',
    'webhooks.create',
    {
      ...hook,
      events: ['product.updated'],
      filters: { 'product.updated': { conditions: [{ field: 'name', op: 'gt', value: 'M' }] } }
    },
    'invalid_argument',
    'filters.product.updated.conditions.0.op: "gt" cannot compare name (string)'
  ],
  [
    'filter with code instead of data',
    'webhooks.create',
    {
      ...hook,
      events: ['product.updated'],
      filters: { 'product.updated': { when: 'price > 10' } }
    },
    'invalid_argument',
    'unknown field "when"'
  ],
  [
    'filter on a created event',
    'webhooks.create',
    { ...hook, filters: { 'product.created': { fields: ['price'] } } },
    'invalid_argument',
    'filters.product.created: only *.updated events can be narrowed'
  ],
  [
    'filter on an event not subscribed',
    'webhooks.update',
    { id: 1, filters: { 'inventory.updated': { fields: ['quantity'] } } },
    'invalid_argument',
    "filters.inventory.updated: inventory.updated is not one of the webhook's events"
  ],
  ['unknown method', 'webhooks.nuke', {}, 'unknown_method', 'webhooks.nuke'],
  [
    'non-object input',
    'apps.list',
    'hello',
    'invalid_argument',
    '(arguments): Invalid input: expected object'
  ]
]
