import type { Knex } from 'knex'
import type { EntityDto } from '@shared/dto'
import { eventName, type EntityType, type RecordType } from '@shared/entity-catalog'
import { entitySpecs } from '@shared/entity-fields'
import { matchFilter, type EventFilter } from '@shared/webhook-filters'
import type { Db } from '../db/knex-factory'
import { EntityRepository } from '../entities/entity.repository'
import type { BackfillMatch } from '@shared/backfill'
import type { BackfillWebhook } from './backfill-webhook'
import {
  serializeEntity,
  type RelatedRef,
  type SerializedEntity
} from '../entities/entity-serializer'

/**
 * Which records of one type a backfill sends: every one, those the entity list's search finds
 * (`EntityRepository.whereSearch`, the list's own), or those the webhook's conditions on
 * `<type>.updated` hold for (`matchFilter`, the subscriber's own evaluation, with no changes: a
 * backfill sends state, so a filter's watched `fields` do not apply, only its conditions).
 */
export interface Selection {
  search: string | null
  /** The conditions to hold; null or empty: every record (of the search, if any). */
  conditions: EventFilter['conditions'] | null
}

/** Rows read per statement while walking a type (conditions are checked on each). */
const SCAN_ROWS = 500

type Row = Record<string, unknown>

export class BackfillRecords {
  private readonly repositories = new Map<EntityType, EntityRepository>()

  repository(type: EntityType): EntityRepository {
    let repository = this.repositories.get(type)
    if (!repository) {
      repository = new EntityRepository(entitySpecs[type])
      this.repositories.set(type, repository)
    }
    return repository
  }

  private candidates(db: Db, type: RecordType, selection: Selection): Knex.QueryBuilder {
    const repository = this.repository(type)
    const query = db(repository.spec.table)
    if (selection.search) repository.whereSearch(query, selection.search)
    return query
  }

  private matches(selection: Selection, record: EntityDto): boolean {
    if (!selection.conditions?.length) return true
    return matchFilter({ conditions: selection.conditions }, [], record.fields).matched
  }

  /**
   * Where a type's walk ends (its largest id now: records created later reach the webhook as live
   * changes) and how many records it selects up to there.
   */
  async boundary(
    db: Db,
    type: RecordType,
    selection: Selection
  ): Promise<{ until: number; total: number }> {
    const [{ top }] = await db(this.repository(type).spec.table).max({ top: 'id' })
    const until = top == null ? 0 : Number(top)
    if (!selection.conditions?.length) {
      const [{ n }] = await this.candidates(db, type, selection)
        .where('id', '<=', until)
        .count({ n: '*' })
      return { until, total: Number(n) }
    }
    let total = 0
    for (let after = 0; ;) {
      const { records, last, done } = await this.next(db, type, selection, after, until, Infinity)
      total += records.length
      if (done) return { until, total }
      after = last
    }
  }

  /**
   * The next selected records after `after` (ids ascending, at most `limit`, reading at most
   * `SCAN_ROWS` rows), and the id the walk got to: the cursor to commit with what was fed.
   */
  async next(
    db: Db,
    type: RecordType,
    selection: Selection,
    after: number,
    until: number,
    limit: number
  ): Promise<{ records: EntityDto[]; last: number; done: boolean }> {
    const repository = this.repository(type)
    // Without conditions every row read is sent: read no more than wanted.
    const read = selection.conditions?.length ? SCAN_ROWS : Math.min(SCAN_ROWS, limit)
    const rows: Row[] = await this.candidates(db, type, selection)
      .where('id', '>', after)
      .andWhere('id', '<=', until)
      .orderBy('id')
      .limit(read)
    const records: EntityDto[] = []
    let last = after
    for (const row of rows) {
      if (records.length >= limit) return { records, last, done: false }
      const record = repository.toDto(row)
      last = record.id
      if (this.matches(selection, record)) records.push(record)
    }
    return { records, last, done: rows.length < read || last >= until }
  }

  /** Records as bodies carry them, with each relation's references read once per chunk. */
  async serialize(db: Db, type: RecordType, records: EntityDto[]): Promise<SerializedEntity[]> {
    const spec = entitySpecs[type]
    const references = new Map<string, Map<number, string>>()
    for (const field of spec.fields) {
      if (field.kind !== 'relation' || !field.relation) continue
      const ids = [
        ...new Set(
          records.map((record) => record.fields[field.name]).filter((id) => typeof id === 'number')
        )
      ] as number[]
      references.set(
        field.name,
        ids.length ? await this.repository(field.relation).findIds(db, ids) : new Map()
      )
    }
    return records.map((record) => {
      const related: Record<string, RelatedRef | null> = {}
      for (const [name, found] of references) {
        const id = record.fields[name]
        related[name] =
          typeof id === 'number' && found.has(id) ? { id, externalId: found.get(id)! } : null
      }
      return serializeEntity(spec, record, related)
    })
  }
}

/** What the backfill sends of `type`; null when the webhook no longer hears `<type>.updated`. */
export function selectionOf(
  backfill: { match: BackfillMatch; search: string | null },
  webhook: BackfillWebhook,
  type: RecordType
): Selection | null {
  const name = eventName(type, 'updated')
  if (!webhook.filters.has(name)) return null
  return {
    search: backfill.match === 'search' ? backfill.search : null,
    conditions:
      backfill.match === 'conditions' ? (webhook.filters.get(name)?.conditions ?? null) : null
  }
}
