import type { FieldValue } from './dto'
import type { RecordType } from './entity-catalog'

/**
 * Mass edit (issue 23): one change (set or clear a field) applied to many records of one type,
 * each saved as any save is (its revision, event and webhooks), in batches with progress and
 * cancel. The inputs are in `mass-edit-inputs.ts`.
 */

/**
 * `add` and `remove` are for fields holding several values (categories, tags). No record type has
 * one yet (a product's category is a single relation): the core refuses them with words, so a
 * script finds out at once, and they work the day such a field exists.
 */
export const massEditOps = ['set', 'clear', 'add', 'remove'] as const
export type MassEditOp = (typeof massEditOps)[number]

/** Most ids one selection may name; beyond, select "all that match" a search instead. */
export const MAX_MASS_EDIT_IDS = 10_000
/** Refused records a job remembers with their reason; beyond, only counted. */
export const MAX_MASS_EDIT_REFUSALS = 100
/** Records a preview shows as they are and as they would be. */
export const MASS_EDIT_SAMPLE = 5

/** The records picked in the list, or every record the list's search finds (all when empty). */
export type MassEditSelection = { ids: number[] } | { all: true; search?: string }

export interface MassEditChange {
  field: string
  op: MassEditOp
  /** With `set`: the new value, as `entities.update` takes it. */
  value?: FieldValue
}

export interface MassEditSample {
  id: number
  externalId: string
  title: string
  before: FieldValue
  after: FieldValue
}

export interface MassEditPreviewDto {
  type: RecordType
  /** Records selected (ids that no longer exist left out). */
  selected: number
  /** Of those, the records the change would change; the rest already hold the value. */
  willChange: number
  /** Ids of the selection that name no record. */
  missing: number
  sample: MassEditSample[]
  /** Something the operator should know first (a unique field only one record can take). */
  warning: string | null
}

export const massEditStates = ['running', 'finished', 'cancelled', 'interrupted', 'failed'] as const
export type MassEditState = (typeof massEditStates)[number]

export interface MassEditProgressDto {
  jobId: number
  state: MassEditState
  /** Records selected when the job started. */
  total: number
  /** Records looked at so far (changed, unchanged, refused or gone). */
  done: number
  changed: number
  unchanged: number
  refused: number
  /** Selected records deleted before their batch came. */
  missing: number
  recordsPerSecond: number
  secondsLeft: number | null
}

export interface MassEditRefusal {
  id: number
  title: string
  message: string
}

export interface MassEditJobDto extends MassEditProgressDto {
  type: RecordType
  change: MassEditChange
  /** The field's label, for sentences. */
  fieldLabel: string
  /** The name the product revisions record. */
  operatorName: string
  /** The first refused records with why; `refused` counts them all. */
  refusals: MassEditRefusal[]
  startedAt: string
  finishedAt: string | null
  error: string | null
  /** One sentence for the operator: what changed, and where a cancel stopped. */
  summary: string
}

/** Push: a mass edit moved on (at most four a second per job, and once when it ends). */
export interface MassEditProgressPush {
  type: 'massEdit.progress'
  job: MassEditJobDto
}

/** What the mass edit methods answer, merged into `ApiOutputs` (api-contract.ts). */
export interface MassEditOutputs {
  'massEdit.preview': MassEditPreviewDto
  'massEdit.start': MassEditJobDto
  'massEdit.progress': MassEditProgressDto
  'massEdit.cancel': MassEditJobDto
  'massEdit.get': MassEditJobDto
}
