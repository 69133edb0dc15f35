import type { Knex } from 'knex'
import type {
  AccountDto,
  EntityDto,
  EntityPage,
  FieldValue,
  PayloadRevision,
  RevisionDto
} from '@shared/dto'
import { type EntityAction, type EntityType, entityLabel } from '@shared/entity-catalog'
import { entitySpecs, type EntitySpec } from '@shared/entity-fields'
import { entityDataSchema } from '@shared/entity-schema'
import { AccountRepository } from '../account/account.repository'
import type { Db } from '../db/knex-factory'
import type { EntityEventEmitter } from '../events/entity-event-emitter'
import type { Clock } from '../support/clock'
import { isoFromMs, payloadTimestamp } from '../support/clock'
import { conflict, invalidArgument, notFound } from '../support/core-error'
import { externalId as newExternalId } from '../support/ids'
import { inTransaction, type UnitOfWork } from '../support/transaction'
import { parseOrThrow } from '../support/validation'
import { serializeEntity, type RelatedRef } from './entity-serializer'
import { EntityRepository } from './entity.repository'
import { diffFields } from './field-changes'
import { RevisionRepository } from './revision.repository'

type Fields = Record<string, FieldValue>

export interface SaveOptions {
  /** Name a product revision records instead of the account's operator name. */
  operatorName?: string
}

/** Date ranges stay ranges: a `notBefore` field may not precede its partner. */
function checkOrder(spec: EntitySpec, fields: Fields): void {
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
 * CRUD for every record type. Each write runs in one transaction that also records the product
 * revision and emits the entity event, so webhook outbox rows commit with the data or not at all.
 */
export class EntityService {
  private readonly repositories = new Map<EntityType, EntityRepository>()
  private readonly revisions = new RevisionRepository()
  private readonly account = new AccountRepository()

  constructor(
    private readonly db: Knex,
    private readonly events: EntityEventEmitter,
    private readonly clock: Clock
  ) {}

  repository(type: EntityType): EntityRepository {
    let repository = this.repositories.get(type)
    if (!repository) {
      repository = new EntityRepository(entitySpecs[type])
      this.repositories.set(type, repository)
    }
    return repository
  }

  list(
    type: EntityType,
    options: { offset: number; limit: number; search?: string }
  ): Promise<EntityPage> {
    return this.repository(type).list(this.db, options)
  }

  async get(type: EntityType, id: number, db: Db = this.db): Promise<EntityDto> {
    const record = await this.repository(type).find(db, id)
    if (!record) throw notFound(entityLabel(type), id)
    return record
  }

  revisionsOf(productId: number): Promise<RevisionDto[]> {
    return this.revisions.listForProduct(this.db, productId)
  }

  async create(type: EntityType, data: unknown, save: SaveOptions = {}): Promise<EntityDto> {
    const spec = entitySpecs[type]
    const { externalId, ...fields } = parseOrThrow(entityDataSchema(type, 'create'), data, 'data')
    return inTransaction(this.db, async (unit) => {
      checkOrder(spec, fields as Fields)
      await this.checkReferences(unit.db, spec, fields as Fields)
      await this.checkUnique(unit.db, spec, fields as Fields, externalId as string | undefined)
      const record = await this.repository(type).insert(
        unit.db,
        (externalId as string | undefined) ?? newExternalId(spec.externalIdPrefix),
        fields as Fields,
        isoFromMs(this.clock.now())
      )
      const changes = diffFields(spec, null, record.fields)
      await this.publish(unit, spec, 'created', record, changes, save)
      return record
    })
  }

  async update(
    type: EntityType,
    id: number,
    data: unknown,
    save: SaveOptions = {}
  ): Promise<EntityDto> {
    const spec = entitySpecs[type]
    const { externalId, ...fields } = parseOrThrow(entityDataSchema(type, 'update'), data, 'data')
    return inTransaction(this.db, async (unit) => {
      const before = await this.get(type, id, unit.db)
      const merged = { ...before.fields, ...(fields as Fields) }
      const changes = diffFields(spec, before.fields, merged)
      const newExternal =
        externalId !== before.externalId ? (externalId as string | undefined) : undefined
      // Saving an unchanged record is not an event: receivers would get noise.
      if (changes.length === 0 && !newExternal) return before
      checkOrder(spec, merged)
      await this.checkReferences(unit.db, spec, fields as Fields)
      await this.checkUnique(unit.db, spec, fields as Fields, newExternal, id)
      const record = await this.repository(type).update(
        unit.db,
        id,
        fields as Fields,
        newExternal,
        isoFromMs(this.clock.now())
      )
      await this.publish(unit, spec, 'updated', record, changes, save)
      return record
    })
  }

  async delete(type: EntityType, id: number, save: SaveOptions = {}): Promise<EntityDto> {
    const spec = entitySpecs[type]
    return inTransaction(this.db, async (unit) => {
      const record = await this.get(type, id, unit.db)
      await this.checkNotReferenced(unit.db, type, id)
      // Serialize before deleting: receivers get the record as it was.
      const changes = diffFields(spec, record.fields, null)
      await this.publish(unit, spec, 'deleted', record, changes, save)
      await this.repository(type).delete(unit.db, id)
      return record
    })
  }

  private async publish(
    unit: UnitOfWork,
    spec: EntitySpec,
    action: EntityAction,
    record: EntityDto,
    changes: ReturnType<typeof diffFields>,
    save: SaveOptions
  ): Promise<void> {
    const occurredAt = this.clock.now()
    let accountRead: Promise<AccountDto> | null = null
    const account = (): Promise<AccountDto> => (accountRead ??= this.account.get(unit.db))
    let revision: PayloadRevision | null = null
    if (spec.type === 'product') {
      const userName = save.operatorName ?? (await account()).operatorName
      const saved = await this.revisions.insert(unit.db, {
        productId: record.id,
        productExternalId: record.externalId,
        action,
        userName,
        changes,
        createdAt: isoFromMs(occurredAt)
      })
      revision = {
        action,
        user_name: saved.userName,
        timestamp: payloadTimestamp(occurredAt),
        changes
      }
    }
    const entity = serializeEntity(spec, record, await this.resolveRelations(unit.db, spec, record))
    await this.events.emit({
      type: spec.type,
      action,
      entity,
      fields: record.fields,
      changes,
      revision,
      occurredAt,
      account,
      unit
    })
  }

  private async resolveRelations(
    db: Db,
    spec: EntitySpec,
    record: EntityDto
  ): Promise<Record<string, RelatedRef | null>> {
    const related: Record<string, RelatedRef | null> = {}
    for (const field of spec.fields) {
      if (field.kind !== 'relation' || !field.relation) continue
      const id = record.fields[field.name]
      if (typeof id !== 'number') {
        related[field.name] = null
        continue
      }
      const externalIds = await this.repository(field.relation).findIds(db, [id])
      related[field.name] = externalIds.has(id) ? { id, externalId: externalIds.get(id)! } : null
    }
    return related
  }

  private async checkReferences(db: Db, spec: EntitySpec, fields: Fields): Promise<void> {
    for (const field of spec.fields) {
      const id = fields[field.name]
      if (field.kind !== 'relation' || !field.relation || typeof id !== 'number') continue
      const found = await this.repository(field.relation).findIds(db, [id])
      if (!found.has(id))
        throw invalidArgument(
          `data.${field.name}`,
          `${entityLabel(field.relation)} ${id} does not exist`
        )
    }
  }

  private async checkUnique(
    db: Db,
    spec: EntitySpec,
    fields: Fields,
    externalId: string | undefined,
    exceptId?: number
  ): Promise<void> {
    const repository = this.repository(spec.type)
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
  private async checkNotReferenced(db: Db, type: EntityType, id: number): Promise<void> {
    const blockers: string[] = []
    for (const spec of Object.values(entitySpecs)) {
      for (const field of spec.fields) {
        if (field.relation !== type) continue
        const count = await this.repository(spec.type).countWhere(db, field.column, id)
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
