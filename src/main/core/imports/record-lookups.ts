import type { Knex } from 'knex'
import { entityLabel, type EntityType } from '@shared/entity-catalog'
import { entitySpecs } from '@shared/entity-fields'

const CHUNK = 400

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK))
  return out
}

/** The records a batch's keys name: key value -> record id, one query per 400 keys. */
export async function idsByKey(
  db: Knex,
  type: EntityType,
  matchBy: string,
  keys: readonly string[]
): Promise<Map<string, number>> {
  const spec = entitySpecs[type]
  const column =
    matchBy === 'externalId'
      ? 'external_id'
      : spec.fields.find((field) => field.name === matchBy)!.column
  const found = new Map<string, number>()
  for (const part of chunks([...new Set(keys)])) {
    const rows: Array<Record<string, unknown>> = await db(spec.table)
      .whereIn(column, part)
      .select('id', `${column} as key`)
    for (const row of rows) found.set(String(row.key), Number(row.id))
  }
  return found
}

export type Resolved = { id: number } | { problem: string }

/**
 * Resolves a batch's references to one record type by external id first, then by name (the
 * type's title field): one query per 400 distinct texts, not one per row. A name two records
 * share is refused (the external id tells them apart), as is a text nothing has.
 */
export async function resolveReferences(
  db: Knex,
  type: EntityType,
  texts: readonly string[]
): Promise<Map<string, Resolved>> {
  const spec = entitySpecs[type]
  const title = spec.fields.find((field) => field.name === spec.titleField)!.column
  const byExternal = new Map<string, number>()
  const byName = new Map<string, number[]>()
  const distinct = [...new Set(texts)]
  for (const part of chunks(distinct)) {
    const rows: Array<Record<string, unknown>> = await db(spec.table)
      .whereIn('external_id', part)
      .orWhereIn(title, part)
      .select('id', 'external_id', `${title} as title`)
    for (const row of rows) {
      byExternal.set(String(row.external_id), Number(row.id))
      const name = String(row.title)
      byName.set(name, [...(byName.get(name) ?? []), Number(row.id)])
    }
  }
  const label = entityLabel(type).toLowerCase()
  const resolved = new Map<string, Resolved>()
  for (const text of distinct) {
    const external = byExternal.get(text)
    const named = byName.get(text) ?? []
    if (external !== undefined) resolved.set(text, { id: external })
    else if (named.length === 1) resolved.set(text, { id: named[0] })
    else if (named.length > 1)
      resolved.set(text, {
        problem: `${named.length} ${label} records are named "${text}": give its external ID`
      })
    else resolved.set(text, { problem: `no ${label} has the external ID or name "${text}"` })
  }
  return resolved
}
