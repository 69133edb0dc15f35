import type { Knex } from 'knex'
import type { EntityDto, EntityPage, FieldValue } from '@shared/dto'
import type { EntitySpec, FieldSpec } from '@shared/entity-fields'
import type { Db } from '../db/knex-factory'

type Row = Record<string, unknown>

function fromColumn(field: FieldSpec, value: unknown): FieldValue {
  if (value === null || value === undefined) return null
  switch (field.kind) {
    case 'boolean':
      return Boolean(value)
    case 'number':
    case 'integer':
    case 'relation':
      return Number(value)
    default:
      return String(value)
  }
}

function toColumn(field: FieldSpec, value: FieldValue): unknown {
  if (value === null) return null
  if (field.kind === 'boolean') return value ? 1 : 0
  // One canonical form for instants, so comparisons and payloads agree.
  if (field.kind === 'datetime') return new Date(String(value)).toISOString()
  return value
}

/** Rows of one record table <-> EntityDto, driven entirely by the type's field spec. */
export class EntityRepository {
  constructor(readonly spec: EntitySpec) {}

  private table(db: Db): Knex.QueryBuilder {
    return db(this.spec.table)
  }

  toDto(row: Row): EntityDto {
    const fields: Record<string, FieldValue> = {}
    for (const field of this.spec.fields) fields[field.name] = fromColumn(field, row[field.column])
    return {
      id: Number(row.id),
      externalId: String(row.external_id),
      createdAt: String(row.created_at),
      updatedAt: String(row.updated_at),
      fields
    }
  }

  toColumns(fields: Record<string, FieldValue>): Row {
    const row: Row = {}
    for (const field of this.spec.fields)
      if (field.name in fields) row[field.column] = toColumn(field, fields[field.name])
    return row
  }

  async find(db: Db, id: number): Promise<EntityDto | null> {
    const row = await this.table(db).where({ id }).first()
    return row ? this.toDto(row) : null
  }

  async findIds(db: Db, ids: number[]): Promise<Map<number, string>> {
    const rows: Row[] = await this.table(db).whereIn('id', ids).select('id', 'external_id')
    return new Map(rows.map((row) => [Number(row.id), String(row.external_id)]))
  }

  async list(
    db: Db,
    options: { offset: number; limit: number; search?: string }
  ): Promise<EntityPage> {
    const query = this.table(db)
    if (options.search) this.whereSearch(query, options.search)
    const [{ total }] = await query.clone().count({ total: '*' })
    const rows: Row[] = await query
      .orderBy('id', 'desc')
      .offset(options.offset)
      .limit(options.limit)
    return { items: rows.map((row) => this.toDto(row)), total: Number(total) }
  }

  /**
   * The list's search: the text in the external id or the title field, `%` and `_` taken
   * literally. Shared with backfills, which send what the list finds.
   */
  whereSearch(query: Knex.QueryBuilder, search: string): Knex.QueryBuilder {
    const title = this.spec.fields.find((field) => field.name === this.spec.titleField)
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return query.where((where) => {
      where.whereRaw("external_id LIKE ? ESCAPE '\\'", [pattern])
      if (title) where.orWhereRaw(`?? LIKE ? ESCAPE '\\'`, [title.column, pattern])
    })
  }

  async existsWith(db: Db, column: string, value: FieldValue, exceptId?: number): Promise<boolean> {
    const query = this.table(db).where(column, value)
    if (exceptId !== undefined) query.whereNot('id', exceptId)
    return (await query.first('id')) !== undefined
  }

  async countWhere(db: Db, column: string, value: FieldValue): Promise<number> {
    const [{ count }] = await this.table(db).where(column, value).count({ count: '*' })
    return Number(count)
  }

  /** Inserts and reads the row back in the same statement (`RETURNING *`, both databases). */
  async insert(
    db: Db,
    externalId: string,
    fields: Record<string, FieldValue>,
    nowIso: string
  ): Promise<EntityDto> {
    const [row] = (await this.table(db)
      .insert({
        external_id: externalId,
        ...this.toColumns(fields),
        created_at: nowIso,
        updated_at: nowIso
      })
      .returning('*')) as Row[]
    return this.toDto(row)
  }

  /** Updates and reads the row back in the same statement: a save is one statement shorter. */
  async update(
    db: Db,
    id: number,
    fields: Record<string, FieldValue>,
    externalId: string | undefined,
    nowIso: string
  ): Promise<EntityDto> {
    const [row] = (await this.table(db)
      .where({ id })
      .update({
        ...this.toColumns(fields),
        ...(externalId ? { external_id: externalId } : {}),
        updated_at: nowIso
      })
      .returning('*')) as Row[]
    if (!row) throw new Error(`updated ${this.spec.type} ${id} cannot be read back`)
    return this.toDto(row)
  }

  async delete(db: Db, id: number): Promise<void> {
    await this.table(db).where({ id }).delete()
  }
}
