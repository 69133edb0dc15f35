import type { EntityDto } from '@shared/dto'
import { entitySpecs } from '@shared/entity-fields'
import type { MassEditRefusal } from '@shared/mass-edit'
import type { EntityService, SaveManyResult } from '../entities/entity.service'
import type { CoreError } from '../support/core-error'
import { changeData, type PreparedChange } from './mass-edit-change'

export interface BatchCounts {
  changed: number
  unchanged: number
  refused: number
  /** Records deleted between the page's read and their save. */
  missing: number
  refusals: MassEditRefusal[]
}

/** A refusal in the operator's words: the field's label rather than the path `data.sku`. */
function reason(prepared: PreparedChange, error: CoreError): string {
  const issue = error.issues?.[0]
  if (!issue) return error.message
  const name = issue.path.replace(/^data\.?/, '')
  const field = entitySpecs[prepared.type].fields.find((each) => each.name === name)
  return field ? `${field.label}: ${issue.message}` : issue.message
}

/**
 * One batch: every record of the page saved with the change through `EntityService.saveMany`, in
 * ONE transaction, each with its own checks, revision and event as any save. A record already
 * holding the value is answered unchanged there (no revision, no event, no delivery); one its
 * checks refuse is counted with the reason and the others go on.
 */
export async function editBatch(
  entities: EntityService,
  prepared: PreparedChange,
  records: EntityDto[],
  operatorName: string,
  titleOf: (record: EntityDto) => string
): Promise<BatchCounts> {
  const data = changeData(prepared)
  const results: SaveManyResult[] = await entities.saveMany(
    prepared.type,
    records.map((record) => ({ id: record.id, data })),
    { operatorName }
  )
  const counts: BatchCounts = { changed: 0, unchanged: 0, refused: 0, missing: 0, refusals: [] }
  results.forEach((result, index) => {
    if (result.action === 'updated') counts.changed++
    else if (result.action === 'unchanged') counts.unchanged++
    else if (result.action === 'refused' && result.error.code === 'not_found') counts.missing++
    else if (result.action === 'refused') {
      counts.refused++
      const record = records[index]
      counts.refusals.push({
        id: record.id,
        title: titleOf(record),
        message: reason(prepared, result.error)
      })
    }
  })
  return counts
}
