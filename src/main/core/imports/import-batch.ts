import type { Knex } from 'knex'
import type { FieldValue } from '@shared/dto'
import { entitySpecs } from '@shared/entity-fields'
import type { ImportRowAction, ImportRowMessage } from '@shared/imports'
import type { EntityService, SaveManyResult } from '../entities/entity.service'
import { idsByKey, resolveReferences } from './record-lookups'
import { columnOf, type ImportPlan, type PlannedRow } from './row-plan'

/** What became of one row. */
export interface RowOutcome {
  row: number
  action: ImportRowAction
  /** As saved (or as it would be saved); for a refused row, what could be read. */
  fields: Record<string, FieldValue>
  messages: ImportRowMessage[]
}

export interface BatchOptions {
  dryRun: boolean
  operatorName?: string
  /** Keys met so far in the file -> the row that had them first (duplicates are refused). */
  seenKeys: Map<string, number>
  /** Written in the batch's transaction, when it commits (not in a dry run). */
  record?: (db: Knex.Transaction, outcomes: RowOutcome[]) => Promise<void>
}

const ACTIONS = { created: 'create', updated: 'update', unchanged: 'unchanged' } as const

function refuse(row: PlannedRow, messages: ImportRowMessage[]): RowOutcome {
  return { row: row.row, action: 'refuse', fields: { ...row.data, ...row.refs }, messages }
}

/** Marks later rows of a key already met; the first row with a key keeps it, whatever its fate. */
function checkDuplicates(plan: ImportPlan, rows: PlannedRow[], seen: Map<string, number>): void {
  const column = columnOf(plan, plan.matchBy)
  for (const row of rows) {
    if (row.key === null) continue
    const first = seen.get(row.key)
    if (first === undefined) seen.set(row.key, row.row)
    else
      row.messages.push({
        column,
        message: `"${row.key}" is already on row ${first}: a key is imported once per file (the first row)`
      })
  }
}

async function resolveAll(db: Knex, plan: ImportPlan, rows: PlannedRow[]): Promise<void> {
  for (const column of plan.columns) {
    if (column.field === 'externalId' || column.field.kind !== 'relation') continue
    const field = column.field
    const texts = rows.flatMap((row) => (field.name in row.refs ? [row.refs[field.name]] : []))
    if (texts.length === 0) continue
    const resolved = await resolveReferences(db, field.relation!, texts)
    for (const row of rows) {
      if (!(field.name in row.refs)) continue
      const found = resolved.get(row.refs[field.name])!
      if ('id' in found) row.data[field.name] = found.id
      else row.messages.push({ column: column.header, message: found.problem })
    }
  }
}

function messagesOf(
  plan: ImportPlan,
  result: SaveManyResult & { action: 'refused' }
): ImportRowMessage[] {
  const issues = result.error.issues ?? [{ path: '', message: result.error.message }]
  return issues.map((issue) => {
    const field = issue.path.replace(/^data\.?/, '').split('.')[0]
    const column = field ? columnOf(plan, field) : null
    const spec = entitySpecs[plan.type].fields.find((each) => each.name === field)
    const name = spec?.label ?? field
    return { column, message: column || !name ? issue.message : `${name}: ${issue.message}` }
  })
}

/**
 * One batch of rows: duplicates, references (one lookup per referenced type), the records the
 * keys name (one lookup), then every remaining row saved through `EntityService.saveMany` in ONE
 * transaction, each with its own revision and event. Refused rows are answered, never thrown.
 */
export async function importBatch(
  db: Knex,
  entities: EntityService,
  plan: ImportPlan,
  rows: PlannedRow[],
  options: BatchOptions
): Promise<RowOutcome[]> {
  checkDuplicates(plan, rows, options.seenKeys)
  await resolveAll(db, plan, rows)
  const keys = rows.flatMap((row) =>
    row.key !== null && row.messages.length === 0 ? [row.key] : []
  )
  const existing = keys.length > 0 ? await idsByKey(db, plan.type, plan.matchBy, keys) : new Map()
  const saving = rows.filter((row) => row.messages.length === 0)
  const items = saving.map((row) => ({
    id: row.key === null ? undefined : existing.get(row.key),
    data: row.data
  }))
  const outcomesOf = (results: SaveManyResult[]): RowOutcome[] => {
    let next = 0
    return rows.map((row) => {
      if (saving[next] !== row) return refuse(row, row.messages)
      const result = results[next++]
      if (result.action === 'refused') return refuse(row, messagesOf(plan, result))
      return {
        row: row.row,
        action: ACTIONS[result.action],
        fields: { externalId: result.record.externalId, ...result.record.fields },
        messages: []
      }
    })
  }
  const results = await entities.saveMany(plan.type, items, {
    rollback: options.dryRun,
    operatorName: options.operatorName,
    alsoWrite: options.record ? (trx, saved) => options.record!(trx, outcomesOf(saved)) : undefined
  })
  return outcomesOf(results)
}
