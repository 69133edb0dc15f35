import type { Knex } from 'knex'
import type { EntityDto, PushEvent } from '@shared/dto'
import {
  MAX_MASS_EDIT_REFUSALS,
  type MassEditJobDto,
  type MassEditProgressDto,
  type MassEditState
} from '@shared/mass-edit'
import type { EntityService } from '../entities/entity.service'
import type { Clock } from '../support/clock'
import { isoFromMs } from '../support/clock'
import { CoreError, conflict, notFound } from '../support/core-error'
import { editBatch } from './mass-edit-batch'
import type { PreparedChange } from './mass-edit-change'
import type { SelectionWalk } from './mass-edit-selection'
import { massEditSummary } from './job-summary'

/** At most one progress push per job in this many milliseconds (and one when it ends). */
const PUSH_EVERY_MS = 250
/** Ended jobs kept for `massEdit.get`, newest first; older ones are forgotten. */
const KEEP_ENDED = 50

export interface JobsDeps {
  db: Knex
  entities: EntityService
  clock: Clock
  push: (event: PushEvent) => void
  logError: (message: string, error: unknown) => void
  batchSize: number
}

export interface JobStart {
  prepared: PreparedChange
  walk: SelectionWalk
  total: number
  operatorName: string
  titleOf: (record: EntityDto) => string
}

interface Job {
  dto: Omit<MassEditJobDto, 'summary'>
  stop: Extract<MassEditState, 'cancelled' | 'interrupted'> | null
  startedMs: number
  lastPush: number
  done: Promise<void>
}

/**
 * Mass edit jobs of this process, in memory: a job is a loop of batches, each its own
 * transaction, so a crash or quit loses no committed batch and leaves no record half-saved; the
 * job's own record is only its progress, which ends with the process (the saved records and
 * their revisions say what was done). Cancel and closing stop after the current batch.
 */
export class MassEditJobs {
  private readonly jobs = new Map<number, Job>()
  private nextId = 1

  constructor(private readonly deps: JobsDeps) {}

  start(start: JobStart): MassEditJobDto {
    const now = this.deps.clock.now()
    const { prepared } = start
    const job: Job = {
      dto: {
        jobId: this.nextId++,
        state: 'running',
        type: prepared.type,
        change: prepared.change,
        fieldLabel: prepared.field.label,
        operatorName: start.operatorName,
        total: start.total,
        done: 0,
        changed: 0,
        unchanged: 0,
        refused: 0,
        missing: 0,
        refusals: [],
        recordsPerSecond: 0,
        secondsLeft: null,
        startedAt: isoFromMs(now),
        finishedAt: null,
        error: null
      },
      stop: null,
      startedMs: now,
      lastPush: 0,
      done: Promise.resolve()
    }
    this.jobs.set(job.dto.jobId, job)
    this.forgetOld()
    job.done = this.run(job, start)
    return this.view(job)
  }

  get(jobId: number): MassEditJobDto {
    return this.view(this.find(jobId))
  }

  progress(jobId: number): MassEditProgressDto {
    const { dto } = this.find(jobId)
    const { jobId: id, state, total, done, changed, unchanged, refused, missing } = dto
    const { recordsPerSecond, secondsLeft } = dto
    return {
      jobId: id,
      state,
      total,
      done,
      changed,
      unchanged,
      refused,
      missing,
      recordsPerSecond,
      secondsLeft
    }
  }

  /** Stops the job after its current batch: what was committed stays. */
  cancel(jobId: number): MassEditJobDto {
    const job = this.find(jobId)
    if (job.dto.state !== 'running')
      throw conflict(`mass edit ${jobId} is ${job.dto.state}, not running`)
    job.stop ??= 'cancelled'
    return this.view(job)
  }

  /** The core is closing: running jobs stop after their batch and end `interrupted`. */
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.dto.state === 'running')
    for (const job of running) job.stop ??= 'interrupted'
    await Promise.all(running.map((job) => job.done))
  }

  private find(jobId: number): Job {
    const job = this.jobs.get(jobId)
    if (!job) throw notFound('Mass edit', jobId)
    return job
  }

  private view(job: Job): MassEditJobDto {
    const dto = { ...job.dto, change: { ...job.dto.change }, refusals: [...job.dto.refusals] }
    return { ...dto, summary: massEditSummary(dto) }
  }

  private async run(job: Job, start: JobStart): Promise<void> {
    const { db, entities, clock, batchSize } = this.deps
    const { dto } = job
    let state: MassEditState = 'finished'
    try {
      for await (const page of start.walk.pages(db, batchSize)) {
        if (job.stop) break
        const counts = await editBatch(
          entities,
          start.prepared,
          page.records,
          start.operatorName,
          start.titleOf
        )
        dto.changed += counts.changed
        dto.unchanged += counts.unchanged
        dto.refused += counts.refused
        dto.missing += counts.missing + page.missing
        dto.done += page.records.length + page.missing
        const room = MAX_MASS_EDIT_REFUSALS - dto.refusals.length
        if (room > 0) dto.refusals.push(...counts.refusals.slice(0, room))
        this.report(job, false)
      }
      state = job.stop ?? 'finished'
    } catch (failure) {
      state = 'failed'
      dto.error =
        failure instanceof CoreError ? failure.message : 'the edit stopped on an unexpected error'
      if (!(failure instanceof CoreError)) this.deps.logError('mass edit failed:', failure)
    }
    // Records created after the start are not selected; ones deleted meanwhile count as missing.
    if (state === 'finished') dto.total = dto.done
    dto.state = state
    dto.finishedAt = isoFromMs(clock.now())
    this.report(job, true)
  }

  private report(job: Job, final: boolean): void {
    const now = this.deps.clock.now()
    const { dto } = job
    const seconds = Math.max(now - job.startedMs, 1) / 1000
    dto.recordsPerSecond = Math.round((dto.done / seconds) * 10) / 10
    const left = Math.max(dto.total - dto.done, 0)
    dto.secondsLeft =
      final || dto.recordsPerSecond === 0 ? null : Math.round(left / dto.recordsPerSecond)
    if (!final && now - job.lastPush < PUSH_EVERY_MS) return
    job.lastPush = now
    this.deps.push({ type: 'massEdit.progress', job: this.view(job) })
  }

  private forgetOld(): void {
    const ended = [...this.jobs.values()].filter((job) => job.dto.state !== 'running')
    for (const job of ended.slice(0, Math.max(ended.length - KEEP_ENDED, 0)))
      this.jobs.delete(job.dto.jobId)
  }
}
