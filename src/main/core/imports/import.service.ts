import type { Knex } from 'knex'
import type { Readable } from 'node:stream'
import type { ApiParsed } from '@shared/api-contract'
import { entitySpecs } from '@shared/entity-fields'
import {
  IMPORT_PREVIEW_ROWS,
  type ImportErrorPage,
  type ImportErrorsCsv,
  type ImportJobDto,
  type ImportPreviewDto,
  type ImportProgressDto,
  type StagedUpload
} from '@shared/imports'
import type { EntityType } from '@shared/entity-catalog'
import type { EntityService } from '../entities/entity.service'
import type { Clock } from '../support/clock'
import { conflict, invalidArgument } from '../support/core-error'
import { checkMapping, proposeMapping, unmappedColumns } from './column-mapping'
import { importErrorsCsv } from './errors-csv'
import { fileRows, headerNames } from './file-rows'
import { fileError, ImportFiles, type StagedFile } from './import-files'
import { importBatch } from './import-batch'
import { ImportJobsRepository } from './import-jobs.repository'
import { ImportRunner } from './import-runner'
import { importPlan, planRow } from './row-plan'
import type { SourceRow } from './source-row'

export const DEFAULT_IMPORT_BATCH = 500
/** PostgreSQL: a running job whose heartbeat is older than this is taken as left by a dead process. */
const STALE_HEARTBEAT_MS = 5 * 60_000

export interface ImportServiceDeps {
  db: Knex
  entities: EntityService
  dataDir: string
  clock: Clock
  push: (progress: ImportProgressDto) => void
  logError: (message: string, error: unknown) => void
  /** Several processes may share the database: only stale jobs are theirs to mark interrupted. */
  shared: boolean
  batchSize?: number
  maxUploadBytes?: number
}

/** The header and the first rows of a staged file. */
async function firstRows(
  file: StagedFile,
  count: number
): Promise<{ headers: string[]; rows: SourceRow[] }> {
  const rows: SourceRow[] = []
  let header: SourceRow | null = null
  for await (const row of fileRows(file, { bytesRead: 0, totalBytes: file.bytes })) {
    if (!header) header = row
    else rows.push(row)
    if (rows.length >= count) break
  }
  if (!header || header.problem) throw fileError(header?.problem ?? 'the file has no header row')
  return { headers: headerNames(header), rows }
}

function checkMatchBy(type: EntityType, matchBy: string, mapping: Record<string, string>): void {
  if (matchBy === 'externalId') return
  const field = entitySpecs[type].fields.find((each) => each.name === matchBy)
  if (!field?.unique)
    throw invalidArgument('matchBy', `must be externalId or a unique field of ${type}`)
  if (!Object.values(mapping).includes(matchBy))
    throw invalidArgument('matchBy', `no column is mapped to ${matchBy}`)
}

/** The import API: staging, preview, jobs (start, progress, cancel, list) and refused rows. */
export class ImportService {
  private readonly jobs = new ImportJobsRepository()
  private readonly files: ImportFiles
  private readonly runner: ImportRunner

  constructor(private readonly deps: ImportServiceDeps) {
    this.files = new ImportFiles(deps.dataDir, deps.maxUploadBytes)
    this.runner = new ImportRunner({
      ...deps,
      jobs: this.jobs,
      batchSize: deps.batchSize ?? DEFAULT_IMPORT_BATCH
    })
  }

  /** At start: jobs a stopped process left running are interrupted, with the row they reached. */
  async recover(): Promise<void> {
    const now = this.deps.clock.now()
    await this.jobs.markInterrupted(
      this.deps.db,
      now,
      this.deps.shared ? now - STALE_HEARTBEAT_MS : undefined
    )
  }

  /** Stops running jobs after their batch (the core is closing): they end `interrupted`. */
  stop(): Promise<void> {
    return this.runner.stopAll()
  }

  stage(input: Readable, fileName: string): Promise<StagedUpload> {
    return this.files.stage(input, fileName)
  }

  async preview(input: ApiParsed<'imports.preview'>): Promise<ImportPreviewDto> {
    const file = await this.files.find(input.uploadId)
    const { headers, rows } = await firstRows(file, IMPORT_PREVIEW_ROWS)
    const remembered = await this.jobs.rememberedMapping(this.deps.db, input.type)
    let mapping = input.mapping
    if (mapping) checkMapping(input.type, headers, mapping)
    else mapping = proposeMapping(input.type, headers, remembered ?? {})
    const fromMemory =
      remembered && Object.entries(mapping).some(([header, field]) => remembered[header] === field)
    const matchBy = input.matchBy
    checkMatchBy(input.type, matchBy, mapping)
    const plan = importPlan(input.type, headers, mapping, matchBy, file.kind === 'csv')
    const outcomes = await importBatch(
      this.deps.db,
      this.deps.entities,
      plan,
      rows.map((row) => planRow(plan, row)),
      {
        dryRun: true,
        seenKeys: new Map()
      }
    )
    return {
      uploadId: input.uploadId,
      type: input.type,
      headers,
      mapping,
      mappingSource: input.mapping ? 'given' : fromMemory ? 'remembered' : 'proposed',
      unmappedColumns: unmappedColumns(headers, mapping),
      rows: outcomes
    }
  }

  async start(input: ApiParsed<'imports.start'>): Promise<ImportJobDto> {
    const file = await this.files.find(input.uploadId)
    const { headers } = await firstRows(file, 0)
    checkMapping(input.type, headers, input.mapping)
    checkMatchBy(input.type, input.matchBy, input.mapping)
    const now = this.deps.clock.now()
    const jobId = await this.jobs.create(this.deps.db, {
      type: input.type,
      fileName: file.fileName,
      mapping: input.mapping,
      matchBy: input.matchBy,
      dryRun: input.dryRun,
      startedAt: now
    })
    await this.jobs.rememberMapping(this.deps.db, input.type, input.mapping, now)
    const plan = importPlan(input.type, headers, input.mapping, input.matchBy, file.kind === 'csv')
    const job = await this.jobs.get(this.deps.db, jobId)
    this.runner.run(jobId, { file, plan, dryRun: input.dryRun })
    return job
  }

  async progress(jobId: number): Promise<ImportProgressDto> {
    const running = this.runner.progress(jobId)
    if (running) return { ...running }
    const job = await this.jobs.get(this.deps.db, jobId)
    const end = job.finishedAt ? Date.parse(job.finishedAt) : this.deps.clock.now()
    const seconds = Math.max(end - Date.parse(job.startedAt), 1) / 1000
    return {
      jobId,
      state: job.state,
      rowsDone: job.rowsDone,
      committedThroughRow: job.committedThroughRow,
      rowsPerSecond: Math.round((job.rowsDone / seconds) * 10) / 10,
      secondsLeft: null
    }
  }

  async cancel(jobId: number): Promise<ImportJobDto> {
    const job = await this.jobs.get(this.deps.db, jobId)
    if (job.state !== 'running') throw conflict(`import ${jobId} is ${job.state}, not running`)
    if (!this.runner.cancel(jobId)) throw conflict(`import ${jobId} is running in another process`)
    return job
  }

  get(jobId: number): Promise<ImportJobDto> {
    return this.jobs.get(this.deps.db, jobId)
  }

  list(limit: number): Promise<ImportJobDto[]> {
    return this.jobs.list(this.deps.db, limit)
  }

  async errors(input: ApiParsed<'imports.errors'>): Promise<ImportErrorPage> {
    await this.jobs.get(this.deps.db, input.jobId)
    return this.jobs.errors(this.deps.db, input.jobId, Number(input.cursor ?? 0), input.limit)
  }

  async errorsCsv(jobId: number): Promise<ImportErrorsCsv> {
    const job = await this.jobs.get(this.deps.db, jobId)
    return importErrorsCsv(job, (after, limit) =>
      this.jobs.errors(this.deps.db, jobId, after, limit)
    )
  }
}
