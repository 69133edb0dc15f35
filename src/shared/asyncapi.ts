import {
  entityGroup,
  eventCatalog,
  eventNames,
  parseEventName,
  type EventName
} from './entity-catalog'
import { schemaDefinitions, schemaNames, type JsonObject } from './event-schemas'
import { EXAMPLE_CONTEXT, examplePayload } from './sample-payload'
import { APP_VERSION, USER_AGENT } from './version'

/**
 * The AsyncAPI 3.0.0 document of every webhook event, built from the generated event schemas and
 * the test-send examples. One channel per event: a webhook subscribes to exact event names, and
 * each event has one body shape and one `X-Webhook-Event` value, so a channel (and a generated
 * handler) per event matches what receivers subscribe to. Every channel's address is the
 * webhook's own URL, which the operator chooses, so it is `null` (unknown) here.
 */

export const ASYNCAPI_FILE_NAME = 'indexed-pim-events.asyncapi.json'
export const EVENTS_SCHEMA_FILE_NAME = 'indexed-pim-events.schema.json'

export interface AsyncApiDocument {
  asyncapi: '3.0.0'
  id: string
  info: { title: string; version: string; description: string }
  defaultContentType: string
  channels: Record<string, JsonObject>
  operations: Record<string, JsonObject>
  components: { schemas: Record<string, JsonObject>; messages: Record<string, JsonObject> }
}

/** `product_group.updated` -> `productGroupUpdated`: channel, operation and message ids. */
export function eventId(event: EventName): string {
  const name = schemaNames.event(event).replace(/Event$/, '')
  return name.charAt(0).toLowerCase() + name.slice(1)
}

const toComponents = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` })

const DESCRIPTION = [
  'Indexed PIM Desktop sends one signed HTTP `POST` with a JSON body to every webhook subscribed ' +
    'to an event, whenever a record is created, updated or deleted. Each channel is one event; ' +
    'its address is the URL the operator gave the webhook.',
  '',
  'Verify `webhook-signature` (Standard Webhooks) over the raw body, answer any 2xx within 15 ' +
    'seconds, and drop duplicates by `webhook-id`: delivery is at least once, and not ordered ' +
    'unless the operator turned on per-record order for the webhook (one record’s messages then ' +
    'come one at a time in the order of the saves). ' +
    'docs/PAYLOADS.md in the app’s repository describes signatures, retries and every field.',
  '',
  'Backfills: when the operator sends a webhook the current state of its records ("Send current ' +
    'state…"), each record arrives as a `<type>.updated` message whose body ends with a ' +
    '`backfill` object (`id`, `started_at`; schema `BackfillMarker`). Live changes never carry ' +
    'it. A backfill message says what the record is, not what changed (a product’s ' +
    '`revision.changes` is empty); compare the record’s `updatedAt` with what you hold.',
  '',
  'The examples are what "Send test event" delivers (record id 0, `<prefix>_sample` ids); the ' +
    'signatures in the example headers are placeholders.'
].join('\n')

function exampleHeaders(event: EventName): JsonObject {
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-Webhook-Event': event,
    'X-Webhook-Signature': '0123456789abcdef'.repeat(4),
    'webhook-id': 'msgtest_examplemessageid0000',
    'webhook-timestamp': String(Math.floor(EXAMPLE_CONTEXT.occurredAt / 1000)),
    'webhook-signature': `v1,${'A'.repeat(43)}=`
  }
}

export function asyncApiDocument(): AsyncApiDocument {
  const labels = new Map(
    eventCatalog().flatMap((group) => group.events.map((event) => [event.name, event.label]))
  )
  const channels: Record<string, JsonObject> = {}
  const operations: Record<string, JsonObject> = {}
  const messages: Record<string, JsonObject> = {}
  for (const event of eventNames) {
    const id = eventId(event)
    const label = labels.get(event) ?? event
    const group = entityGroup[parseEventName(event).type]
    messages[id] = {
      name: event,
      title: label,
      summary: `Body and headers of a ${event} request`,
      contentType: 'application/json',
      headers: toComponents(schemaNames.headers),
      payload: toComponents(schemaNames.event(event)),
      examples: [
        {
          name: 'testSend',
          summary: `What "Send test event" delivers for ${event}`,
          headers: exampleHeaders(event),
          payload: examplePayload(event) as JsonObject
        }
      ]
    }
    channels[id] = {
      address: null,
      title: event,
      description: `Requests for ${event} (${group} events), sent to the webhook's URL`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } }
    }
    operations[`send${id.charAt(0).toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `Send ${event}`,
      summary: `${label}: POSTed to every active webhook subscribed to ${event}`,
      tags: [{ name: group }],
      bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }]
    }
  }
  return {
    asyncapi: '3.0.0',
    id: 'urn:indexed-pim-desktop:webhooks',
    info: { title: 'Indexed PIM Desktop webhooks', version: APP_VERSION, description: DESCRIPTION },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas: schemaDefinitions(toComponents), messages }
  }
}
