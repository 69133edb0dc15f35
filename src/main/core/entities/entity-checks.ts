import type { FieldValue } from '@shared/dto'
import { type EntityType, entityLabel } from '@shared/entity-catalog'
import { entitySpecs, type EntitySpec } from '@shared/entity-fields'
import type { Db } from '../db/knex-factory'
import { conflict, invalidArgument } from '../support/core-error'
import type { EntityRepository } from './entity.repository'

type Fields = Record<string, FieldValue>

/** Date ranges stay ranges: a `notBefore` field may not precede its partner. */
export function checkOrder(spec: EntitySpec, fields: Fields): void {
  for (const field of spec.fields) {
    if (!field.notBefore) continue
    const value = fields[field.name]
    const earliest = fields[field.notBefore]
    if (
      typeof value === 'string' &&
      typeof earliest === 'string' &&
      Date.parse(value) < Date.parse(earliest)
    )
      throw invalidArgument(`data.${field.name}`, `must not be before ${field.notBefore}`)
  }
}

/**
 * What a save checks before it writes (EntityService): references exist, unique values and
 * external ids are free, and a record to delete is referenced by nothing. Each throws the
 * operator's error (invalid_argument or conflict) naming the field; none writes anything.
 */
export class EntityChecks {
  constructor(private readonly repositoryOf: (type: EntityType) => EntityRepository) {}

  async references(db: Db, spec: EntitySpec, fields: Fields): Promise<void> {
    for (const field of spec.fields) {
      const id = fields[field.name]
      if (field.kind !== 'relation' || !field.relation || typeof id !== 'number') continue
      const found = await this.repositoryOf(field.relation).findIds(db, [id])
      if (!found.has(id))
        throw invalidArgument(
          `data.${field.name}`,
          `${entityLabel(field.relation)} ${id} does not exist`
        )
    }
  }

  async unique(
    db: Db,
    spec: EntitySpec,
    fields: Fields,
    externalId: string | undefined,
    exceptId?: number
  ): Promise<void> {
    const repository = this.repositoryOf(spec.type)
    for (const field of spec.fields) {
      const value = fields[field.name]
      if (!field.unique || value === undefined || value === null) continue
      if (await repository.existsWith(db, field.column, value, exceptId))
        throw conflict(
          `a ${entityLabel(spec.type).toLowerCase()} with ${field.label} "${value}" already exists`,
          `data.${field.name}`
        )
    }
    if (externalId && (await repository.existsWith(db, 'external_id', externalId, exceptId)))
      throw conflict(
        `a ${entityLabel(spec.type).toLowerCase()} with external ID "${externalId}" already exists`,
        'data.externalId'
      )
  }

  /** Foreign keys refuse the delete anyway; this says which records stand in the way. */
  async notReferenced(db: Db, type: EntityType, id: number): Promise<void> {
    const blockers: string[] = []
    for (const spec of Object.values(entitySpecs)) {
      for (const field of spec.fields) {
        if (field.relation !== type) continue
        const count = await this.repositoryOf(spec.type).countWhere(db, field.column, id)
        if (count > 0)
          blockers.push(
            `${count} ${entityLabel(spec.type).toLowerCase()} record${count > 1 ? 's' : ''} (${field.label.toLowerCase()})`
          )
      }
    }
    if (type === 'app') {
      const [{ count }] = await db('webhooks').where({ app_id: id }).count({ count: '*' })
      if (Number(count) > 0) blockers.push(`${count} webhook${Number(count) > 1 ? 's' : ''}`)
    }
    if (blockers.length > 0)
      throw conflict(
        `${entityLabel(type)} ${id} is still referenced by ${blockers.join(', ')}; delete those or point them elsewhere first`
      )
  }
}
