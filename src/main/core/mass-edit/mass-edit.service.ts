import type { Knex } from 'knex'
import type { ApiParsed } from '@shared/api-contract'
import type { EntityDto } from '@shared/dto'
import { entityLabel } from '@shared/entity-catalog'
import { entitySpecs } from '@shared/entity-fields'
import {
  MASS_EDIT_SAMPLE,
  type MassEditJobDto,
  type MassEditPreviewDto,
  type MassEditProgressDto,
  type MassEditSample
} from '@shared/mass-edit'
import { AccountRepository } from '../account/account.repository'
import type { EntityService } from '../entities/entity.service'
import { prepareChange, wouldChange, type PreparedChange } from './mass-edit-change'
import type { MassEditJobs } from './mass-edit-jobs'
import { SelectionWalk } from './mass-edit-selection'

/** A preview reads the selection in pages this large (the records only, nothing is written). */
const PREVIEW_PAGE = 1000

type EditInput = ApiParsed<'massEdit.preview'>

/** The mass edit API: preview a change's count, start it as a job, follow and cancel it. */
export class MassEditService {
  private readonly account = new AccountRepository()

  constructor(
    private readonly db: Knex,
    private readonly entities: EntityService,
    private readonly jobs: MassEditJobs
  ) {}

  private titleOf(input: EditInput): (record: EntityDto) => string {
    const titleField = entitySpecs[input.type].titleField
    return (record) => {
      const title = record.fields[titleField]
      return title === null || title === undefined || title === ''
        ? record.externalId
        : String(title)
    }
  }

  private async prepare(
    input: EditInput
  ): Promise<{ prepared: PreparedChange; walk: SelectionWalk }> {
    const prepared = await prepareChange(this.db, input.type, input.change, (type) =>
      this.entities.repository(type)
    )
    const walk = await SelectionWalk.open(
      this.db,
      this.entities.repository(input.type),
      input.selection
    )
    return { prepared, walk }
  }

  /**
   * How many records are selected and how many the change would change (the rest already hold
   * the value), with a few of them as they are and as they would be. Reads the selection page by
   * page; writes nothing.
   */
  async preview(input: EditInput): Promise<MassEditPreviewDto> {
    const { prepared, walk } = await this.prepare(input)
    const titleOf = this.titleOf(input)
    let selected = 0
    let missing = 0
    let willChange = 0
    const sample: MassEditSample[] = []
    for await (const page of walk.pages(this.db, PREVIEW_PAGE)) {
      selected += page.records.length
      missing += page.missing
      for (const record of page.records) {
        if (!wouldChange(prepared, record)) continue
        willChange++
        if (sample.length < MASS_EDIT_SAMPLE)
          sample.push({
            id: record.id,
            externalId: record.externalId,
            title: titleOf(record),
            before: record.fields[prepared.field.name] ?? null,
            after: prepared.value
          })
      }
    }
    const { field } = prepared
    const warning =
      field.unique && prepared.value !== null && willChange > 1
        ? `${field.label} is unique: at most one ${entityLabel(input.type).toLowerCase()} can hold "${prepared.value}", the others will be refused`
        : null
    return { type: input.type, selected, willChange, missing, sample, warning }
  }

  /**
   * Checks the change (a bad value is refused here, before any record is written), counts the
   * selection and starts the job; it runs in this process and is followed with `progress`/`get`
   * or the `massEdit.progress` push.
   */
  async start(input: ApiParsed<'massEdit.start'>): Promise<MassEditJobDto> {
    const { prepared, walk } = await this.prepare(input)
    const { selected, missing } = await walk.count(this.db)
    const operatorName = input.operatorName ?? (await this.account.get(this.db)).operatorName
    return this.jobs.start({
      prepared,
      walk,
      total: selected + missing,
      operatorName,
      titleOf: this.titleOf(input)
    })
  }

  async progress(jobId: number): Promise<MassEditProgressDto> {
    return this.jobs.progress(jobId)
  }

  async cancel(jobId: number): Promise<MassEditJobDto> {
    return this.jobs.cancel(jobId)
  }

  async get(jobId: number): Promise<MassEditJobDto> {
    return this.jobs.get(jobId)
  }

  /** The core is closing: running jobs stop after their batch. */
  stop(): Promise<void> {
    return this.jobs.stopAll()
  }
}
