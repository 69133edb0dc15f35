import { z } from 'zod'
import type { EntityType } from './entity-catalog'
import { entitySpecs, type FieldSpec } from './entity-fields'

/** External ids: 1-64 letters, digits, `_ . : -`, starting with a letter or digit. */
export const EXTERNAL_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/

export const externalIdSchema = z
  .string()
  .regex(EXTERNAL_ID, 'must be 1-64 letters, digits, or _ . : - and start with a letter or digit')

/**
 * A missing value reads "is required", a wrong type names what was expected. Only type issues:
 * range and length checks keep their own messages.
 */
function typeError(expected: string) {
  return {
    error: (issue: { code?: string; input?: unknown }) => {
      if (issue.code !== 'invalid_type' && issue.code !== 'invalid_value') return undefined
      return issue.input === undefined || issue.input === null
        ? 'is required'
        : `must be ${expected}`
    }
  }
}

function atLeast(min: number): string {
  return `must be at least ${min}`
}

function text(spec: FieldSpec) {
  return z
    .string(typeError('text'))
    .trim()
    .max(spec.maxLength ?? 200, `must be at most ${spec.maxLength ?? 200} characters`)
}

function fieldSchema(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'string':
    case 'text':
      return spec.required ? text(spec).min(1, 'is required') : text(spec)
    case 'email':
      return text(spec).pipe(z.email('must be an email address'))
    case 'url':
      return text(spec).pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
    case 'number': {
      const base = z.number(typeError('a number')).finite()
      return spec.min === undefined ? base : base.min(spec.min, atLeast(spec.min))
    }
    case 'integer': {
      const base = z.number(typeError('a whole number')).int('must be a whole number')
      return spec.min === undefined ? base : base.min(spec.min, atLeast(spec.min))
    }
    case 'boolean':
      return z.boolean(typeError('true or false'))
    case 'datetime':
      return z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
    case 'enum':
      return z.enum(
        spec.options as [string, ...string[]],
        typeError(`one of ${spec.options?.join(', ')}`)
      )
    case 'relation':
      return z.number(typeError('a record id')).int().positive()
  }
}

/**
 * Schema of the `data` object for creating (all required fields present) or updating (any subset)
 * a record of the given type. Unknown fields are rejected so typos never pass silently.
 */
export function entityDataSchema(type: EntityType, mode: 'create' | 'update') {
  const shape: Record<string, z.ZodType> = {}
  for (const spec of entitySpecs[type].fields) {
    const value = fieldSchema(spec)
    if (spec.required) shape[spec.name] = mode === 'create' ? value : value.optional()
    else shape[spec.name] = value.nullable().optional()
  }
  shape.externalId = externalIdSchema.optional()
  return z.strictObject(shape)
}
