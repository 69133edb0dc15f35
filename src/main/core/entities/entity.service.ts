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
import { CoreError, notFound } from '../support/core-error'
import { externalId as newExternalId } from '../support/ids'
import { inTransaction, type UnitOfWork } from '../support/transaction'
import { parseOrThrow } from '../support/validation'
import { serializeEntity, type RelatedRef } from './entity-serializer'
import { EntityRepository } from './entity.repository'
import { checkOrder, EntityChecks } from './entity-checks'
import { diffFields } from './field-changes'
import { RevisionRepository } from './revision.repository'

type Fields = Record<string, FieldValue>

/** One item of `saveMany`: what happened to it. */
export type SaveManyResult =
  | { action: 'created' | 'updated' | 'unchanged'; record: EntityDto }
  | { action: 'refused'; error: CoreError }

/** A record's own problem (its data, a clash, a reference): refused, the others go on. */
function isRefusal(error: unknown): error is CoreError {
  return (
    error instanceof CoreError &&
    (error.code === 'invalid_argument' || error.code === 'conflict' || error.code === 'not_found')
  )
}

/** Thrown to roll a dry run's transaction back; never leaves `saveMany`. */
class RolledBack extends Error {}

export interface SaveOptions {
  /** Name a product revision records instead of the account's operator name. */
  operatorName?: string
}

export interface SaveManyOptions extends SaveOptions {
  /** Run everything, answer, then roll back (a dry run). */
  rollback?: boolean
  /** Written in the same transaction after the items, when it commits (an import's progress). */
  alsoWrite?: (db: Knex.Transaction, results: SaveManyResult[]) => Promise<void>
}

/**
 * CRUD for every record type. Each write runs in one transaction that also records the product
 * revision and emits the entity event, so webhook outbox rows commit with the data or not at all.
 */
export class EntityService {
  private readonly repositories = new Map<EntityType, EntityRepository>()
  private readonly revisions = new RevisionRepository()
  private readonly account = new AccountRepository()
  private readonly checks = new EntityChecks((type) => this.repository(type))

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
    const parsed = parseOrThrow(entityDataSchema(type, 'create'), data, 'data')
    return inTransaction(this.db, (unit) => this.createIn(unit, type, parsed, save))
  }

  async update(
    type: EntityType,
    id: number,
    data: unknown,
    save: SaveOptions = {}
  ): Promise<EntityDto> {
    const parsed = parseOrThrow(entityDataSchema(type, 'update'), data, 'data')
    return inTransaction(
      this.db,
      async (unit) => (await this.updateIn(unit, type, id, parsed, save)).record
    )
  }

  /**
   * Saves many records of one type in ONE transaction (imports): each item is a create (no `id`)
   * or an update, with its own checks, revision and event exactly as `create`/`update`. An item
   * refused by its checks (invalid data, a taken unique value, a missing reference) is answered
   * as refused and the others go on: every check runs before that item writes anything, so a
   * refusal never leaves a half-written record nor an aborted transaction. `rollback` runs it
   * all and then rolls back (a dry run: answers as a save would, writes nothing, emits no
   * after-commit signal).
   */
  async saveMany(
    type: EntityType,
    items: ReadonlyArray<{ id?: number; data: unknown }>,
    save: SaveManyOptions = {}
  ): Promise<SaveManyResult[]> {
    const results: SaveManyResult[] = []
    const work = async (unit: UnitOfWork): Promise<SaveManyResult[]> => {
      for (const item of items) {
        try {
          if (item.id === undefined) {
            const parsed = parseOrThrow(entityDataSchema(type, 'create'), item.data, 'data')
            results.push({
              action: 'created',
              record: await this.createIn(unit, type, parsed, save)
            })
          } else {
            const parsed = parseOrThrow(entityDataSchema(type, 'update'), item.data, 'data')
            const { record, changed } = await this.updateIn(unit, type, item.id, parsed, save)
            results.push({ action: changed ? 'updated' : 'unchanged', record })
          }
        } catch (error) {
          if (!isRefusal(error)) throw error
          results.push({ action: 'refused', error })
        }
      }
      if (save.rollback) throw new RolledBack()
      await save.alsoWrite?.(unit.db, results)
      return results
    }
    try {
      return await inTransaction(this.db, work)
    } catch (error) {
      if (error instanceof RolledBack) return results
      throw error
    }
  }

  private async createIn(
    unit: UnitOfWork,
    type: EntityType,
    parsed: Record<string, unknown>,
    save: SaveOptions
  ): Promise<EntityDto> {
    const spec = entitySpecs[type]
    const { externalId, ...fields } = parsed
    checkOrder(spec, fields as Fields)
    await this.checks.references(unit.db, spec, fields as Fields)
    await this.checks.unique(unit.db, spec, fields as Fields, externalId as string | undefined)
    const record = await this.repository(type).insert(
      unit.db,
      (externalId as string | undefined) ?? newExternalId(spec.externalIdPrefix),
      fields as Fields,
      isoFromMs(this.clock.now())
    )
    const changes = diffFields(spec, null, record.fields)
    await this.publish(unit, spec, 'created', record, changes, save)
    return record
  }

  private async updateIn(
    unit: UnitOfWork,
    type: EntityType,
    id: number,
    parsed: Record<string, unknown>,
    save: SaveOptions
  ): Promise<{ record: EntityDto; changed: boolean }> {
    const spec = entitySpecs[type]
    const { externalId, ...fields } = parsed
    const before = await this.get(type, id, unit.db)
    const merged = { ...before.fields, ...(fields as Fields) }
    const changes = diffFields(spec, before.fields, merged)
    const newExternal =
      externalId !== before.externalId ? (externalId as string | undefined) : undefined
    // Saving an unchanged record is not an event: receivers would get noise.
    if (changes.length === 0 && !newExternal) return { record: before, changed: false }
    checkOrder(spec, merged)
    await this.checks.references(unit.db, spec, fields as Fields)
    await this.checks.unique(unit.db, spec, fields as Fields, newExternal, id)
    const record = await this.repository(type).update(
      unit.db,
      id,
      fields as Fields,
      newExternal,
      isoFromMs(this.clock.now())
    )
    await this.publish(unit, spec, 'updated', record, changes, save)
    return { record, changed: true }
  }

  async delete(type: EntityType, id: number, save: SaveOptions = {}): Promise<EntityDto> {
    const spec = entitySpecs[type]
    return inTransaction(this.db, async (unit) => {
      const record = await this.get(type, id, unit.db)
      await this.checks.notReferenced(unit.db, type, id)
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
}
