import type { Knex } from 'knex'
import type { EntityType } from '@shared/entity-catalog'
import {
  MAX_IMPORT_ROW_ERRORS,
  type ImportErrorPage,
  type ImportJobDto,
  type ImportJobState,
  type ImportMapping,
  type ImportRowErrorDto
} from '@shared/imports'
import { insertReturningId } from '../db/insert-returning-id'
import { isoFromMs } from '../support/clock'
import { notFound } from '../support/core-error'
import { jobSummary } from './job-summary'

type Row = Record<string, unknown>

export interface NewJob {
  type: EntityType
  fileName: string
  mapping: ImportMapping
  matchBy: string
  dryRun: boolean
  startedAt: number
}

/** What one batch adds to its job, written in the batch's own transaction. */
export interface BatchCounts {
  rowsDone: number
  created: number
  updated: number
  unchanged: number
  refused: number
  /** The last file row of the batch: every row up to it is now committed (null: a dry run). */
  throughRow: number | null
  errors: ImportRowErrorDto[]
  /** Row errors the job stored before this batch (the cap counts them). */
  errorsStored: number
  at: number
}

const nullableNumber = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value)

function toDto(row: Row): ImportJobDto {
  const job: Omit<ImportJobDto, 'summary'> = {
    id: Number(row.id),
    type: String(row.type) as EntityType,
    fileName: String(row.file_name),
    mapping: JSON.parse(String(row.mapping)) as ImportMapping,
    matchBy: String(row.match_by),
    dryRun: Boolean(row.dry_run),
    state: String(row.state) as ImportJobState,
    rowsTotal: nullableNumber(row.rows_total),
    rowsDone: Number(row.rows_done),
    created: Number(row.created),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    refused: Number(row.refused),
    committedThroughRow: nullableNumber(row.committed_through_row),
    errorsBeyond: Number(row.errors_beyond),
    startedAt: isoFromMs(Number(row.started_at)),
    finishedAt: row.finished_at === null ? null : isoFromMs(Number(row.finished_at)),
    error: row.error === null ? null : String(row.error)
  }
  return { ...job, summary: jobSummary(job) }
}

/** Import jobs, their refused rows (capped per job) and the mapping remembered per type. */
export class ImportJobsRepository {
  async create(db: Knex, job: NewJob): Promise<number> {
    return insertReturningId(db('import_jobs'), {
      type: job.type,
      file_name: job.fileName,
      mapping: JSON.stringify(job.mapping),
      match_by: job.matchBy,
      dry_run: job.dryRun,
      state: 'running',
      started_at: job.startedAt,
      heartbeat_at: job.startedAt
    })
  }

  async get(db: Knex, id: number): Promise<ImportJobDto> {
    const row = await db('import_jobs').where({ id }).first()
    if (!row) throw notFound('Import', id)
    return toDto(row)
  }

  async list(db: Knex, limit: number): Promise<ImportJobDto[]> {
    const rows: Row[] = await db('import_jobs').orderBy('id', 'desc').limit(limit)
    return rows.map(toDto)
  }

  async recordBatch(db: Knex, jobId: number, counts: BatchCounts): Promise<void> {
    const room = Math.max(0, MAX_IMPORT_ROW_ERRORS - counts.errorsStored)
    const kept = counts.errors.slice(0, room)
    for (let i = 0; i < kept.length; i += 200)
      await db('import_row_errors').insert(
        kept.slice(i, i + 200).map((error) => ({
          job_id: jobId,
          row_number: error.row,
          column_name: error.column,
          message: error.message.slice(0, 2000)
        }))
      )
    await db('import_jobs')
      .where({ id: jobId })
      .update({
        rows_done: db.raw('rows_done + ?', [counts.rowsDone]),
        created: db.raw('created + ?', [counts.created]),
        updated: db.raw('updated + ?', [counts.updated]),
        unchanged: db.raw('unchanged + ?', [counts.unchanged]),
        refused: db.raw('refused + ?', [counts.refused]),
        errors_beyond: db.raw('errors_beyond + ?', [counts.errors.length - kept.length]),
        ...(counts.throughRow !== null ? { committed_through_row: counts.throughRow } : {}),
        heartbeat_at: counts.at
      })
  }

  async finish(
    db: Knex,
    jobId: number,
    state: Exclude<ImportJobState, 'running'>,
    at: number,
    facts: { rowsTotal?: number; error?: string } = {}
  ): Promise<void> {
    await db('import_jobs')
      .where({ id: jobId, state: 'running' })
      .update({
        state,
        finished_at: at,
        heartbeat_at: at,
        ...(facts.rowsTotal !== undefined ? { rows_total: facts.rowsTotal } : {}),
        ...(facts.error !== undefined ? { error: facts.error.slice(0, 2000) } : {})
      })
  }

  /**
   * Jobs a process left `running` when it stopped (a crash, a kill): `interrupted`, keeping how
   * far they got. `heartbeatBefore` spares jobs another live process is running (PostgreSQL).
   */
  async markInterrupted(db: Knex, at: number, heartbeatBefore?: number): Promise<number> {
    const query = db('import_jobs').where({ state: 'running' })
    if (heartbeatBefore !== undefined) query.where('heartbeat_at', '<', heartbeatBefore)
    return query.update({ state: 'interrupted', finished_at: at })
  }

  async errors(db: Knex, jobId: number, after: number, limit: number): Promise<ImportErrorPage> {
    const rows: Row[] = await db('import_row_errors')
      .where({ job_id: jobId })
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    return {
      items: page.map((row) => ({
        row: Number(row.row_number),
        column: row.column_name === null ? null : String(row.column_name),
        message: String(row.message)
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null
    }
  }

  async rememberMapping(
    db: Knex,
    type: EntityType,
    mapping: ImportMapping,
    at: number
  ): Promise<void> {
    await db('import_mappings')
      .insert({ type, mapping: JSON.stringify(mapping), updated_at: at })
      .onConflict('type')
      .merge()
  }

  async rememberedMapping(db: Knex, type: EntityType): Promise<ImportMapping | null> {
    const row = await db('import_mappings').where({ type }).first()
    return row ? (JSON.parse(String(row.mapping)) as ImportMapping) : null
  }
}
