import type { Knex } from 'knex'
import type { ImportJobState, ImportProgressDto, ImportRowErrorDto } from '@shared/imports'
import type { EntityService } from '../entities/entity.service'
import type { Clock } from '../support/clock'
import { CoreError } from '../support/core-error'
import { fileRows } from './file-rows'
import type { StagedFile } from './import-files'
import { importBatch, type RowOutcome } from './import-batch'
import type { BatchCounts, ImportJobsRepository } from './import-jobs.repository'
import { planRow, type ImportPlan } from './row-plan'
import type { ReadProgress, SourceRow } from './source-row'

/** At most one progress push per job in this many milliseconds (and one when it ends). */
const PUSH_EVERY_MS = 250

export interface RunnerDeps {
  db: Knex
  entities: EntityService
  jobs: ImportJobsRepository
  clock: Clock
  push: (progress: ImportProgressDto) => void
  logError: (message: string, error: unknown) => void
  batchSize: number
}

export interface JobInput {
  file: StagedFile
  plan: ImportPlan
  dryRun: boolean
}

interface Running {
  stop: 'cancelled' | 'interrupted' | null
  done: Promise<void>
  progress: ImportProgressDto
  startedAt: number
  lastPush: number
}

function countsOf(
  outcomes: RowOutcome[],
  throughRow: number | null
): Omit<BatchCounts, 'errorsStored' | 'at'> {
  const errors: ImportRowErrorDto[] = []
  const counts = { rowsDone: outcomes.length, created: 0, updated: 0, unchanged: 0, refused: 0 }
  for (const outcome of outcomes) {
    if (outcome.action === 'create') counts.created++
    else if (outcome.action === 'update') counts.updated++
    else if (outcome.action === 'unchanged') counts.unchanged++
    else {
      counts.refused++
      for (const message of outcome.messages) errors.push({ row: outcome.row, ...message })
    }
  }
  return { ...counts, throughRow, errors }
}

/**
 * Runs import jobs in this process: reads the file streaming, saves batch after batch (each in
 * one transaction with the job's progress and its refused rows), pushes progress at most four
 * times a second, and stops after the current batch when cancelled or when the core closes.
 * Memory holds one batch, plus the keys met so far (duplicates are refused).
 */
export class ImportRunner {
  private readonly running = new Map<number, Running>()

  constructor(private readonly deps: RunnerDeps) {}

  run(jobId: number, input: JobInput): void {
    const startedAt = this.deps.clock.now()
    const run: Running = {
      stop: null,
      startedAt,
      lastPush: 0,
      progress: {
        jobId,
        state: 'running',
        rowsDone: 0,
        committedThroughRow: null,
        rowsPerSecond: 0,
        secondsLeft: null
      },
      done: Promise.resolve()
    }
    this.running.set(jobId, run)
    run.done = this.execute(jobId, run, input).finally(() => this.running.delete(jobId))
  }

  progress(jobId: number): ImportProgressDto | undefined {
    return this.running.get(jobId)?.progress
  }

  /** Stops the job after its current batch; false when it is not running here. */
  cancel(jobId: number): boolean {
    const run = this.running.get(jobId)
    if (!run) return false
    run.stop ??= 'cancelled'
    return true
  }

  /** The core is closing: every job stops after its batch and says it was interrupted. */
  async stopAll(): Promise<void> {
    const runs = [...this.running.values()]
    for (const run of runs) run.stop ??= 'interrupted'
    await Promise.all(runs.map((run) => run.done))
  }

  private async execute(jobId: number, run: Running, input: JobInput): Promise<void> {
    const { db, jobs, clock } = this.deps
    const read: ReadProgress = { bytesRead: 0, totalBytes: input.file.bytes }
    const seenKeys = new Map<string, number>()
    let errorsStored = 0
    let batch: SourceRow[] = []
    const flush = async (): Promise<void> => {
      const planned = batch.map((source) => planRow(input.plan, source))
      const throughRow = input.dryRun ? null : batch[batch.length - 1].row
      batch = []
      const record = async (trx: Knex, outcomes: RowOutcome[]): Promise<void> => {
        const counts = { ...countsOf(outcomes, throughRow), errorsStored, at: clock.now() }
        await jobs.recordBatch(trx, jobId, counts)
        errorsStored += counts.errors.length
        run.progress.rowsDone += counts.rowsDone
        if (throughRow !== null) run.progress.committedThroughRow = throughRow
      }
      const outcomes = await importBatch(db, this.deps.entities, input.plan, planned, {
        dryRun: input.dryRun,
        seenKeys,
        record: input.dryRun ? undefined : record
      })
      if (input.dryRun) await db.transaction((trx) => record(trx, outcomes))
      this.report(run, read, false)
    }
    let state: Exclude<ImportJobState, 'running'> = 'finished'
    let error: string | undefined
    try {
      let header = true
      for await (const source of fileRows(input.file, read)) {
        if (header) {
          header = false
          continue
        }
        batch.push(source)
        if (batch.length < this.deps.batchSize) continue
        await flush()
        if (run.stop) break
      }
      if (!run.stop && batch.length > 0) await flush()
      state = run.stop ?? 'finished'
    } catch (failure) {
      state = 'failed'
      error =
        failure instanceof CoreError ? failure.message : 'the import stopped on an unexpected error'
      if (!(failure instanceof CoreError)) this.deps.logError('import failed:', failure)
    }
    try {
      const rowsTotal = state === 'finished' ? run.progress.rowsDone : undefined
      await jobs.finish(db, jobId, state, clock.now(), { rowsTotal, error })
    } catch (failure) {
      this.deps.logError('import: the job could not be finished:', failure)
    }
    run.progress.state = state
    this.report(run, read, true)
  }

  private report(run: Running, read: ReadProgress, final: boolean): void {
    const now = this.deps.clock.now()
    const elapsed = Math.max(now - run.startedAt, 1) / 1000
    const fraction = read.totalBytes > 0 ? Math.min(read.bytesRead / read.totalBytes, 1) : 0
    run.progress.rowsPerSecond = Math.round((run.progress.rowsDone / elapsed) * 10) / 10
    run.progress.secondsLeft =
      final || fraction === 0 ? null : Math.round((elapsed * (1 - fraction)) / fraction)
    if (!final && now - run.lastPush < PUSH_EVERY_MS) return
    run.lastPush = now
    this.deps.push({ ...run.progress })
  }
}
