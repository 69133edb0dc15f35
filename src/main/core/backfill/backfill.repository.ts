import type { BackfillDto, BackfillMatch, BackfillState } from '@shared/backfill'
import type { RecordType } from '@shared/entity-catalog'
import { dialectOf, type Db } from '../db/knex-factory'
import { insertReturningId } from '../db/insert-returning-id'
import { isoFromMs } from '../support/clock'

type Row = Record<string, unknown>

/** Per record type: a record id (the last fed, or the largest when the backfill started). */
export type IdsByType = Partial<Record<RecordType, number>>

/** A backfill as the feeder needs it: the DTO plus where it stands. */
export interface BackfillRecord extends BackfillDto {
  cursors: IdsByType
  until: IdsByType
  startedAtMs: number
}

export interface NewBackfill {
  externalId: string
  webhookId: number
  types: RecordType[]
  match: BackfillMatch
  search: string | null
  until: IdsByType
  total: number
}

/** A backfill's finished outbox rows by outcome, counted on the partial `(backfill_id, status)` index. */
export interface RowCounts {
  succeeded: number
  failed: number
}

const parseIds = (value: unknown): IdsByType => JSON.parse(String(value)) as IdsByType

function toRecord(row: Row): BackfillRecord {
  return {
    id: Number(row.id),
    externalId: String(row.external_id),
    webhookId: Number(row.webhook_id),
    types: JSON.parse(String(row.types)) as RecordType[],
    match: row.match as BackfillMatch,
    search: row.search == null ? null : String(row.search),
    state: row.state as BackfillState,
    total: Number(row.total),
    fed: Number(row.fed),
    delivered: Number(row.delivered),
    failed: Number(row.failed),
    reason: row.reason == null ? null : String(row.reason),
    createdAt: isoFromMs(Number(row.created_at)),
    updatedAt: isoFromMs(Number(row.updated_at)),
    finishedAt: row.finished_at == null ? null : isoFromMs(Number(row.finished_at)),
    cursors: parseIds(row.cursors),
    until: parseIds(row.until),
    startedAtMs: Number(row.created_at)
  }
}

/** Only what crosses the API. */
export function backfillDto(record: BackfillRecord): BackfillDto {
  const dto: BackfillDto & Partial<Pick<BackfillRecord, 'cursors' | 'until' | 'startedAtMs'>> = {
    ...record
  }
  delete dto.cursors
  delete dto.until
  delete dto.startedAtMs
  return dto
}

export class BackfillRepository {
  async insert(db: Db, backfill: NewBackfill, now: number): Promise<number> {
    return insertReturningId(db('backfills'), {
      external_id: backfill.externalId,
      webhook_id: backfill.webhookId,
      types: JSON.stringify(backfill.types),
      match: backfill.match,
      search: backfill.search,
      state: 'running',
      cursors: '{}',
      until: JSON.stringify(backfill.until),
      total: backfill.total,
      created_at: now,
      updated_at: now
    })
  }

  async find(db: Db, id: number): Promise<BackfillRecord | null> {
    const row = await db('backfills').where({ id }).first()
    return row ? toRecord(row) : null
  }

  /**
   * The row, locked for this transaction on PostgreSQL (two processes never feed one backfill at
   * once, and a pause or cancel never crosses a feeding pass; SQLite has one writer). With
   * `skipLocked` (the feeder): null when another process holds it, as it is feeding it now.
   * Its webhook is locked first (`FOR KEY SHARE`), in the order a webhook's deletion takes them
   * (webhook, then its backfills and rows by cascade), so the two never deadlock.
   */
  async lock(db: Db, id: number, skipLocked = false): Promise<BackfillRecord | null> {
    const query = db('backfills').where({ id })
    if (dialectOf(db) === 'postgres') {
      const owner = await db('backfills').where({ id }).first('webhook_id')
      if (!owner) return null
      const webhook = await db('webhooks').where({ id: owner.webhook_id }).forKeyShare().first('id')
      if (!webhook) return null
      void (skipLocked ? query.forUpdate().skipLocked() : query.forUpdate())
    }
    const row = await query.first()
    return row ? toRecord(row) : null
  }

  async list(db: Db, webhookId?: number): Promise<BackfillRecord[]> {
    const query = db('backfills').orderBy('id', 'desc').limit(200)
    if (webhookId !== undefined) void query.where({ webhook_id: webhookId })
    return ((await query) as Row[]).map(toRecord)
  }

  async openFor(db: Db, webhookId: number): Promise<BackfillRecord | null> {
    const row = await db('backfills')
      .where({ webhook_id: webhookId })
      .whereIn('state', ['running', 'paused'])
      .first()
    return row ? toRecord(row) : null
  }

  /** Running (fed) and paused (counted while their queued rows finish) backfills. */
  async openIds(db: Db): Promise<number[]> {
    const rows: Row[] = await db('backfills')
      .whereIn('state', ['running', 'paused'])
      .orderBy('id')
      .select('id')
    return rows.map((row) => Number(row.id))
  }

  async setState(
    db: Db,
    id: number,
    from: readonly BackfillState[],
    state: BackfillState,
    now: number,
    reason: string | null = null
  ): Promise<boolean> {
    const final = state !== 'running' && state !== 'paused'
    const changed = await db('backfills')
      .where({ id })
      .whereIn('state', from)
      .update({ state, reason, updated_at: now, ...(final ? { finished_at: now } : {}) })
    return changed > 0
  }

  /**
   * What one feeding pass moved: the cursors with the rows it queued, in their transaction (a
   * crash loses both or neither), and the finished counts when it read them.
   */
  async recordFeed(
    db: Db,
    id: number,
    feed: { cursors: IdsByType; fed: number; finished: RowCounts | null },
    now: number
  ): Promise<void> {
    await db('backfills')
      .where({ id })
      .update({
        cursors: JSON.stringify(feed.cursors),
        fed: feed.fed,
        ...(feed.finished
          ? { delivered: feed.finished.succeeded, failed: feed.finished.failed }
          : {}),
        updated_at: now
      })
  }

  /** Rows still in the outbox's hands: at most the feeder's window, read on every pass. */
  async unfinished(db: Db, id: number): Promise<number> {
    const [{ n }] = await db('deliveries')
      .where('backfill_id', id)
      .whereIn('status', ['pending', 'claimed', 'delivering'])
      .count({ n: '*' })
    return Number(n)
  }

  /** Finished rows by outcome (the whole backfill's: read only when progress is reported). */
  async finished(db: Db, id: number): Promise<RowCounts> {
    const rows: Row[] = await db('deliveries')
      .where('backfill_id', id)
      .whereIn('status', ['succeeded', 'failed'])
      .groupBy('status')
      .select('status', db.raw('count(*) as n'))
    const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0)
    return { succeeded: count('succeeded'), failed: count('failed') }
  }

  /** Cancelling: the backfill's rows not yet leased leave the outbox (leased ones finish). */
  async dropPending(db: Db, id: number): Promise<number> {
    return db('deliveries').where('backfill_id', id).andWhere('status', 'pending').delete()
  }
}
