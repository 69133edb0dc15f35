import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import type { EventName } from '@shared/entity-catalog'
import {
  JSON_SCHEMA_DIALECT,
  eventJsonSchema,
  eventsJsonSchema,
  schemaDefinitions,
  schemaNames
} from '@shared/event-schemas'

/**
 * Validators for the generated event schemas: ajv in draft 2020-12 mode, strict (an unknown
 * keyword or a malformed schema throws), with ajv-formats asserting `date-time`.
 */
function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
  addFormats(ajv)
  return ajv
}

const ajv = newAjv()
const byEvent = new Map<EventName, ValidateFunction>()
let anyBody: ValidateFunction | null = null

/** The validator of one event's standalone schema. */
export function validatorFor(event: EventName): ValidateFunction {
  let validate = byEvent.get(event)
  if (!validate) {
    validate = ajv.compile(eventJsonSchema(event))
    byEvent.set(event, validate)
  }
  return validate
}

/** The validator of the one schema for every body. */
export function bodyValidator(): ValidateFunction {
  anyBody ??= newAjv().compile(eventsJsonSchema())
  return anyBody
}

/** The validator of the request headers schema (names spelled as PAYLOADS.md does). */
export function headersValidator(): ValidateFunction {
  const headers = schemaDefinitions((name) => ({ $ref: `#/$defs/${name}` }))[schemaNames.headers]
  return newAjv().compile({ $schema: JSON_SCHEMA_DIALECT, ...headers })
}
