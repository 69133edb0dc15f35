import type { Knex } from 'knex'
import type { EntityDto } from '@shared/dto'
import type { MassEditSelection } from '@shared/mass-edit'
import type { EntityRepository } from '../entities/entity.repository'

type Row = Record<string, unknown>

/** One page of the selection, and how many of its ids named no record. */
export interface SelectionPage {
  records: EntityDto[]
  missing: number
}

/**
 * The records a mass edit walks, a page at a time in id order (keyset, never offsets: a record
 * the edit moves out of the search cannot shift the pages), so memory holds one page whatever the
 * selection. "All that match" stops at the largest id it found at the start: a record created
 * later was not in the list the operator saw.
 */
export class SelectionWalk {
  private readonly ids: number[] | null
  private readonly search: string | undefined

  private constructor(
    private readonly repository: EntityRepository,
    selection: MassEditSelection,
    private readonly until: number
  ) {
    this.ids = 'ids' in selection ? [...new Set(selection.ids)].sort((a, b) => a - b) : null
    this.search = 'all' in selection ? selection.search || undefined : undefined
  }

  static async open(
    db: Knex,
    repository: EntityRepository,
    selection: MassEditSelection
  ): Promise<SelectionWalk> {
    const [{ until }] = (await db(repository.spec.table).max({ until: 'id' })) as Row[]
    return new SelectionWalk(repository, selection, Number(until ?? 0))
  }

  private matching(db: Knex): Knex.QueryBuilder {
    const query = db(this.repository.spec.table).where('id', '<=', this.until)
    if (this.search) this.repository.whereSearch(query, this.search)
    return query
  }

  /** Records selected now (ids naming no record left out), and the ids that name none. */
  async count(db: Knex): Promise<{ selected: number; missing: number }> {
    if (this.ids) {
      let selected = 0
      for (let at = 0; at < this.ids.length; at += 1000) {
        const chunk = this.ids.slice(at, at + 1000)
        const [{ count }] = (await db(this.repository.spec.table)
          .whereIn('id', chunk)
          .count({ count: '*' })) as Row[]
        selected += Number(count)
      }
      return { selected, missing: this.ids.length - selected }
    }
    const [{ count }] = (await this.matching(db).count({ count: '*' })) as Row[]
    return { selected: Number(count), missing: 0 }
  }

  /** The selection's records in id order, `size` at a time, each page read when asked for. */
  async *pages(db: Knex, size: number): AsyncGenerator<SelectionPage> {
    if (this.ids) {
      for (let at = 0; at < this.ids.length; at += size) {
        const chunk = this.ids.slice(at, at + size)
        const rows = (await db(this.repository.spec.table)
          .whereIn('id', chunk)
          .orderBy('id')) as Row[]
        yield {
          records: rows.map((row) => this.repository.toDto(row)),
          missing: chunk.length - rows.length
        }
      }
      return
    }
    let after = 0
    for (;;) {
      const rows = (await this.matching(db)
        .where('id', '>', after)
        .orderBy('id')
        .limit(size)) as Row[]
      if (rows.length === 0) return
      after = Number(rows[rows.length - 1].id)
      yield { records: rows.map((row) => this.repository.toDto(row)), missing: 0 }
      if (rows.length < size) return
    }
  }
}
